package dev.metering.psa.sync.store;

import dev.metering.platform.jdbc.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Per-customer sync status (with the PSA's own error text) and what each sync wrote to the PSA. */
@ApplicationScoped
public class SyncStore {

    public record Status(String customerId, String period, String status, int created, int updated, int unchanged,
            String error, Instant attemptedAt) {
    }

    public record Synced(String customerId, String product, long agreementId, long additionId, long quantity,
            Instant syncedAt) {
    }

    /** First key of the PostgreSQL advisory lock that a partner's sync holds (the second: its partner id's hash). */
    public static final int SYNC_LOCK_CLASS = 0x50534131;

    /** A held sync lock; closing it releases the lock. */
    public interface SyncLock extends AutoCloseable {
        @Override
        void close();
    }

    private final DataSource db;

    public SyncStore(DataSource db) {
        this.db = db;
    }

    /**
     * Takes the partner's sync lock, a PostgreSQL session advisory lock, so two syncs of one partner never run
     * at once on any instance (they would both find an addition missing and both create it); empty when another
     * sync holds it. The lock lives as long as its connection: a crashed instance's lock is released with it.
     */
    public java.util.Optional<SyncLock> tryLock(String partnerId) {
        Connection c = null;
        try {
            c = db.getConnection();
            boolean locked;
            try (PreparedStatement ps = c.prepareStatement("select pg_try_advisory_lock(?, hashtext(?))")) {
                ps.setInt(1, SYNC_LOCK_CLASS);
                ps.setString(2, partnerId);
                ResultSet rs = ps.executeQuery();
                rs.next();
                locked = rs.getBoolean(1);
            }
            if (!locked) {
                c.close();
                return java.util.Optional.empty();
            }
            Connection held = c;
            return java.util.Optional.of(() -> {
                try (held; PreparedStatement ps = held.prepareStatement("select pg_advisory_unlock(?, hashtext(?))")) {
                    ps.setInt(1, SYNC_LOCK_CLASS);
                    ps.setString(2, partnerId);
                    ps.executeQuery();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
        } catch (SQLException e) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // the connection is gone, and its session lock with it
                }
            }
            throw new IllegalStateException(e);
        }
    }

    public void status(String partnerId, String customerId, String period, String status, int created, int updated,
            int unchanged, String error) {
        update("insert into sync_status(customer_id, partner_id, period, status, created, updated, unchanged, error,"
                + " attempted_at) values (?, ?, ?, ?, ?, ?, ?, ?, now()) on conflict (customer_id) do update set"
                + " partner_id = excluded.partner_id, period = excluded.period, status = excluded.status,"
                + " created = excluded.created, updated = excluded.updated, unchanged = excluded.unchanged,"
                + " error = excluded.error, attempted_at = now()", customerId, partnerId, period, status, created,
                updated, unchanged, error);
    }

    public List<Status> statuses(String partnerId) {
        List<Status> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("select customer_id, period,"
                + " status, created, updated, unchanged, error, attempted_at from sync_status where partner_id = ?"
                + " order by customer_id")) {
            ps.setString(1, partnerId);
            ResultSet rs = ps.executeQuery();
            while (rs.next()) {
                out.add(new Status(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5),
                        rs.getInt(6), rs.getString(7), rs.getTimestamp(8).toInstant()));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public void synced(String partnerId, String period, String customerId, String product, long agreementId,
            long additionId, long quantity) {
        update("insert into synced_quantities(partner_id, period, customer_id, product, agreement_id, addition_id,"
                + " quantity) values (?, ?, ?, ?, ?, ?, ?) on conflict (partner_id, period, customer_id, product) do"
                + " update set agreement_id = excluded.agreement_id, addition_id = excluded.addition_id, quantity ="
                + " excluded.quantity, synced_at = now()", partnerId, period, customerId, product, agreementId,
                additionId, quantity);
    }

    /** What the syncs of the period last wrote, by {@code customerId + "|" + product}. */
    public Map<String, Synced> synced(String partnerId, String period) {
        Map<String, Synced> out = new HashMap<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("select customer_id, product,"
                + " agreement_id, addition_id, quantity, synced_at from synced_quantities where partner_id = ? and"
                + " period = ?")) {
            ps.setString(1, partnerId);
            ps.setString(2, period);
            ResultSet rs = ps.executeQuery();
            while (rs.next()) {
                out.put(rs.getString(1) + "|" + rs.getString(2), new Synced(rs.getString(1), rs.getString(2),
                        rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getTimestamp(6).toInstant()));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void update(String sql, Object... params) {
        Jdbc.update(db, sql, params);
    }
}
