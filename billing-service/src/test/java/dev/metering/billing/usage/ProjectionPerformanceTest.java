package dev.metering.billing.usage;

import static dev.metering.billing.Facts.customer;
import static dev.metering.billing.Facts.partner;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.billing.account.BillingState;
import dev.metering.billing.invoice.CloseSchedule;
import dev.metering.billing.invoice.MonthlyClose;
import dev.metering.billing.invoice.PriceList;
import dev.metering.billing.invoice.Skus;
import dev.metering.contracts.BillingType;
import dev.metering.contracts.ProductCode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The design targets on this machine, for the pure core (no Kafka, no JSON): fold rate, real-time
 * usage of a 1 000-customer partner, a close of 1 000 000 devices in 10 000 customers, memory per
 * unit. Run with {@code -Dbenchmark.billing=true}; prints its measurements.
 */
@EnabledIfSystemProperty(named = "benchmark.billing", matches = "true")
class ProjectionPerformanceTest {

    static final YearMonth OCT = YearMonth.of(2026, 10);
    static final Instant S = CloseSchedule.monthEnd().closeOf(OCT);

    @Test
    void foldRealTimeUsageAndCloseMeetTheTargets() {
        int customers = 10_000;
        int devicesPerCustomer = 100;
        BillingState state = new BillingState();
        state.apply(partner("big", "dist-a", "DE"));
        for (int p = 0; p < 10; p++) {
            state.apply(partner("p-" + p, "dist-a", "DE"));
        }
        String[] customerIds = new String[customers];
        String[][] deviceIds = new String[customers][devicesPerCustomer];
        for (int c = 0; c < customers; c++) {
            customerIds[c] = "customer-" + c;
            String partner = c < 1000 ? "big" : "p-" + (c % 10);
            state.apply(customer(customerIds[c], partner, BillingType.MONTHLY, "2026-01-01T00:00:00Z"));
            for (int d = 0; d < devicesPerCustomer; d++) {
                deviceIds[c][d] = java.util.UUID.nameUUIDFromBytes((c + "/" + d).getBytes()).toString();
            }
        }
        ProductCode[] products = { ProductCode.ENDPOINT_ADVANCED, ProductCode.SERVER_ADVANCED, ProductCode.WEB };
        UsageProjection usage = new UsageProjection(ActivityWindow.midnightUtc());

        // 1 000 000 devices, 3 heartbeats each on different days: 3 000 000 folds
        long base = S.toEpochMilli() - 20L * ActivityWindow.DAY_MS;
        long t0 = System.nanoTime();
        long folds = 0;
        for (int round = 0; round < 3; round++) {
            for (int c = 0; c < customers; c++) {
                CustomerUnits units = usage.customer(customerIds[c]);
                for (int d = 0; d < devicesPerCustomer; d++) {
                    ProductCode p = products[d % 3];
                    units.heartbeat(deviceIds[c][d], p, p == ProductCode.ENDPOINT_ADVANCED ? "user-" + (d / 2) : null,
                            base + round * ActivityWindow.DAY_MS * 5 + d * 1000L);
                    folds++;
                }
            }
        }
        double foldSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("[perf] fold: %d heartbeats in %.2f s = %.0f /s%n", folds, foldSeconds, folds / foldSeconds);
        report("live (growth slack)", usage, customers * devicesPerCustomer);
        UsageProjection reloaded = new UsageProjection(usage.window());
        for (CustomerUnits u : usage.all()) {
            reloaded.put(roundTrip(u));
        }
        report("after a reload (exact arrays)", reloaded, customers * devicesPerCustomer);
        usage = reloaded;

        // real-time usage of a partner with 1 000 customers
        for (int i = 0; i < 30; i++) { // JIT warm-up, as in a running service
            UsageReport.page("big", S, state, usage, null, "total", true, 0, 50);
        }
        long[] samples = new long[100];
        for (int i = 0; i < samples.length; i++) {
            long s0 = System.nanoTime();
            var page = UsageReport.page("big", S, state, usage, null, "total", true, 0, 50);
            samples[i] = System.nanoTime() - s0;
            assertThat(page.totalRows()).isEqualTo(1000);
        }
        Arrays.sort(samples);
        System.out.printf("[perf] real-time usage, 1000 customers / 100 000 devices: median %.1f ms, p99 %.1f ms,"
                + " max %.1f ms%n", samples[samples.length / 2] / 1e6, samples[98] / 1e6,
                samples[samples.length - 1] / 1e6);

        long[] countsOnly = new long[50];
        java.util.List<String> big = state.customersOf("big", S);
        for (int i = 0; i < countsOnly.length; i++) {
            long s0 = System.nanoTime();
            for (String c : big) {
                usage.find(c).countsAt(S.toEpochMilli(), ProductResolver.AS_REPORTED);
            }
            countsOnly[i] = System.nanoTime() - s0;
        }
        Arrays.sort(countsOnly);
        long[] resolvers = new long[50];
        for (int i = 0; i < resolvers.length; i++) {
            long s0 = System.nanoTime();
            for (String c : big) {
                state.resolverAt(c, S, false);
                state.usesPartnerOwned(c, S);
            }
            resolvers[i] = System.nanoTime() - s0;
        }
        Arrays.sort(resolvers);
        System.out.printf("[perf]   of which counting: median %.1f ms; resolvers+summary: median %.1f ms%n",
                countsOnly[25] / 1e6, resolvers[25] / 1e6);

        // close: 1 000 000 devices, 10 000 customers
        PriceList prices = new PriceList("EUR", Map.of());
        for (ProductCode p : ProductCode.values()) {
            prices.price(Skus.of(p), "EUR", BigDecimal.ONE);
        }
        long c0 = System.nanoTime();
        MonthlyClose.Result result = MonthlyClose.close(OCT, S, state, usage, prices, S);
        double closeSeconds = (System.nanoTime() - c0) / 1e9;
        long lines = result.invoices().stream().mapToLong(i -> i.invoice().lines().size()).sum();
        System.out.printf("[perf] close: %d invoices, %d lines in %.2f s%n", result.invoices().size(), lines,
                closeSeconds);
        assertThat(result.invoices()).hasSize(11);
        assertThat(closeSeconds).isLessThan(10);
    }

    static void report(String what, UsageProjection usage, long devices) {
        long structure = 0;
        long withIds = 0;
        for (CustomerUnits u : usage.all()) {
            structure += u.retainedBytes(false);
            withIds += u.retainedBytes(true);
        }
        System.out.printf("[perf] memory %s: %.1f bytes per device without id strings, %.1f with them%n", what,
                structure / (double) devices, withIds / (double) devices);
    }

    static CustomerUnits roundTrip(CustomerUnits units) {
        try {
            var bytes = new java.io.ByteArrayOutputStream();
            units.writeTo(new java.io.DataOutputStream(bytes));
            return CustomerUnits.readFrom(units.customerId(), units.window(),
                    new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }


}
