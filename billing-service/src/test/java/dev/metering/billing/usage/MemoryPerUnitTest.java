package dev.metering.billing.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.contracts.ProductCode;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The memory target (issue 8, stage 5: at most 64 bytes of heap per unit) for the pure projection, with the
 * benchmark's ids and shape: 10 000 customers of 100 devices ({@code dev-<customer>-<n>}; 90 % workstations of
 * ENDPOINT_ADVANCED with a user {@code user-<customer>-<n/2>}, 10 % servers), 5 heartbeats per device in the 30
 * days before S, every customer persisted once at the end (as the fold does per batch), plus the query
 * workload's 1 000 customers of 10 devices. Heap used after a full GC, before and after, per device. Run with
 * {@code -Dbenchmark.billing=true}; prints its measurements.
 */
@EnabledIfSystemProperty(named = "benchmark.billing", matches = "true")
class MemoryPerUnitTest {

    static final long S = java.time.Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();

    @Test
    void benchmarkShapedIds() throws Exception {
        measure("benchmark ids (dev-<c>-<n>)", false);
    }

    @Test
    void uuidDeviceIds() throws Exception {
        measure("UUID device ids (no shared prefix)", true);
    }

    private static void measure(String what, boolean uuids) throws Exception {
        long before = heapAfterGc();
        UsageProjection usage = new UsageProjection(ActivityWindow.midnightUtc());
        long devices = fill(usage, "close-c-", 10_000, 100, 5, uuids) + fill(usage, "cust-", 1_000, 10, 5, uuids);
        long snapshotBytes = 0;
        for (CustomerUnits u : usage.all()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            u.writeTo(new DataOutputStream(bytes));
            snapshotBytes += bytes.size();
        }
        long after = heapAfterGc();
        long retained = 0;
        long structure = 0;
        for (CustomerUnits u : usage.all()) {
            retained += u.retainedBytes(true);
            structure += u.retainedBytes(false);
        }
        System.out.printf("[mem] %s: %d devices; heap after GC %.1f B/device (%.1f MiB); retainedBytes %.1f B/device"
                + " (%.1f without id bytes); snapshots %.1f B/device%n", what, devices,
                (after - before) / (double) devices, (after - before) / 1048576.0, retained / (double) devices,
                structure / (double) devices, snapshotBytes / (double) devices);
        assertThat(usage.all()).hasSize(11_000);
    }

    /** Returns the devices added. */
    static long fill(UsageProjection usage, String prefix, int customers, int perCustomer, int heartbeats,
            boolean uuids) throws IOException {
        long n = (long) customers * perCustomer;
        long t0 = System.nanoTime();
        for (long i = 0; i < n * heartbeats; i++) {
            long device = i % n;
            int customer = (int) (device / perCustomer);
            int local = (int) (device % perCustomer);
            SplittableRandom r = new SplittableRandom(7 ^ (i * 0x9E3779B97F4A7C15L));
            boolean server = local % 10 == 9;
            long at = S - r.nextLong(30L * 24 * 3600 * 1000 - 1);
            String deviceId = uuids ? UUID.nameUUIDFromBytes((prefix + customer + "/" + local).getBytes()).toString()
                    : "dev-" + customer + "-" + local;
            usage.customer(prefix + customer).heartbeat(deviceId,
                    server ? ProductCode.SERVER_ADVANCED : ProductCode.ENDPOINT_ADVANCED,
                    server ? null : "user-" + customer + "-" + (local / 2), at);
        }
        System.out.printf("[mem]   folded %d heartbeats of %s in %.2f s%n", n * heartbeats, prefix,
                (System.nanoTime() - t0) / 1e9);
        return n;
    }

    static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
