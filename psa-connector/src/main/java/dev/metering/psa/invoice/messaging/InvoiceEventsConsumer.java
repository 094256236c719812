package dev.metering.psa.invoice.messaging;

import dev.metering.contracts.billing.BillingEvent;
import dev.metering.contracts.billing.BillingEvent.AdjustmentIssued;
import dev.metering.contracts.billing.BillingEvent.InvoiceIssued;
import dev.metering.psa.deadletter.messaging.EventRecords;
import dev.metering.psa.deadletter.messaging.EventRecords.OtherGroups;
import dev.metering.psa.deadletter.messaging.EventRecords.Refusal;
import dev.metering.psa.invoice.InvoiceValidation;
import dev.metering.psa.invoice.store.InvoiceLedger;
import dev.metering.psa.webhook.service.WebhookService;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads every distributor's {@code billing.invoices.<distributorId>} topic: the invoiced quantities the
 * PSA sync writes to agreements (R25, adjustments R28) and the {@code invoice.issued} /
 * {@code adjustment.issued} webhooks. Each record is validated; a bad one is dead-lettered with its reason
 * and the consumer goes on. Both effects are idempotent, so a redelivered record changes nothing.
 */
@ApplicationScoped
public class InvoiceEventsConsumer {

    public static final String CHANNEL = "invoices";

    private final InvoiceLedger ledger;
    private final WebhookService webhooks;
    private final EventRecords records;

    public InvoiceEventsConsumer(InvoiceLedger ledger, WebhookService webhooks, EventRecords records) {
        this.ledger = ledger;
        this.webhooks = webhooks;
        this.records = records;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        records.consume(record, BillingEvent.class, OtherGroups.DEAD_LETTER, billing -> {
            String problem = InvoiceValidation.problem(record.topic(), billing);
            return problem == null ? null : new Refusal("invalid-document", problem);
        }, this::apply);
    }

    private void apply(BillingEvent billing) {
        if (billing instanceof InvoiceIssued invoice) {
            ledger.apply(invoice);
        } else if (billing instanceof AdjustmentIssued adjustment) {
            ledger.apply(adjustment);
        }
        webhooks.enqueue(billing);
    }
}
