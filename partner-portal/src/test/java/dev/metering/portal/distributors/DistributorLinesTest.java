package dev.metering.portal.distributors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.portal.api.BillingApi;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** R26: the distributor's CSV has one row per line of every invoice and adjustment, safe to open in a sheet. */
class DistributorLinesTest {

    static BillingApi.InvoiceLine line(String customer, String name, String product, long qty, String price) {
        return new BillingApi.InvoiceLine(customer, name, product, "SKU-" + product, qty, new BigDecimal(price),
                new BigDecimal(price).multiply(BigDecimal.valueOf(qty)));
    }

    @Test
    void givenAnInvoiceAndAnAdjustment_whenExported_thenOneRowPerLineOfEach() {
        var invoice = new BillingApi.Invoice("INV-2026-10-p-1", "p-1", "Acme, \"the\" MSP", "d-1", "2026-10",
                "2026-11-01T00:00:00Z", "EUR", List.of(line("c-1", "=HYPERLINK(1)", "SERVER", 2, "3.50"),
                        line("c-2", "Beta", "MOBILE", 1, "1.00")), List.of(), new BigDecimal("8.00"), null);
        var adjustment = new BillingApi.Adjustment("ADJ-1", "INV-2026-10-p-1", "2026-10", "late", "EUR",
                List.of(line("c-2", "Beta", "MOBILE", -1, "1.00")), new BigDecimal("-1.00"), null);

        String csv = DistributorLines.csv(List.of(new DistributorLines.Documents(invoice, List.of(adjustment))));

        assertThat(csv.lines().toList()).containsExactly(DistributorLines.HEADER,
                "2026-10,INV-2026-10-p-1,invoice,p-1,\"Acme, \"\"the\"\" MSP\",c-1,'=HYPERLINK(1),SERVER,SKU-SERVER,"
                        + "2,3.50,7.00,EUR",
                "2026-10,INV-2026-10-p-1,invoice,p-1,\"Acme, \"\"the\"\" MSP\",c-2,Beta,MOBILE,SKU-MOBILE,1,1.00,"
                        + "1.00,EUR",
                "2026-10,ADJ-1,adjustment,p-1,\"Acme, \"\"the\"\" MSP\",c-2,Beta,MOBILE,SKU-MOBILE,-1,1.00,-1.00,EUR");
    }
}
