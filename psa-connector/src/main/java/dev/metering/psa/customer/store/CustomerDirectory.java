package dev.metering.psa.customer.store;

import dev.metering.platform.error.ApiException;
import dev.metering.platform.jdbc.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
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
        return Jdbc.query(db, "select customer_id, partner_id, name, billing_type from customers where partner_id = ?"
                + " order by name, customer_id", CustomerDirectory::known, partnerId);
    }

    /** The partner's own customer, or 404 (another partner's customer is "not found" too). */
    public KnownCustomer require(String customerId, String partnerId) {
        return Jdbc.query(db, "select customer_id, partner_id, name, billing_type from customers where customer_id = ?"
                + " and partner_id = ?", CustomerDirectory::known, customerId, partnerId).stream().findFirst()
                .orElseThrow(() -> new ApiException(404, "customer-not-found", "customer " + customerId
                        + " is not known for this partner (customers are learnt from customers.events)"));
    }

    private static KnownCustomer known(ResultSet rs) throws SQLException {
        return new KnownCustomer(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
    }

    private void update(String sql, Object... params) {
        Jdbc.update(db, sql, params);
    }
}
