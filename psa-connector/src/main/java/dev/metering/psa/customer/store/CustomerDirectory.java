package dev.metering.psa.customer.store;

import dev.metering.platform.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The customers psa-connector has seen on {@code customers.events}: who manages them (partner scoping) and
 * their names (mapping suggestions). Writes are idempotent and never move a customer back to an older partner.
 */
@ApplicationScoped
public class CustomerDirectory {

    public record KnownCustomer(String customerId, String partnerId, String name, String billingType) {
    }

    private final DataSource db;

    public CustomerDirectory(DataSource db) {
        this.db = db;
    }

    public void created(String customerId, String partnerId, String name, String billingType, Instant at) {
        update("insert into customers(customer_id, partner_id, partner_since, name, billing_type) values (?, ?, ?, ?, ?)"
                + " on conflict (customer_id) do nothing", customerId, partnerId, Timestamp.from(at), name, billingType);
    }

    public void renamed(String customerId, String name) {
        update("update customers set name = ?, updated_at = now() where customer_id = ?", name, customerId);
    }

    public void billingTypeChanged(String customerId, String billingType) {
        update("update customers set billing_type = ?, updated_at = now() where customer_id = ?", billingType,
                customerId);
    }

    /** R8: the new partner manages the customer; the old partner's PSA mapping no longer applies. */
    public void migrated(String customerId, String partnerId, Instant effectiveAt) {
        update("update customers set partner_id = ?, partner_since = ?, updated_at = now() where customer_id = ?"
                + " and partner_since <= ?", partnerId, Timestamp.from(effectiveAt), customerId,
                Timestamp.from(effectiveAt));
        update("delete from customer_mappings where customer_id = ? and partner_id <> ?", customerId, partnerId);
    }

    public List<KnownCustomer> ofPartner(String partnerId) {
        List<KnownCustomer> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("select customer_id,"
                + " partner_id, name, billing_type from customers where partner_id = ? order by name, customer_id")) {
            ps.setString(1, partnerId);
            ResultSet rs = ps.executeQuery();
            while (rs.next()) {
                out.add(new KnownCustomer(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The partner's own customer, or 404 (another partner's customer is "not found" too). */
    public KnownCustomer require(String customerId, String partnerId) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("select customer_id,"
                + " partner_id, name, billing_type from customers where customer_id = ? and partner_id = ?")) {
            ps.setString(1, customerId);
            ps.setString(2, partnerId);
            ResultSet rs = ps.executeQuery();
            if (!rs.next()) {
                throw new ApiException(404, "customer-not-found", "customer " + customerId + " is not known for this"
                        + " partner (customers are learnt from customers.events)");
            }
            return new KnownCustomer(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void update(String sql, Object... params) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
