package dev.metering.bench;

import dev.metering.contracts.ProductCode;
import dev.metering.contracts.telemetry.DeviceHeartbeat;
import dev.metering.contracts.telemetry.DeviceKind;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The same deterministic workload for every contender: {@code customers} customers with {@code devicesPerCustomer}
 * devices each (workstations with users, a few servers without), heartbeats spread over the 30 days before
 * {@code closeAt}. Heartbeat i is a pure function of i, so any stage can regenerate any slice.
 */
public record Workload(String prefix, int customers, int devicesPerCustomer, int heartbeatsPerDevice, Instant closeAt,
        long seed) {

    public Workload(int customers, int devicesPerCustomer, int heartbeatsPerDevice, Instant closeAt, long seed) {
        this("cust-", customers, devicesPerCustomer, heartbeatsPerDevice, closeAt, seed);
    }

    public long devices() {
        return (long) customers * devicesPerCustomer;
    }

    public long heartbeats() {
        return devices() * heartbeatsPerDevice;
    }

    public String customerId(int c) {
        return prefix + c;
    }

    /** The i-th heartbeat (0 <= i < heartbeats()). */
    public DeviceHeartbeat heartbeat(long i) {
        long device = i % devices();
        int customer = (int) (device / devicesPerCustomer);
        int local = (int) (device % devicesPerCustomer);
        SplittableRandom r = new SplittableRandom(seed ^ (i * 0x9E3779B97F4A7C15L));
        boolean server = local % 10 == 9;
        long ageMs = r.nextLong(30L * 24 * 3600 * 1000 - 1);
        Instant occurred = closeAt.minus(ageMs, ChronoUnit.MILLIS);
        String deviceId = "dev-" + customer + "-" + local;
        return new DeviceHeartbeat("hb-" + i, customerId(customer), deviceId,
                server ? DeviceKind.SERVER : DeviceKind.WORKSTATION,
                server ? Set.of(ProductCode.SERVER_ADVANCED) : Set.of(ProductCode.ENDPOINT_ADVANCED),
                server ? null : "user-" + customer + "-" + (local / 2), "host-" + local, "2026.3", occurred, occurred);
    }
}
