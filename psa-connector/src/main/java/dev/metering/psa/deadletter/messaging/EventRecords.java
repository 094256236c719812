package dev.metering.psa.deadletter.messaging;

import dev.metering.contracts.CloudEvents;
import dev.metering.contracts.InvalidEventException;
import dev.metering.contracts.MeteringEvent;
import dev.metering.psa.deadletter.store.DeadLetters;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * What both consumers do first with a record: read its CloudEvent. A record of a type this version does not know
 * is skipped; one that cannot be read goes to {@code dead_letters} with its reason; neither stops the consumer.
 */
@ApplicationScoped
public class EventRecords {

    private static final Logger LOG = Logger.getLogger(EventRecords.class);

    private final DeadLetters deadLetters;

    public EventRecords(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    /** The record's event, or null when it was skipped or dead-lettered. */
    public MeteringEvent read(ConsumerRecord<String, byte[]> record) {
        try {
            return CloudEvents.unwrap(CloudEvents.read(DeadLetters.headers(record), record.value()));
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
