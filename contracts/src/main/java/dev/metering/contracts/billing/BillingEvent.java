package dev.metering.contracts.billing;

import dev.metering.contracts.EventType;
import dev.metering.contracts.MeteringEvent;
import dev.metering.contracts.ProductCode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Documents for distributors on {@code billing.invoices.<distributorId>}, keyed by partner id
 * (R22–R28). Invoices are immutable; corrections are adjustments that reference them (R28). The
 * real-time {@link UsageSnapshot}s go to {@code billing.usage}, keyed by customer id.
 */
public sealed interface BillingEvent extends MeteringEvent {

    String partnerId();

    String distributorId();

    @Override
    default String subject() {
        return partnerId();
    }

    /**
     * R25: ONE invoice per partner per period with a line per customer and SKU. {@code invoiceId} is
     * derived from (partner, period), so a repeated close can never issue a second one.
     * {@code period} is {@code yyyy-MM}; {@code closedAt} is the snapshot instant S (R22).
     */
    @EventType("metering.billing.v1.invoice-issued")
    record InvoiceIssued(String invoiceId, String partnerId, String partnerName, String distributorId, String period,
            Instant closedAt, String currency, List<InvoiceLine> lines, List<ProductTotal> totals,
            BigDecimal totalAmount, Instant occurredAt) implements BillingEvent {
    }

    /** R28: a change to a closed period, referencing the original invoice; quantities are deltas. */
    @EventType("metering.billing.v1.adjustment-issued")
    record AdjustmentIssued(String adjustmentId, String invoiceId, String partnerId, String distributorId,
            String period, String reason, String currency, List<InvoiceLine> lines, BigDecimal totalAmount,
            Instant occurredAt) implements BillingEvent {
    }

    /**
     * One customer's real-time usage at {@code at} (R16–R20: the numbers of that customer's row of
     * {@code GET /v1/usage}), published on {@code billing.usage} keyed by customer id by the billing instance
     * owning the customer's partition. Firewall products carry the serial numbers they counted (R26's evidence).
     * {@code snapshotId} is derived from (customer, at), so a re-publication of the same snapshot has the
     * same id. Products the customer uses none of are left out.
     */
    @EventType("metering.billing.v1.usage-snapshot")
    record UsageSnapshot(String snapshotId, String partnerId, String distributorId, String customerId,
            String customerName, String billingType, Instant at, List<ProductUsage> products, Instant occurredAt)
            implements BillingEvent {

        @Override
        public String subject() {
            return customerId;
        }
    }

    /** Real-time active units of one product; {@code serialNumbers} only for firewall products (else empty). */
    record ProductUsage(ProductCode product, long quantity, List<String> serialNumbers) {
    }

    /** One customer and SKU. {@code quantity} units were active at S; evidence is kept by billing (R26). */
    record InvoiceLine(String customerId, String customerName, ProductCode product, String sku, long quantity,
            BigDecimal unitPrice, BigDecimal amount) {
    }

    record ProductTotal(ProductCode product, long quantity, BigDecimal amount) {
    }
}
