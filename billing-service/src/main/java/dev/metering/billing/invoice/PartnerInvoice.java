package dev.metering.billing.invoice;

import dev.metering.contracts.billing.BillingEvent.InvoiceIssued;
import java.util.List;

/** One partner's invoice for a period and the evidence behind each of its lines (same order). */
public record PartnerInvoice(InvoiceIssued invoice, List<LineEvidence> evidence) {
}
