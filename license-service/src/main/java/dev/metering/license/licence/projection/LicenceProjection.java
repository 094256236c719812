package dev.metering.license.licence.projection;

import dev.metering.contracts.ProductCode;
import dev.metering.contracts.license.LicenseEvent;
import dev.metering.contracts.license.LicenseEvent.LicensingConverted;
import dev.metering.contracts.license.LicenseOwner;
import dev.metering.license.customer.store.CustomerDirectory;
import dev.metering.license.licence.CustomerLicences;
import dev.metering.license.licence.LicenceBook;
import dev.metering.license.licence.TermLicence;
import dev.metering.platform.error.ApiException;
import dev.metering.platform.eventstore.ProjectionStep;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The {@code licences} and {@code licence_due} read models, written in the append's transaction. The
 * licence upsert refuses to touch a row of another customer: a licence key issued to one customer can
 * never be issued to another (R11), even when two requests race.
 */
@ApplicationScoped
public class LicenceProjection {

    private static final String UPSERT = "insert into licences(license_id, id, customer_id, sku, product, quantity,"
            + " start_date, end_date, expires_at, owner, trial, issued_at, ended_at, ended_reason)"
            + " values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
            + " on conflict (license_id) do update set end_date = excluded.end_date, expires_at = excluded.expires_at,"
            + " trial = excluded.trial, ended_at = excluded.ended_at, ended_reason = excluded.ended_reason"
            + " where licences.customer_id = excluded.customer_id returning license_id";
    static final String COLUMNS = "license_id, id, customer_id, sku, product, quantity, start_date, end_date,"
            + " expires_at, owner, trial, issued_at, ended_at, ended_reason";

    private final Pool pool;
    private final CustomerDirectory customers;

    public LicenceProjection(Pool pool, CustomerDirectory customers) {
        this.pool = pool;
        this.customers = customers;
    }

    /** The vendor-facing id of a licence: stable, derived from customer and licence identifier. */
    public static UUID publicId(String customerId, String licenseId) {
        return UUID.nameUUIDFromBytes(("licence/" + customerId + "/" + licenseId).getBytes(StandardCharsets.UTF_8));
    }

    public ProjectionStep<LicenceBook, LicenseEvent> step() {
        return (tx, streamId, state, version, events) -> {
            Set<String> touched = new LinkedHashSet<>();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (LicenseEvent e : events) {
                String id = licenceIdOf(e);
                if (id != null) {
                    touched.add(id);
                }
                if (e instanceof LicensingConverted c && c.to() != null) {
                    // later commands see the conversion at once; customer-service's BillingTypeChanged agrees
                    chain = chain.call(() -> customers.billingTypeChanged(tx, c.customerId(), c.to(),
                            c.effectiveAt()));
                }
            }
            for (String id : touched) {
                TermLicence l = state.licence(id).orElseThrow();
                chain = chain.call(() -> upsert(tx, state.customerId(), l));
            }
            return chain.call(() -> due(tx, state));
        };
    }

    private static String licenceIdOf(LicenseEvent e) {
        if (e instanceof LicenseEvent.TermLicenseIssued x) {
            return x.licenseId();
        } else if (e instanceof LicenseEvent.TrialConvertedToPaid x) {
            return x.licenseId();
        } else if (e instanceof LicenseEvent.TermLicenseRenewed x) {
            return x.licenseId();
        } else if (e instanceof LicenseEvent.TermLicenseEnded x) {
            return x.licenseId();
        }
        return null;
    }

    private static Uni<Void> upsert(SqlConnection tx, String customerId, TermLicence l) {
        Tuple t = Tuple.tuple().addString(l.licenseId()).addUUID(publicId(customerId, l.licenseId()))
                .addString(customerId).addString(l.sku()).addString(l.product().name()).addInteger(l.quantity())
                .addLocalDate(l.startDate()).addLocalDate(l.endDate()).addOffsetDateTime(utc(l.expiresAt()))
                .addString(l.owner().name()).addBoolean(l.trial()).addOffsetDateTime(utc(l.issuedAt()))
                .addOffsetDateTime(l.endedAt() == null ? null : utc(l.endedAt())).addString(l.endedReason());
        return tx.preparedQuery(UPSERT).execute(t).map(rows -> {
            if (rows.rowCount() == 0) {
                // a concurrent issue of the same id elsewhere (R11); the holder may be another partner's
                // customer, so nothing of it is named (issue 14 finding 8)
                throw new ApiException(409, "licence-id-unavailable", "licence id " + l.licenseId()
                        + " cannot be issued to this customer; use another licence id");
            }
            return null;
        }).replaceWithVoid();
    }

    private static Uni<Void> due(SqlConnection tx, LicenceBook state) {
        Instant next = CustomerLicences.INSTANCE.nextDue(state);
        if (next == null) {
            return tx.preparedQuery("delete from licence_due where customer_id = $1").execute(
                    Tuple.of(state.customerId())).replaceWithVoid();
        }
        return tx.preparedQuery("insert into licence_due(customer_id, due_at) values ($1, $2) on conflict"
                + " (customer_id) do update set due_at = excluded.due_at")
                .execute(Tuple.of(state.customerId(), utc(next))).replaceWithVoid();
    }

    /** Customers whose licence stream is due at {@code now}, oldest first. */
    public Uni<List<String>> due(Instant now, int limit) {
        return pool.preparedQuery("select customer_id from licence_due where due_at <= $1 order by due_at limit $2")
                .execute(Tuple.of(utc(now), limit)).map(rows -> {
                    List<String> out = new ArrayList<>();
                    rows.forEach(r -> out.add(r.getString(0)));
                    return out;
                });
    }

    /** One licence row as listed. */
    public record LicenceRow(String licenseId, UUID id, String customerId, String sku, ProductCode product,
            int quantity, LocalDate startDate, LocalDate endDate, Instant expiresAt, LicenseOwner owner,
            boolean trial, Instant issuedAt, Instant endedAt, String endedReason) {

        public boolean inForceAt(Instant at) {
            return (endedAt == null || endedAt.isAfter(at)) && expiresAt.isAfter(at);
        }
    }

    /** The licences of the partner's customers ({@code customerId} null: all of them), by customer and id. */
    public Uni<List<LicenceRow>> list(String partnerId, String customerId, int offset, int limit) {
        return pool.preparedQuery("select " + prefixed() + " from licences l join customers c"
                + " on c.customer_id = l.customer_id where c.partner_id = $1 and ($2::text is null or l.customer_id = $2)"
                + " order by l.customer_id, l.license_id offset $3 limit $4")
                .execute(Tuple.of(partnerId, customerId, offset, limit)).map(LicenceProjection::rows);
    }

    public Uni<Long> count(String partnerId, String customerId) {
        return pool.preparedQuery("select count(*) from licences l join customers c on c.customer_id = l.customer_id"
                + " where c.partner_id = $1 and ($2::text is null or l.customer_id = $2)")
                .execute(Tuple.of(partnerId, customerId)).map(rows -> rows.iterator().next().getLong(0));
    }

    /** Per customer of the partner: term licences in force at {@code at}, {partner-owned, customer-owned}. */
    public Uni<java.util.Map<String, int[]>> ownershipCounts(String partnerId, Instant at) {
        return pool.preparedQuery("select l.customer_id, count(*) filter (where l.owner = 'PARTNER'),"
                + " count(*) filter (where l.owner = 'CUSTOMER') from licences l join customers c"
                + " on c.customer_id = l.customer_id where c.partner_id = $1 and l.expires_at > $2"
                + " and (l.ended_at is null or l.ended_at > $2) group by l.customer_id")
                .execute(Tuple.of(partnerId, utc(at))).map(rows -> {
                    java.util.Map<String, int[]> out = new java.util.HashMap<>();
                    rows.forEach(r -> out.put(r.getString(0), new int[] { r.getLong(1).intValue(),
                            r.getLong(2).intValue() }));
                    return out;
                });
    }

    /** Who holds a licence identifier, if anyone (for the R11 check before deciding). */
    public Uni<String> holderOf(String licenseId) {
        return pool.preparedQuery("select customer_id from licences where license_id = $1").execute(Tuple.of(licenseId))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
    }

    private static String prefixed() {
        StringBuilder b = new StringBuilder();
        for (String c : COLUMNS.split(",\\s*")) {
            b.append(b.length() == 0 ? "" : ", ").append("l.").append(c);
        }
        return b.toString();
    }

    private static List<LicenceRow> rows(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        List<LicenceRow> out = new ArrayList<>();
        for (Row r : rows) {
            OffsetDateTime ended = r.getOffsetDateTime("ended_at");
            out.add(new LicenceRow(r.getString("license_id"), r.getUUID("id"), r.getString("customer_id"),
                    r.getString("sku"), ProductCode.valueOf(r.getString("product")), r.getInteger("quantity"),
                    r.getLocalDate("start_date"), r.getLocalDate("end_date"),
                    r.getOffsetDateTime("expires_at").toInstant(), LicenseOwner.valueOf(r.getString("owner")),
                    r.getBoolean("trial"), r.getOffsetDateTime("issued_at").toInstant(),
                    ended == null ? null : ended.toInstant(), r.getString("ended_reason")));
        }
        return out;
    }

    static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
