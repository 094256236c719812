package dev.metering.psa.invoice.messaging;

import dev.metering.contracts.MeteringEvent;
import dev.metering.contracts.billing.BillingEvent;
import dev.metering.contracts.billing.BillingEvent.AdjustmentIssued;
import dev.metering.contracts.billing.BillingEvent.InvoiceIssued;
import dev.metering.psa.deadletter.messaging.EventRecords;
import dev.metering.psa.deadletter.store.DeadLetters;
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
    private final DeadLetters deadLetters;

    public InvoiceEventsConsumer(InvoiceLedger ledger, WebhookService webhooks, EventRecords records,
            DeadLetters deadLetters) {
        this.ledger = ledger;
        this.webhooks = webhooks;
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
        if (!(event instanceof BillingEvent billing)) {
            deadLetters.record(record, "unexpected-type", "not a billing document: " + event.getClass().getSimpleName());
            return;
        }
        String problem = InvoiceValidation.problem(record.topic(), billing);
        if (problem != null) {
            deadLetters.record(record, "invalid-document", problem);
            return;
        }
        try {
            if (billing instanceof InvoiceIssued invoice) {
                ledger.apply(invoice);
            } else if (billing instanceof AdjustmentIssued adjustment) {
                ledger.apply(adjustment);
            }
            webhooks.enqueue(billing);
        } catch (RuntimeException e) {
            deadLetters.record(record, "processing-failed", String.valueOf(e.getMessage()));
        }
    }
}
