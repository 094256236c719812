package dev.metering.platform.eventstore;

import dev.metering.contracts.MeteringEvent;
import dev.metering.platform.outbox.OutboxRecord;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Binds a pure {@link Decider} to its storage: the {@code stream_type} written to the store, the event
 * class every event of such a stream belongs to, and which outbox records each new event causes
 * (usually one, on the aggregate's topic; none for private events).
 */
public record Aggregate<C, S, E extends MeteringEvent>(String streamType, Class<E> eventType,
        Decider<C, S, E> decider, Function<NewEvent, List<OutboxRecord>> outbox) {

    public Aggregate {
        Objects.requireNonNull(streamType, "streamType");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(decider, "decider");
        Objects.requireNonNull(outbox, "outbox");
    }

    /** Every event published on {@code topic} as a CloudEvent from {@code source}, keyed by its subject. */
    public static <C, S, E extends MeteringEvent> Aggregate<C, S, E> publishedTo(String streamType, Class<E> eventType,
            Decider<C, S, E> decider, String topic, String source) {
        return new Aggregate<>(streamType, eventType, decider, e -> List.of(OutboxRecord.of(topic, source, e)));
    }

    /** The state after folding stored events, refusing an event that does not belong to this aggregate. */
    public S fold(List<StoredEvent> stored) {
        S state = decider.initialState();
        for (StoredEvent e : stored) {
            if (!eventType.isInstance(e.event())) {
                throw new IllegalStateException("stream " + e.streamId() + " version " + e.version() + " holds "
                        + e.type() + ", which is not a " + eventType.getSimpleName());
            }
            state = decider.evolve(state, eventType.cast(e.event()));
        }
        return state;
    }
}
