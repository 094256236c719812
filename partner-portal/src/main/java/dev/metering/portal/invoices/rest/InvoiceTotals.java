package dev.metering.portal.invoices.rest;

import dev.metering.contracts.ProductCode;
import dev.metering.contracts.ProductFamily;
import dev.metering.portal.api.BillingApi;
import io.quarkus.qute.TemplateExtension;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;

/**
 * An invoice's totals per category (the product family: endpoint, server, mobile, web, device encryption,
 * firewall), summed from its lines; the totals per product are the invoice's own.
 */
@TemplateExtension
public final class InvoiceTotals {

    private InvoiceTotals() {
    }

    public record CategoryTotal(String category, long quantity, BigDecimal amount) {
    }

    /** One row per family that has a line, in the families' order; a product unknown here is "OTHER". */
    public static List<CategoryTotal> categoryTotals(BillingApi.Invoice invoice) {
        EnumMap<ProductFamily, long[]> quantity = new EnumMap<>(ProductFamily.class);
        EnumMap<ProductFamily, BigDecimal> amount = new EnumMap<>(ProductFamily.class);
        long otherQuantity = 0;
        BigDecimal otherAmount = null;
        for (BillingApi.InvoiceLine l : invoice.lines() == null ? List.<BillingApi.InvoiceLine>of() : invoice.lines()) {
            ProductFamily family = family(l.product());
            if (family == null) {
                otherQuantity += l.quantity();
                otherAmount = otherAmount == null ? l.amount() : otherAmount.add(l.amount());
                continue;
            }
            quantity.computeIfAbsent(family, f -> new long[1])[0] += l.quantity();
            amount.merge(family, l.amount(), BigDecimal::add);
        }
        List<CategoryTotal> out = new ArrayList<>();
        quantity.forEach((f, q) -> out.add(new CategoryTotal(f.name(), q[0], amount.get(f))));
        if (otherAmount != null) {
            out.add(new CategoryTotal("OTHER", otherQuantity, otherAmount));
        }
        return out;
    }

    static ProductFamily family(String product) {
        try {
            return ProductCode.valueOf(product).family();
        } catch (IllegalArgumentException | NullPointerException e) {
            return null;
        }
    }

    /** The drill-down link of a line of an issued invoice. */
    public static String unitsHref(BillingApi.InvoiceLine line, String invoiceId) {
        return "/invoices/" + enc(invoiceId) + "/lines/" + enc(line.customerId()) + "/" + enc(line.product());
    }

    static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
