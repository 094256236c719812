package dev.metering.psa.invoice;

import dev.metering.contracts.Topics;
import dev.metering.contracts.billing.BillingEvent;
import dev.metering.contracts.billing.BillingEvent.AdjustmentIssued;
import dev.metering.contracts.billing.BillingEvent.InvoiceIssued;
import dev.metering.contracts.billing.BillingEvent.InvoiceLine;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks a billing document before anything is derived from it: every id present, the period a
 * {@code yyyy-MM}, every line complete, invoice quantities not negative (adjustment quantities are deltas,
 * R28), and the document on its own distributor's topic (a receiver must only ever get its own tenant's
 * documents). Returns the reason, or {@code null} when the document is usable.
 */
public final class InvoiceValidation {

    private static final Pattern PERIOD = Pattern.compile("\\d{4}-(0[1-9]|1[0-2])");

    private InvoiceValidation() {
    }

    public static String problem(String topic, BillingEvent event) {
        if (blank(event.partnerId()) || blank(event.distributorId())) {
            return "partnerId and distributorId are required";
        }
        if (topic != null && !topic.equals(Topics.BILLING_INVOICES_PREFIX + event.distributorId())) {
            return "document of distributor " + event.distributorId() + " on topic " + topic;
        }
        if (event instanceof InvoiceIssued i) {
            if (blank(i.invoiceId()) || i.period() == null || !PERIOD.matcher(i.period()).matches()) {
                return "invoiceId and a yyyy-MM period are required";
            }
            return lines(i.lines(), false);
        }
        if (event instanceof AdjustmentIssued a) {
            if (blank(a.adjustmentId()) || blank(a.invoiceId()) || a.period() == null
                    || !PERIOD.matcher(a.period()).matches()) {
                return "adjustmentId, invoiceId and a yyyy-MM period are required";
            }
            return lines(a.lines(), true);
        }
        return "unsupported billing document " + event.getClass().getSimpleName();
    }

    private static String lines(List<InvoiceLine> lines, boolean deltas) {
        if (lines == null) {
            return "lines are required";
        }
        for (int i = 0; i < lines.size(); i++) {
            InvoiceLine l = lines.get(i);
            if (l == null || blank(l.customerId()) || l.product() == null || blank(l.sku()) || l.unitPrice() == null) {
                return "line " + i + " needs customerId, product, sku and unitPrice";
            }
            if (!deltas && l.quantity() < 0) {
                return "line " + i + " has a negative quantity";
            }
        }
        return null;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
