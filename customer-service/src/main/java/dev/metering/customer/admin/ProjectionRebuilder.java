package dev.metering.customer.admin;

import dev.metering.customer.config.EventStreams;
import dev.metering.customer.managed.projection.CustomerProjection;
import dev.metering.customer.partner.projection.PartnerProjection;
import dev.metering.platform.eventstore.EventStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Rebuilds the read models from the event store: every partner and customer stream is folded again
 * and its row upserted. Rows never move backwards (the projections' version guard), so running it on
 * a live system is safe; after {@code truncate customer_view, partner_view} it restores them.
 */
@ApplicationScoped
public class ProjectionRebuilder {

    private static final int PAGE = 200;

    private final EventStore store;
    private final EventStreams streams;
    private final PartnerProjection partners;
    private final CustomerProjection customers;

    public ProjectionRebuilder(EventStore store, EventStreams streams, PartnerProjection partners,
            CustomerProjection customers) {
        this.store = store;
        this.streams = streams;
        this.partners = partners;
        this.customers = customers;
    }

    /** How many streams of each kind were re-projected. */
    public record Result(int partners, int customers) {
    }

    public Uni<Result> rebuild() {
        return rebuildAll(EventStreams.PARTNER_STREAM, "", 0)
                .flatMap(p -> rebuildAll(EventStreams.CUSTOMER_STREAM, "", 0).map(c -> new Result(p, c)));
    }

    private Uni<Integer> rebuildAll(String type, String after, int done) {
        return store.streamIds(type, after, PAGE).flatMap(ids -> {
            Uni<Integer> chain = Uni.createFrom().item(done);
            for (String id : ids) {
                chain = chain.flatMap(n -> rebuildStream(type, id).replaceWith(n + 1));
            }
            return ids.size() < PAGE ? chain
                    : chain.flatMap(n -> rebuildAll(type, ids.get(ids.size() - 1), n));
        });
    }

    private Uni<Void> rebuildStream(String type, String streamId) {
        return store.load(streamId).flatMap(events -> {
            int version = events.isEmpty() ? 0 : events.get(events.size() - 1).version();
            return store.pool().withTransaction(tx -> EventStreams.PARTNER_STREAM.equals(type)
                    ? partners.step().apply(tx, streamId, streams.partners().fold(events), version, List.of())
                    : customers.step().apply(tx, streamId, streams.customers().fold(events), version, List.of()));
        });
    }
}
