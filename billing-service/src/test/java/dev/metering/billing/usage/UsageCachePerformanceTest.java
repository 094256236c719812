package dev.metering.billing.usage;

import static dev.metering.billing.Facts.customer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.billing.account.BillingState;
import dev.metering.contracts.BillingType;
import dev.metering.contracts.ProductCode;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The real-time usage page of a 1 000-customer partner (10 000 devices, the benchmark's query workload) computed
 * afresh and from {@link UsageCache}: unchanged facts, and a fold changing some customers between queries. Pure
 * core (no HTTP, no JSON). Run with {@code -Dbenchmark.billing=true}; prints its measurements.
 */
@EnabledIfSystemProperty(named = "benchmark.billing", matches = "true")
class UsageCachePerformanceTest {

    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void realTimePageFreshAndCached() {
        BillingState state = new BillingState();
        UsageProjection usage = new UsageProjection(ActivityWindow.midnightUtc());
        Random rnd = new Random(1);
        long end = Instant.parse("2026-11-22T00:00:00Z").toEpochMilli();
        for (int c = 0; c < 1000; c++) {
            String id = "customer-" + c;
            state.apply(customer(id, "big", BillingType.MONTHLY, "2026-01-01T00:00:00Z"));
            CustomerUnits units = usage.customer(id);
            for (int d = 0; d < 10; d++) {
                ProductCode p = d == 0 ? ProductCode.SERVER_ADVANCED : ProductCode.ENDPOINT_ADVANCED;
                for (int h = 0; h < 20; h++) {
                    units.heartbeat(id + "-dev-" + d, p, p == ProductCode.SERVER_ADVANCED ? null : "user-" + d,
                            end - (long) (rnd.nextDouble() * 30 * ActivityWindow.DAY_MS));
                }
            }
        }
        UsageCache cache = new UsageCache(state, usage);
        long now = NOW.toEpochMilli();
        for (int i = 0; i < 200; i++) { // JIT warm-up
            UsageReport.page("big", Instant.ofEpochMilli(now + i), state, usage, null, "name", false, 0, 50);
            cache.page("big", Instant.ofEpochMilli(now + i), null, "name", false, 0, 50);
        }
        long[] fresh = new long[200];
        long[] cached = new long[200];
        long[] churn = new long[200];
        for (int i = 0; i < fresh.length; i++) {
            Instant at = Instant.ofEpochMilli(now + 1000 + i);
            long t0 = System.nanoTime();
            UsageReport.Page a = UsageReport.page("big", at, state, usage, null, "name", false, 0, 50);
            long t1 = System.nanoTime();
            UsageReport.Page b = cache.page("big", at, null, "name", false, 0, 50);
            long t2 = System.nanoTime();
            fresh[i] = t1 - t0;
            cached[i] = t2 - t1;
            assertThat(b).isEqualTo(a);
        }
        for (int i = 0; i < churn.length; i++) {
            for (int k = 0; k < 20; k++) { // the fold touches 20 of the 1 000 customers between two queries
                int c = rnd.nextInt(1000);
                usage.customer("customer-" + c).heartbeat("customer-" + c + "-dev-" + rnd.nextInt(10),
                        ProductCode.ENDPOINT_ADVANCED, "user-" + rnd.nextInt(10), now + 2000 + i);
            }
            Instant at = Instant.ofEpochMilli(now + 2001 + i);
            long t0 = System.nanoTime();
            cache.page("big", at, null, "name", false, 0, 50);
            churn[i] = System.nanoTime() - t0;
        }
        System.out.printf("[perf] usage page, 1 000 customers / 10 000 devices: fresh %s; cached %s; cached with 20"
                + " customers changed per query %s%n", stats(fresh), stats(cached), stats(churn));
    }

    static String stats(long[] ns) {
        long[] s = ns.clone();
        Arrays.sort(s);
        return String.format("median %.3f ms, p99 %.3f ms", s[s.length / 2] / 1e6, s[s.length * 99 / 100] / 1e6);
    }
}
