package dev.metering.customer.partner;

import dev.metering.contracts.customer.PartnerEvent;
import dev.metering.customer.config.EventStreams;
import dev.metering.customer.partner.projection.PartnerProjection;
import dev.metering.platform.error.ApiException;
import dev.metering.platform.eventstore.CommandExecutor;
import dev.metering.platform.eventstore.Decision;
import dev.metering.platform.eventstore.Loaded;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.function.Function;

/** Runs partner commands (R1–R3) through the event store; the REST layer does authentication. */
@ApplicationScoped
public class PartnerService {

    private final CommandExecutor executor;
    private final EventStreams streams;
    private final PartnerProjection projection;
    private final Clock clock = Clock.systemUTC();

    public PartnerService(CommandExecutor executor, EventStreams streams, PartnerProjection projection) {
        this.executor = executor;
        this.streams = streams;
        this.projection = projection;
    }

    public Uni<Decision<PartnerState, PartnerEvent>> register(String partnerId, String name, String country,
            String distributorId) {
        return run(partnerId, null, loaded -> new PartnerCommand.Register(partnerId, name, country, distributorId,
                clock.instant()));
    }

    public Uni<Decision<PartnerState, PartnerEvent>> approveFlex(String partnerId, String distributorId,
            Integer ifMatch) {
        // another distributor gets the unknown partner's 404 BEFORE any If-Match comparison, so not even a
        // 409 concurrency-conflict tells it that the partner (or which version of it) exists
        return find(partnerId).flatMap(p -> {
            if (p == null || !p.distributorId().equals(distributorId)) {
                return Uni.createFrom().failure(ApiException.notFound("partner"));
            }
            return run(partnerId, ifMatch, loaded -> new PartnerCommand.ApproveFlex(distributorId, clock.instant()));
        });
    }

    public Uni<Decision<PartnerState, PartnerEvent>> rename(String partnerId, String name, Integer ifMatch) {
        return run(partnerId, ifMatch, loaded -> new PartnerCommand.Rename(name, clock.instant()));
    }

    /** The partner from its stream (authoritative), or 404. */
    public Uni<Loaded<PartnerState.Registered>> require(String partnerId) {
        return executor.load(streams.partners(), EventStreams.partnerStream(partnerId)).map(loaded -> {
            if (loaded.state() instanceof PartnerState.Registered p) {
                return new Loaded<>(loaded.streamId(), p, loaded.version());
            }
            throw ApiException.notFound("partner");
        });
    }

    /** The partner if registered, else null. */
    public Uni<PartnerState.Registered> find(String partnerId) {
        return executor.load(streams.partners(), EventStreams.partnerStream(partnerId))
                .map(l -> l.state() instanceof PartnerState.Registered p ? p : null);
    }

    public Uni<java.util.List<PartnerView>> list(String distributorScope, int offset, int limit) {
        return projection.list(distributorScope, offset, limit);
    }

    public Uni<Long> count(String distributorScope) {
        return projection.count(distributorScope);
    }

    private Uni<Decision<PartnerState, PartnerEvent>> run(String partnerId, Integer expectedVersion,
            Function<Loaded<PartnerState>, PartnerCommand> command) {
        return executor.execute(streams.partners(), EventStreams.partnerStream(partnerId), expectedVersion, command,
                projection.step());
    }
}
