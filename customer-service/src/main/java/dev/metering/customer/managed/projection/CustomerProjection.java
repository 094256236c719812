package dev.metering.customer.managed.projection;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.metering.contracts.BillingType;
import dev.metering.contracts.Json;
import dev.metering.contracts.customer.Contact;
import dev.metering.contracts.customer.CustomerEvent;
import dev.metering.customer.managed.CustomerState;
import dev.metering.customer.managed.CustomerView;
import dev.metering.customer.managed.MigrationView;
import dev.metering.platform.eventstore.ProjectionStep;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code customer_view}: one row per customer for listing and search, upserted in the append's
 * transaction (so a customer is listed as soon as its creation is acknowledged). Every query takes
 * the partner scope: {@code null} only for operators.
 */
@ApplicationScoped
public class CustomerProjection {

    private static final String UPSERT = "insert into customer_view(customer_id, partner_id, name, show_as,"
            + " data_geography, billing_type, partner_assistance, contact, migration, version)"
            + " values ($1, $2, $3, $4, $5, $6, $7, $8::text::jsonb, $9::text::jsonb, $10)"
            + " on conflict (customer_id) do update set partner_id = excluded.partner_id, name = excluded.name,"
            + " show_as = excluded.show_as, data_geography = excluded.data_geography,"
            + " billing_type = excluded.billing_type, partner_assistance = excluded.partner_assistance,"
            + " contact = excluded.contact, migration = excluded.migration, version = excluded.version,"
            + " updated_at = now() where customer_view.version < excluded.version";
    private static final String COLUMNS = "customer_id, partner_id, name, show_as, data_geography, billing_type,"
            + " partner_assistance, contact::text as contact, migration::text as migration, version";
    /** Partner scope ($1, null = all) and case-insensitive substring of the name ($2, null = any). */
    private static final String FILTER = " from customer_view where ($1::text is null or partner_id = $1)"
            + " and ($2::text is null or strpos(lower(name), lower($2)) > 0)";

    private final Pool pool;

    public CustomerProjection(Pool pool) {
        this.pool = pool;
    }

    public ProjectionStep<CustomerState, CustomerEvent> step() {
        return (tx, streamId, state, version, events) -> {
            if (!(state instanceof CustomerState.Active c)) {
                return Uni.createFrom().voidItem();
            }
            CustomerView v = CustomerView.of(c, version);
            return tx.preparedQuery(UPSERT).execute(Tuple.from(Arrays.asList(v.id(), v.partnerId(), v.name(),
                    v.showAs(), v.dataGeography(), v.billingType().name(), v.partnerAssistance(), json(v.contact()),
                    json(v.migration()), version))).replaceWithVoid();
        };
    }

    /** The customer if it exists and is within the scope ({@code null} for operators). */
    public Uni<CustomerView> find(String customerId, String partnerScope) {
        return pool.preparedQuery("select " + COLUMNS + " from customer_view where customer_id = $1"
                + " and ($2::text is null or partner_id = $2)")
                .execute(Tuple.of(customerId, partnerScope))
                .map(rows -> rows.size() == 0 ? null : view(rows.iterator().next()));
    }

    /** A page of customers ordered by name (case-insensitive), then id. */
    public Uni<List<CustomerView>> list(String partnerScope, String nameContains, int offset, int limit) {
        return pool.preparedQuery("select " + COLUMNS + FILTER
                + " order by lower(name), customer_id offset $3 limit $4")
                .execute(Tuple.from(Arrays.asList(partnerScope, blankToNull(nameContains), (long) offset, (long) limit)))
                .map(rows -> {
                    List<CustomerView> out = new ArrayList<>();
                    rows.forEach(r -> out.add(view(r)));
                    return out;
                });
    }

    public Uni<Long> count(String partnerScope, String nameContains) {
        return pool.preparedQuery("select count(*)" + FILTER)
                .execute(Tuple.from(Arrays.asList(partnerScope, blankToNull(nameContains))))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /**
     * The open migration requests (R8) that involve the partner, as the partner the customer leaves or the one it
     * joins ({@code partnerScope} null: all, for operators), oldest request first.
     */
    public Uni<List<MigrationView>> openMigrations(String partnerScope) {
        return pool.preparedQuery("select customer_id, partner_id, migration::text as migration, version"
                + " from customer_view where migration is not null"
                + " and ($1::text is null or partner_id = $1 or migration->>'toPartnerId' = $1)"
                + " order by migration->>'requestedAt', customer_id")
                .execute(Tuple.of(partnerScope))
                .map(rows -> {
                    List<MigrationView> out = new ArrayList<>();
                    rows.forEach(r -> out.add(MigrationView.open(r.getString("customer_id"), r.getString("partner_id"),
                            read(r.getString("migration"), CustomerView.OpenMigration.class), r.getInteger("version"))));
                    return out;
                });
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static CustomerView view(Row r) {
        String geo = r.getString("data_geography");
        return new CustomerView(r.getString("customer_id"), r.getString("partner_id"), r.getString("name"),
                r.getString("show_as"), geo, CustomerView.dataRegion(geo), BillingType.valueOf(r.getString("billing_type")),
                r.getBoolean("partner_assistance"), read(r.getString("contact"), Contact.class),
                read(r.getString("migration"), CustomerView.OpenMigration.class), r.getInteger("version"));
    }

    private static String json(Object o) {
        if (o == null) {
            return null;
        }
        try {
            return Json.mapper().writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T read(String json, Class<T> type) {
        if (json == null) {
            return null;
        }
        try {
            return Json.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("customer_view holds unreadable JSON: " + e.getOriginalMessage(), e);
        }
    }
}
