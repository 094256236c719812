package dev.metering.customer.partner.projection;

import dev.metering.contracts.PartnerTier;
import dev.metering.contracts.customer.PartnerEvent;
import dev.metering.customer.partner.PartnerState;
import dev.metering.customer.partner.PartnerView;
import dev.metering.platform.eventstore.ProjectionStep;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** {@code partner_view}: one row per partner, upserted in the append's transaction. */
@ApplicationScoped
public class PartnerProjection {

    private static final String UPSERT = "insert into partner_view(partner_id, name, tier, distributor_id, country,"
            + " version) values ($1, $2, $3, $4, $5, $6) on conflict (partner_id) do update set name = excluded.name,"
            + " tier = excluded.tier, distributor_id = excluded.distributor_id, country = excluded.country,"
            + " version = excluded.version, updated_at = now() where partner_view.version < excluded.version";

    private final Pool pool;

    public PartnerProjection(Pool pool) {
        this.pool = pool;
    }

    public ProjectionStep<PartnerState, PartnerEvent> step() {
        return (tx, streamId, state, version, events) -> {
            if (!(state instanceof PartnerState.Registered p)) {
                return Uni.createFrom().voidItem();
            }
            return tx.preparedQuery(UPSERT).execute(Tuple.from(java.util.List.of(p.partnerId(), p.name(),
                    p.tier().name(), p.distributorId(), p.country(), version))).replaceWithVoid();
        };
    }

    public Uni<PartnerView> find(String partnerId) {
        return pool.preparedQuery("select * from partner_view where partner_id = $1").execute(Tuple.of(partnerId))
                .map(rows -> rows.size() == 0 ? null : view(rows.iterator().next()));
    }

    /** A page of partners ordered by name, scoped to one distributor ({@code null}: all, for operators). */
    public Uni<java.util.List<PartnerView>> list(String distributorScope, int offset, int limit) {
        return pool.preparedQuery("select * from partner_view where ($1::text is null or distributor_id = $1)"
                + " order by lower(name), partner_id offset $2 limit $3")
                .execute(Tuple.of(distributorScope, (long) offset, (long) limit)).map(rows -> {
                    java.util.List<PartnerView> out = new java.util.ArrayList<>();
                    rows.forEach(r -> out.add(view(r)));
                    return out;
                });
    }

    public Uni<Long> count(String distributorScope) {
        return pool.preparedQuery("select count(*) from partner_view where ($1::text is null or distributor_id = $1)")
                .execute(Tuple.of(distributorScope)).map(rows -> rows.iterator().next().getLong(0));
    }

    private static PartnerView view(Row r) {
        return new PartnerView(r.getString("partner_id"), r.getString("name"), PartnerTier.valueOf(r.getString("tier")),
                r.getString("distributor_id"), r.getString("country"), r.getInteger("version"));
    }
}
