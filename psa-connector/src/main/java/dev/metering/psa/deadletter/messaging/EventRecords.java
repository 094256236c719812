package dev.metering.psa.deadletter.messaging;

import dev.metering.contracts.CloudEvent;
import dev.metering.contracts.CloudEvents;
import dev.metering.contracts.InvalidEventException;
import dev.metering.contracts.MeteringEvent;
import dev.metering.psa.deadletter.store.DeadLetters;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * What both consumers do with a record: read its CloudEvent, check it and apply it. A record of a type this
 * version does not know is skipped; one that cannot be read, holds text the platform refuses, fails its
 * consumer's check or fails to apply goes to {@code dead_letters} with its reason; none stops the consumer.
 */
@ApplicationScoped
public class EventRecords {

    private static final Logger LOG = Logger.getLogger(EventRecords.class);

    /** What to do with a readable event of another group than the one a consumer handles. */
    public enum OtherGroups {
        /** The topic legitimately carries other groups (customers.events also holds partner events). */
        SKIP,
        /** The topic carries nothing else: such a record is a dead letter ({@code unexpected-type}). */
        DEAD_LETTER
    }

    /** Why a consumer's check refused an event: the dead letter's machine-readable reason and detail. */
    public record Refusal(String reason, String detail) {
    }

    private final DeadLetters deadLetters;

    public EventRecords(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    /**
     * Reads {@code record}; an event of {@code group} that {@code check} does not refuse (null) is handed to
     * {@code apply}. A refusal, or a {@link RuntimeException} from {@code apply} ({@code processing-failed}),
     * is a dead letter and the consumer goes on.
     */
    public <E extends MeteringEvent> void consume(ConsumerRecord<String, byte[]> record, Class<E> group,
            OtherGroups others, Function<? super E, Refusal> check, Consumer<? super E> apply) {
        MeteringEvent event = read(record);
        if (event == null) {
            return;
        }
        if (!group.isInstance(event)) {
            if (others == OtherGroups.DEAD_LETTER) {
                deadLetters.record(record, "unexpected-type", "not a " + group.getSimpleName() + ": "
                        + event.getClass().getSimpleName());
            }
            return;
        }
        E mine = group.cast(event);
        Refusal refusal = check.apply(mine);
        if (refusal != null) {
            deadLetters.record(record, refusal.reason(), refusal.detail());
            return;
        }
        try {
            apply.accept(mine);
        } catch (RuntimeException e) {
            deadLetters.record(record, "processing-failed", String.valueOf(e.getMessage()));
        }
    }

    /**
     * The record's event, or null when it was skipped or dead-lettered; an event holding text the platform refuses
     * (NUL, control characters, lone surrogates at any depth, an id too long) is a dead letter too.
     */
    public MeteringEvent read(ConsumerRecord<String, byte[]> record) {
        try {
            CloudEvent envelope = CloudEvents.read(DeadLetters.headers(record), record.value());
            MeteringEvent event = CloudEvents.unwrap(envelope);
            String problem = DeadLetters.textProblem(envelope);
            if (problem != null) {
                deadLetters.record(record, "invalid-characters", problem);
                return null;
            }
            return event;
        } catch (InvalidEventException e) {
            if ("unknown-type".equals(e.reason())) {
                LOG.debugf("skipping %s", e.getMessage());
            } else {
                deadLetters.record(record, e.reason(), e.getMessage());
            }
            return null;
        }
    }
}
