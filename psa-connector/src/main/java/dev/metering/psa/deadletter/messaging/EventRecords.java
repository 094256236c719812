package dev.metering.psa.deadletter.messaging;

import dev.metering.contracts.CloudEvent;
import dev.metering.contracts.CloudEvents;
import dev.metering.contracts.InvalidEventException;
import dev.metering.contracts.MeteringEvent;
import dev.metering.psa.deadletter.store.DeadLetters;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * What both consumers do first with a record: read its CloudEvent. A record of a type this version does not know
 * is skipped; one that cannot be read, or holds text the platform refuses, goes to {@code dead_letters} with its
 * reason; neither stops the consumer.
 */
@ApplicationScoped
public class EventRecords {

    private static final Logger LOG = Logger.getLogger(EventRecords.class);

    private final DeadLetters deadLetters;

    public EventRecords(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
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
