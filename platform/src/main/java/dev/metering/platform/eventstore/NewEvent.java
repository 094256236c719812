package dev.metering.platform.eventstore;

import dev.metering.contracts.MeteringEvent;
import java.util.Objects;
import java.util.UUID;

/**
 * An event about to be appended. {@code eventId} becomes {@code events.event_id} and, when the event
 * is published, the CloudEvents {@code id} (the consumers' idempotency key), so a re-published
 * event is recognisable as the same one.
 */
public record NewEvent(UUID eventId, MeteringEvent event) {

    public NewEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(event, "event");
    }

    public static NewEvent of(MeteringEvent event) {
        return new NewEvent(UUID.randomUUID(), event);
    }
}
