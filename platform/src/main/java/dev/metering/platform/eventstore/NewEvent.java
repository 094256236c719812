package dev.metering.platform.eventstore;

import dev.metering.contracts.Audit;
import dev.metering.contracts.MeteringEvent;
import java.util.Objects;
import java.util.UUID;

/**
 * An event about to be appended. {@code eventId} becomes {@code events.event_id} and, when the event
 * is published, the CloudEvents {@code id} (the consumers' idempotency key), so a re-published
 * event is recognisable as the same one. {@code audit} (who, from which request; may be null) is stored
 * beside the event and published as CloudEvents extension attributes.
 */
public record NewEvent(UUID eventId, MeteringEvent event, Audit audit) {

    public NewEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(event, "event");
    }

    public NewEvent(UUID eventId, MeteringEvent event) {
        this(eventId, event, null);
    }

    public static NewEvent of(MeteringEvent event) {
        return new NewEvent(UUID.randomUUID(), event, null);
    }

    public static NewEvent of(MeteringEvent event, Audit audit) {
        return new NewEvent(UUID.randomUUID(), event, audit);
    }
}
