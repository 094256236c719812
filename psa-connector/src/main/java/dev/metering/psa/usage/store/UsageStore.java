package dev.metering.psa.usage.store;

import dev.metering.contracts.billing.BillingEvent.ProductUsage;
import dev.metering.contracts.billing.BillingEvent.UsageSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The latest real-time usage per customer and product from {@code billing.usage} (with the firewall serials),
 * the partners' sync modes, and the {@code usage.threshold} subscriptions with their crossing state.
 */
@ApplicationScoped
public class UsageStore {

    /** One product of a customer's latest snapshot; a product the newest snapshot no longer names holds 0. */
    public record Quantity(String product, long quantity, List<String> serialNumbers) {
    }

    public record CustomerUsage(String customerId, String partnerId, String customerName, Instant at,
            List<Quantity> products) {
    }

    public record Threshold(UUID id, String partnerId, String customerId, String product, long threshold,
            boolean reached, int crossings, Instant createdAt) {
    }

    public static final String MONTHLY = "MONTHLY";
    public static final String DAILY = "DAILY";

    private final DataSource db;

    public UsageStore(DataSource db) {
        this.db = db;
    }

    /**
     * Stores the snapshot unless one of a later (or the same) instant is already stored (a redelivered or
     * out-of-order record changes nothing); returns whether it was applied.
     */
    public boolean apply(UsageSnapshot s) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                int n;
                try (PreparedStatement ps = c.prepareStatement("insert into usage_snapshots(customer_id, partner_id,"
                        + " customer_name, snapshot_id, at) values (?, ?, ?, ?, ?) on conflict (customer_id) do update"
                        + " set partner_id = excluded.partner_id, customer_name = excluded.customer_name, snapshot_id ="
                        + " excluded.snapshot_id, at = excluded.at where usage_snapshots.at < excluded.at")) {
                    ps.setString(1, s.customerId());
                    ps.setString(2, s.partnerId());
                    ps.setString(3, s.customerName() == null ? s.customerId() : s.customerName());
                    ps.setString(4, s.snapshotId());
                    ps.setTimestamp(5, Timestamp.from(s.at()));
                    n = ps.executeUpdate();
                }
                if (n == 0) {
                    c.rollback();
                    return false;
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "update usage_quantities set quantity = 0, serial_numbers = '{}' where customer_id = ?")) {
                    ps.setString(1, s.customerId());
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("insert into usage_quantities(customer_id, product,"
                        + " quantity, serial_numbers) values (?, ?, ?, ?) on conflict (customer_id, product) do update"
                        + " set quantity = excluded.quantity, serial_numbers = excluded.serial_numbers")) {
                    for (ProductUsage u : s.products()) {
                        ps.setString(1, s.customerId());
                        ps.setString(2, u.product().name());
                        ps.setLong(3, u.quantity());
                        ps.setArray(4, c.createArrayOf("text", u.serialNumbers().toArray()));
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                c.commit();
                return true;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The latest usage of every customer the partner's newest snapshots name, by customer id. */
    public Map<String, CustomerUsage> ofPartner(String partnerId) {
        Map<String, CustomerUsage> out = new LinkedHashMap<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("select s.customer_id,"
                + " s.customer_name, s.at, q.product, q.quantity, q.serial_numbers from usage_snapshots s join"
                + " usage_quantities q on q.customer_id = s.customer_id where s.partner_id = ?"
                + " order by s.customer_id, q.product")) {
            ps.setString(1, partnerId);
            ResultSet rs = ps.executeQuery();
            Map<String, List<Quantity>> products = new LinkedHashMap<>();
            while (rs.next()) {
                String id = rs.getString(1);
                if (!out.containsKey(id)) {
                    List<Quantity> list = new ArrayList<>();
                    products.put(id, list);
                    out.put(id, new CustomerUsage(id, partnerId, rs.getString(2), rs.getTimestamp(3).toInstant(),
                            list));
                }
                products.get(id).add(new Quantity(rs.getString(4), rs.getLong(5), serials(rs.getArray(6))));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> serials(Array a) throws SQLException {
        return a == null ? List.of() : Arrays.stream((Object[]) a.getArray()).map(String::valueOf).toList();
    }

    // ---- sync modes ----

    public String syncMode(String partnerId) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select mode from sync_modes where partner_id = ?")) {
            ps.setString(1, partnerId);
            ResultSet rs = ps.executeQuery();
            return rs.next() ? rs.getString(1) : MONTHLY;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public void syncMode(String partnerId, String mode) {
        update("insert into sync_modes(partner_id, mode) values (?, ?) on conflict (partner_id) do update set mode ="
                + " excluded.mode, updated_at = now()", partnerId, mode);
    }

    // ---- usage.threshold subscriptions ----

    /** @return false when the partner already has this threshold */
    public boolean addThreshold(Threshold t) {
        return update("insert into usage_thresholds(id, partner_id, customer_id, product, threshold) values"
                + " (?, ?, ?, ?, ?) on conflict do nothing", t.id(), t.partnerId(), t.customerId(), t.product(),
                t.threshold()) == 1;
    }

    public boolean deleteThreshold(String partnerId, UUID id) {
        return update("delete from usage_thresholds where id = ? and partner_id = ?", id, partnerId) == 1;
    }

    public List<Threshold> thresholdsOf(String partnerId) {
        return thresholds("select * from usage_thresholds where partner_id = ? order by customer_id, product,"
                + " threshold", partnerId);
    }

    public List<Threshold> thresholdsFor(String customerId, String partnerId) {
        return thresholds("select * from usage_thresholds where customer_id = ? and partner_id = ?"
                + " order by product, threshold", customerId, partnerId);
    }

    /**
     * Marks the threshold reached if it was not; returns the number of this crossing, or 0 when it was already
     * reached (so the crossing is announced once however often the snapshot arrives).
     */
    public int reached(UUID id) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("update usage_thresholds"
                + " set reached = true, crossings = crossings + 1 where id = ? and not reached returning crossings")) {
            ps.setObject(1, id);
            ResultSet rs = ps.executeQuery();
            return rs.next() ? rs.getInt(1) : 0;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The quantity fell below the threshold: the next time it reaches it is a new crossing. */
    public void below(UUID id) {
        update("update usage_thresholds set reached = false where id = ? and reached", id);
    }

    private List<Threshold> thresholds(String sql, Object... params) {
        List<Threshold> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ResultSet rs = ps.executeQuery();
            while (rs.next()) {
                out.add(new Threshold(rs.getObject("id", UUID.class), rs.getString("partner_id"),
                        rs.getString("customer_id"), rs.getString("product"), rs.getLong("threshold"),
                        rs.getBoolean("reached"), rs.getInt("crossings"), rs.getTimestamp("created_at").toInstant()));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private int update(String sql, Object... params) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
