package dev.metering.license.customer.store;

import dev.metering.contracts.BillingType;
import dev.metering.license.customer.KnownCustomer;
import dev.metering.platform.error.ApiException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code customers} read model: every customer license-service has seen on {@code customers.events}.
 * Writes are monotonic by effective time, so a redelivered or older event never moves a row backwards.
 */
@ApplicationScoped
public class CustomerDirectory {

    private static final String COLUMNS = "customer_id, partner_id, name, billing_type, billing_type_effective_at";

    private final Pool pool;

    public CustomerDirectory(Pool pool) {
        this.pool = pool;
    }

    public Uni<KnownCustomer> find(String customerId) {
        return pool.preparedQuery("select " + COLUMNS + " from customers where customer_id = $1")
                .execute(Tuple.of(customerId)).map(rows -> rows.size() == 0 ? null : map(rows.iterator().next()));
    }

    /**
     * The customer as seen by {@code partnerId}: 404 when license-service has not (yet) seen it on
     * customers.events, or when another partner manages it (never revealing which).
     */
    public Uni<KnownCustomer> require(String customerId, String partnerId) {
        return find(customerId).map(c -> {
            if (c == null || (partnerId != null && !c.partnerId().equals(partnerId))) {
                throw new ApiException(404, "customer-not-found", "customer " + customerId + " is not known to"
                        + " license-service for this partner (customers are learnt from customers.events)");
            }
            return c;
        });
    }

    public Uni<List<KnownCustomer>> ofPartner(String partnerId) {
        return pool.preparedQuery("select " + COLUMNS + " from customers where partner_id = $1 order by customer_id")
                .execute(Tuple.of(partnerId)).map(rows -> {
                    List<KnownCustomer> out = new ArrayList<>();
                    rows.forEach(r -> out.add(map(r)));
                    return out;
                });
    }

    public Uni<Void> created(String customerId, String partnerId, String name, BillingType type, Instant at) {
        return pool.preparedQuery("insert into customers(customer_id, partner_id, partner_since, name, billing_type,"
                + " billing_type_effective_at) values ($1, $2, $3, $4, $5, $3) on conflict (customer_id) do nothing")
                .execute(Tuple.of(customerId, partnerId, utc(at), name, type.name())).replaceWithVoid();
    }

    public Uni<Void> renamed(String customerId, String name) {
        return pool.preparedQuery("update customers set name = $2, updated_at = now() where customer_id = $1")
                .execute(Tuple.of(customerId, name)).replaceWithVoid();
    }

    public Uni<Void> migrated(String customerId, String partnerId, Instant effectiveAt) {
        return pool.preparedQuery("update customers set partner_id = $2, partner_since = $3, updated_at = now()"
                + " where customer_id = $1 and partner_since <= $3")
                .execute(Tuple.of(customerId, partnerId, utc(effectiveAt))).replaceWithVoid();
    }

    /** R4: the billing type from {@code effectiveAt}, unless a later change is already known. */
    public Uni<Void> billingTypeChanged(SqlClient client, String customerId, BillingType to, Instant effectiveAt) {
        return client.preparedQuery("update customers set billing_type = $2, billing_type_effective_at = $3,"
                + " updated_at = now() where customer_id = $1 and billing_type_effective_at <= $3")
                .execute(Tuple.of(customerId, to.name(), utc(effectiveAt))).replaceWithVoid();
    }

    public Uni<Void> billingTypeChanged(String customerId, BillingType to, Instant effectiveAt) {
        return billingTypeChanged(pool, customerId, to, effectiveAt);
    }

    static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    private static KnownCustomer map(Row r) {
        return new KnownCustomer(r.getString("customer_id"), r.getString("partner_id"), r.getString("name"),
                BillingType.valueOf(r.getString("billing_type")),
                r.getOffsetDateTime("billing_type_effective_at").toInstant());
    }
}
