package dev.metering.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.billing.invoice.LineEvidence;
import dev.metering.billing.invoice.PartnerInvoice;
import dev.metering.billing.invoice.Skus;
import dev.metering.billing.invoice.store.InvoiceStore;
import dev.metering.contracts.ProductCode;
import dev.metering.contracts.billing.BillingEvent.InvoiceIssued;
import dev.metering.contracts.billing.BillingEvent.InvoiceLine;
import dev.metering.contracts.billing.BillingEvent.ProductTotal;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Storing a close of 1 000 000 counted devices in 10 000 customer lines (with their evidence) in the
 * real PostgreSQL, the part of the close the pure performance test does not cover
 * ({@code -Dbenchmark.billing=true}).
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "benchmark.billing", matches = "true")
class CloseStorePerformanceTest {

    @Inject
    InvoiceStore store;

    @Test
    void aCloseOfAMillionUnitsIsStoredWithItsEvidence() {
        String run = UUID.randomUUID().toString().substring(0, 6);
        Instant s = Instant.parse("2026-11-01T00:00:00Z");
        List<PartnerInvoice> invoices = new ArrayList<>();
        for (int p = 0; p < 100; p++) {
            List<InvoiceLine> lines = new ArrayList<>();
            List<LineEvidence> evidence = new ArrayList<>();
            for (int c = 0; c < 100; c++) {
                String customer = "perf-" + run + "-" + p + "-" + c;
                List<String> units = new ArrayList<>(100);
                for (int d = 0; d < 100; d++) {
                    units.add("device:" + UUID.randomUUID());
                }
                lines.add(new InvoiceLine(customer, customer, ProductCode.SERVER_ADVANCED,
                        Skus.of(ProductCode.SERVER_ADVANCED), 100, BigDecimal.ONE, new BigDecimal("100.00")));
                evidence.add(new LineEvidence(customer, ProductCode.SERVER_ADVANCED, Skus.of(ProductCode.SERVER_ADVANCED),
                        units));
            }
            String partner = "perf-" + run + "-p" + p;
            invoices.add(new PartnerInvoice(new InvoiceIssued("INV-PERF-" + partner, partner, partner, "dist-perf",
                    "2026-10", s, "EUR", lines, List.of(new ProductTotal(ProductCode.SERVER_ADVANCED, 10_000,
                            new BigDecimal("10000.00"))), new BigDecimal("10000.00"), s), evidence));
        }
        long t0 = System.nanoTime();
        List<String> issued = store.storeClose(YearMonth.of(2026, 10), s, Instant.now(), invoices, List.of());
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("[perf] storing a close of 100 invoices, 10 000 lines, 1 000 000 unit ids: %.2f s%n", seconds);
        assertThat(issued).hasSize(100);
        assertThat(seconds).isLessThan(10);
    }
}
