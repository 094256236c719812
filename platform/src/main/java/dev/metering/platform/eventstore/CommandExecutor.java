package dev.metering.platform.eventstore;

import dev.metering.contracts.Audit;
import dev.metering.contracts.MeteringEvent;
import dev.metering.platform.audit.AuditContext;
import dev.metering.platform.outbox.OutboxRecord;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Load, decide, append: runs a command against an event-sourced aggregate.
 *
 * <p>Retries only where safe: when the caller did NOT pin a version (no {@code If-Match}), a
 * {@link ConcurrencyConflict} means someone else wrote first, so the command is re-decided against
 * the fresh state (the decider re-checks every rule; nothing is applied twice because nothing of the
 * failed attempt was committed). When the caller pinned {@code expectedVersion}, a different current
 * version fails at once with 409: the caller decided on a state that no longer exists.
 */
@ApplicationScoped
public class CommandExecutor {

    private final EventStore store;
    private final int maxAttempts;
    private final AuditContext audit;

    @Inject
    public CommandExecutor(EventStore store,
            @ConfigProperty(name = "metering.eventstore.max-attempts", defaultValue = "3") int maxAttempts,
            AuditContext audit) {
        this.store = store;
        this.maxAttempts = Math.max(1, maxAttempts);
        this.audit = audit;
    }

    public EventStore store() {
        return store;
    }

    public <C, S, E extends MeteringEvent> Uni<Loaded<S>> load(Aggregate<C, S, E> aggregate, String streamId) {
        return store.load(streamId).map(stored -> new Loaded<>(streamId, aggregate.fold(stored),
                stored.isEmpty() ? 0 : stored.get(stored.size() - 1).version()));
    }

    /** {@link #execute(Aggregate, String, Integer, Function, ProjectionStep)} with no projection. */
    public <C, S, E extends MeteringEvent> Uni<Decision<S, E>> execute(Aggregate<C, S, E> aggregate, String streamId,
            Integer expectedVersion, Function<Loaded<S>, C> command) {
        return execute(aggregate, streamId, expectedVersion, command, ProjectionStep.none());
    }

    /**
     * @param expectedVersion the version the caller saw (HTTP If-Match), or null to decide against the latest
     * @param command builds the command from the loaded state; may throw (e.g. a 404 for a caller that
     *        must not see this aggregate), and is applied before {@code expectedVersion} is compared, so such a
     *        caller learns nothing from a stale version. Called again on each retry.
     * @param projection read-model update run in the append's transaction
     */
    public <C, S, E extends MeteringEvent> Uni<Decision<S, E>> execute(Aggregate<C, S, E> aggregate, String streamId,
            Integer expectedVersion, Function<Loaded<S>, C> command, ProjectionStep<S, E> projection) {
        return execute(aggregate, streamId, expectedVersion, command, projection, audit.current());
    }

    /**
     * As {@link #execute(Aggregate, String, Integer, Function, ProjectionStep)}, recording {@code cause} (who,
     * from which request or event) with every event instead of the current request's; for reactions to
     * consumed events.
     */
    public <C, S, E extends MeteringEvent> Uni<Decision<S, E>> execute(Aggregate<C, S, E> aggregate, String streamId,
            Integer expectedVersion, Function<Loaded<S>, C> command, ProjectionStep<S, E> projection, Audit cause) {
        return attempt(aggregate, streamId, expectedVersion, command, projection, 1, cause);
    }

    private <C, S, E extends MeteringEvent> Uni<Decision<S, E>> attempt(Aggregate<C, S, E> aggregate, String streamId,
            Integer expectedVersion, Function<Loaded<S>, C> command, ProjectionStep<S, E> projection, int attempt,
            Audit cause) {
        return load(aggregate, streamId).flatMap(loaded -> {
            // the command first: it refuses a caller who must not see this aggregate (404) BEFORE anything is
            // said about the aggregate's version, else a stale If-Match (409) would betray that it exists
            C cmd = command.apply(loaded);
            if (expectedVersion != null && loaded.version() != expectedVersion) {
                return Uni.createFrom().failure(new ConcurrencyConflict(streamId, expectedVersion, loaded.version()));
            }
            List<E> events = aggregate.decider().decide(cmd, loaded.state());
            if (events.isEmpty()) {
                return Uni.createFrom().item(new Decision<S, E>(streamId, loaded.state(), loaded.version(), List.of(),
                        List.of()));
            }
            S after = aggregate.decider().fold(loaded.state(), events);
            List<NewEvent> news = events.stream().map(e -> NewEvent.of(e, cause)).toList();
            List<OutboxRecord> outbox = new ArrayList<>();
            news.forEach(n -> outbox.addAll(aggregate.outbox().apply(n)));
            int versionAfter = loaded.version() + events.size();
            return store.append(streamId, aggregate.streamType(), loaded.version(), news, outbox,
                    (tx, result) -> projection.apply(tx, streamId, after, versionAfter, events))
                    .map(result -> new Decision<>(streamId, after, result.version(), events, result.appended()));
        }).onFailure(ConcurrencyConflict.class).recoverWithUni(e -> {
            if (expectedVersion == null && attempt < maxAttempts) {
                return attempt(aggregate, streamId, null, command, projection, attempt + 1, cause);
            }
            return Uni.createFrom().failure(e);
        });
    }
}
