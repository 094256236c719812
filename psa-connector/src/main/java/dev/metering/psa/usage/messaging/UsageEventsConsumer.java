package dev.metering.psa.usage.messaging;

import dev.metering.contracts.MeteringEvent;
import dev.metering.contracts.billing.BillingEvent.UsageSnapshot;
import dev.metering.psa.deadletter.messaging.EventRecords;
import dev.metering.psa.deadletter.store.DeadLetters;
import dev.metering.psa.usage.UsageValidation;
import dev.metering.psa.usage.service.UsageService;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads {@code billing.usage}: each customer's real-time usage snapshot (R16–R20) for the daily sync and the
 * {@code usage.threshold} webhooks. A bad record is dead-lettered with its reason and the consumer goes on; a
 * redelivered or older snapshot changes nothing.
 */
@ApplicationScoped
public class UsageEventsConsumer {

    public static final String CHANNEL = "usage";

    private final UsageService usage;
    private final EventRecords records;
    private final DeadLetters deadLetters;

    public UsageEventsConsumer(UsageService usage, EventRecords records, DeadLetters deadLetters) {
        this.usage = usage;
        this.records = records;
        this.deadLetters = deadLetters;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        MeteringEvent event = records.read(record);
        if (event == null) {
            return;
        }
        if (!(event instanceof UsageSnapshot snapshot)) {
            deadLetters.record(record, "unexpected-type", "not a usage snapshot: " + event.getClass().getSimpleName());
            return;
        }
        String problem = UsageValidation.problem(record.key(), snapshot);
        if (problem != null) {
            deadLetters.record(record, "invalid-snapshot", problem);
            return;
        }
        try {
            usage.apply(snapshot);
        } catch (RuntimeException e) {
            deadLetters.record(record, "processing-failed", String.valueOf(e.getMessage()));
        }
    }
}
