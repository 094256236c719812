package dev.metering.portal.distributors;

import dev.metering.portal.api.BillingApi;
import java.math.BigDecimal;
import java.util.List;
import java.util.StringJoiner;

/**
 * A distributor's documents of one period as CSV, the way it checks them line by line: one row per line of
 * every invoice and adjustment addressed to it, per partner, customer and product. Pure logic.
 */
public final class DistributorLines {

    public static final String HEADER = "period,document,kind,partner_id,partner_name,customer_id,customer_name,"
            + "product,sku,quantity,unit_price,amount,currency";

    /** One invoice with its adjustments. */
    public record Documents(BillingApi.Invoice invoice, List<BillingApi.Adjustment> adjustments) {

        public BigDecimal adjustmentsTotal() {
            return adjustments.stream().map(BillingApi.Adjustment::totalAmount).reduce(BigDecimal.ZERO,
                    BigDecimal::add);
        }
    }

    private DistributorLines() {
    }

    public static String csv(List<Documents> documents) {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        for (Documents d : documents) {
            BillingApi.Invoice i = d.invoice();
            for (BillingApi.InvoiceLine line : nonNull(i.lines())) {
                row(out, i.period(), i.invoiceId(), "invoice", i, line, i.currency());
            }
            for (BillingApi.Adjustment a : d.adjustments()) {
                for (BillingApi.InvoiceLine line : nonNull(a.lines())) {
                    row(out, a.period(), a.adjustmentId(), "adjustment", i, line, a.currency());
                }
            }
        }
        return out.toString();
    }

    private static void row(StringBuilder out, String period, String document, String kind, BillingApi.Invoice i,
            BillingApi.InvoiceLine line, String currency) {
        StringJoiner row = new StringJoiner(",");
        row.add(text(period)).add(text(document)).add(kind).add(text(i.partnerId())).add(text(i.partnerName()))
                .add(text(line.customerId())).add(text(line.customerName())).add(text(line.product()))
                .add(text(line.sku())).add(Long.toString(line.quantity()))
                .add(line.unitPrice() == null ? "" : line.unitPrice().toPlainString())
                .add(line.amount() == null ? "" : line.amount().toPlainString()).add(text(currency));
        out.append(row).append('\n');
    }

    /**
     * A text field: quoted when it holds a comma, quote or line break; a leading {@code = + - @} (a spreadsheet
     * formula) is defused with an apostrophe, since names come from partners.
     */
    static String text(String value) {
        if (value == null) {
            return "";
        }
        String v = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }
}
