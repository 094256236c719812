package dev.metering.psa.customer.messaging;

import dev.metering.contracts.customer.CustomerEvent;
import dev.metering.contracts.customer.CustomerEvent.BillingTypeChanged;
import dev.metering.contracts.customer.CustomerEvent.CustomerCreated;
import dev.metering.contracts.customer.CustomerEvent.CustomerMigrated;
import dev.metering.contracts.customer.CustomerEvent.CustomerRenamed;
import dev.metering.psa.customer.store.CustomerDirectory;
import dev.metering.psa.deadletter.messaging.EventRecords;
import dev.metering.psa.deadletter.messaging.EventRecords.OtherGroups;
import dev.metering.psa.deadletter.messaging.EventRecords.Refusal;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Learns customers from {@code customers.events}: who manages them (partner scoping, R8), their names (R7,
 * mapping suggestions) and billing type (R4). Every record is validated; one that cannot be used goes to
 * {@code dead_letters} with its reason and never stops the consumer.
 */
@ApplicationScoped
public class CustomerEventsConsumer {

    public static final String CHANNEL = "customers-events";

    private final CustomerDirectory customers;
    private final EventRecords records;

    public CustomerEventsConsumer(CustomerDirectory customers, EventRecords records) {
        this.customers = customers;
        this.records = records;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        records.consume(record, CustomerEvent.class, OtherGroups.SKIP, CustomerEventsConsumer::refusal, this::apply);
    }

    private static Refusal refusal(CustomerEvent event) {
        return blank(event.customerId()) || blank(event.partnerId())
                ? new Refusal("missing-field", "customerId and partnerId are required") : null;
    }

    private void apply(CustomerEvent event) {
        if (event instanceof CustomerCreated c) {
            if (c.billingType() == null || c.occurredAt() == null) {
                throw new IllegalArgumentException("billingType and occurredAt are required");
            }
            customers.created(c.customerId(), c.partnerId(), c.name() == null ? c.customerId() : c.name(),
                    c.billingType().name(), c.occurredAt());
        } else if (event instanceof CustomerRenamed r && r.name() != null) {
            customers.renamed(r.customerId(), r.name());
        } else if (event instanceof BillingTypeChanged b && b.to() != null) {
            customers.billingTypeChanged(b.customerId(), b.to().name());
        } else if (event instanceof CustomerMigrated m) {
            customers.migrated(m.customerId(), m.partnerId(), m.effectiveAt() != null ? m.effectiveAt()
                    : m.occurredAt());
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
