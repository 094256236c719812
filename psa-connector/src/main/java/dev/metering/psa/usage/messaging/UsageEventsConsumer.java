package dev.metering.psa.usage.messaging;

import dev.metering.contracts.billing.BillingEvent.UsageSnapshot;
import dev.metering.psa.deadletter.messaging.EventRecords;
import dev.metering.psa.deadletter.messaging.EventRecords.OtherGroups;
import dev.metering.psa.deadletter.messaging.EventRecords.Refusal;
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

    public UsageEventsConsumer(UsageService usage, EventRecords records) {
        this.usage = usage;
        this.records = records;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        records.consume(record, UsageSnapshot.class, OtherGroups.DEAD_LETTER, snapshot -> {
            String problem = UsageValidation.problem(record.key(), snapshot);
            return problem == null ? null : new Refusal("invalid-snapshot", problem);
        }, usage::apply);
    }
}
