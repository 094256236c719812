package dev.metering.portal.invoices.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.portal.api.BillingApi;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class InvoiceTotalsTest {

    static BillingApi.InvoiceLine line(String customer, String product, long quantity, String amount) {
        return new BillingApi.InvoiceLine(customer, "Customer " + customer, product, "SKU-" + product, quantity,
                BigDecimal.ONE, new BigDecimal(amount));
    }

    @Test
    void totalsPerCategoryAddTheLinesOfEachProductFamilyInTheFamiliesOrder() {
        // given an invoice with two endpoint products, a server product over two customers and a firewall
        BillingApi.Invoice invoice = new BillingApi.Invoice("INV-1", "p", "P", "d", "2026-10", null, "EUR", List.of(
                line("c1", "SERVER_ADVANCED", 2, "14.00"), line("c1", "ENDPOINT_STANDARD", 3, "7.50"),
                line("c2", "ENDPOINT_ADVANCED", 1, "3.50"), line("c2", "SERVER_ADVANCED", 1, "7.00"),
                line("c2", "FIREWALL_FULL_GUARD", 1, "75.00")), List.of(), new BigDecimal("107.00"), null);
        // when the page asks for its totals per category
        List<InvoiceTotals.CategoryTotal> totals = InvoiceTotals.categoryTotals(invoice);
        // then one row per family, endpoint first, each the sum of its lines
        assertThat(totals).extracting(InvoiceTotals.CategoryTotal::category)
                .containsExactly("ENDPOINT", "SERVER", "FIREWALL");
        assertThat(totals).extracting(InvoiceTotals.CategoryTotal::quantity).containsExactly(4L, 3L, 1L);
        assertThat(totals).extracting(t -> t.amount().toPlainString()).containsExactly("11.00", "21.00", "75.00");
    }

    @Test
    void aProductThePortalDoesNotKnowIsTotalledAsOther() {
        BillingApi.Invoice invoice = new BillingApi.Invoice("INV-2", "p", "P", "d", "2026-10", null, "EUR",
                List.of(line("c1", "QUANTUM_SHIELD", 2, "9.00"), line("c1", "WEB", 1, "1.00")), List.of(),
                new BigDecimal("10.00"), null);
        assertThat(InvoiceTotals.categoryTotals(invoice)).extracting(InvoiceTotals.CategoryTotal::category)
                .containsExactly("WEB", "OTHER");
    }

    @Test
    void theDrillDownLinkOfALineEncodesItsParts() {
        assertThat(InvoiceTotals.unitsHref(line("c 1/x", "WEB", 1, "1.00"), "INV-2026-10-p"))
                .isEqualTo("/invoices/INV-2026-10-p/lines/c%201%2Fx/WEB");
    }
}
