package dev.metering.platform.outbox;

import dev.metering.contracts.CloudEvent;
import dev.metering.contracts.CloudEvents;
import dev.metering.platform.eventstore.NewEvent;
import java.util.Objects;
import java.util.UUID;

/**
 * A record to publish, written to the {@code outbox} table in the same transaction as the events it
 * announces. {@code eventId} is the CloudEvents id; {@code key} is the Kafka record key.
 */
public record OutboxRecord(UUID eventId, String topic, String key, CloudEvent envelope) {

    public OutboxRecord {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(envelope, "envelope");
    }

    /**
     * The event as a binary-mode CloudEvent on {@code topic}, keyed by its subject (aggregate id), with the
     * event's {@code Audit} as extension attributes (kept in the row's structured {@code payload}).
     */
    public static OutboxRecord of(String topic, String source, NewEvent event) {
        CloudEvent envelope = CloudEvents.wrap(event.eventId().toString(), source, event.event(), event.audit());
        return new OutboxRecord(event.eventId(), topic, event.event().subject(), envelope);
    }
}
