package dev.metering.bench;

import dev.metering.contracts.ProductCode;
import dev.metering.contracts.telemetry.DeviceHeartbeat;
import dev.metering.contracts.telemetry.DeviceKind;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The same deterministic workload for every contender: {@code customers} customers with {@code devicesPerCustomer}
 * devices each (workstations with users, a few servers without), heartbeats spread over the 30 days before
 * {@code closeAt}. Heartbeat i is a pure function of i, so any stage can regenerate any slice.
 *
 * <p>With {@code uuids}, customer and device ids are UUID-shaped (version 4, lower case), as customer-service and
 * the endpoint agents make them, derived from the index (so still deterministic); otherwise they are short
 * readable strings ({@code prefix + index}, {@code dev-<customer>-<n>}).
 */
public record Workload(String prefix, int customers, int devicesPerCustomer, int heartbeatsPerDevice, Instant closeAt,
        long seed, boolean uuids) {

    public Workload(int customers, int devicesPerCustomer, int heartbeatsPerDevice, Instant closeAt, long seed) {
        this("cust-", customers, devicesPerCustomer, heartbeatsPerDevice, closeAt, seed, false);
    }

    public Workload(String prefix, int customers, int devicesPerCustomer, int heartbeatsPerDevice, Instant closeAt,
            long seed) {
        this(prefix, customers, devicesPerCustomer, heartbeatsPerDevice, closeAt, seed, false);
    }

    public long devices() {
        return (long) customers * devicesPerCustomer;
    }

    public long heartbeats() {
        return devices() * heartbeatsPerDevice;
    }

    public String customerId(int c) {
        return uuids ? uuid(seed ^ 0x43555354L, c) : prefix + c;
    }

    /** The id of device {@code local} of customer {@code customer}. */
    public String deviceId(int customer, int local) {
        return uuids ? uuid(seed ^ 0x44455649L, (long) customer * devicesPerCustomer + local)
                : "dev-" + customer + "-" + local;
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
        return new DeviceHeartbeat("hb-" + i, customerId(customer), deviceId(customer, local),
                server ? DeviceKind.SERVER : DeviceKind.WORKSTATION,
                server ? Set.of(ProductCode.SERVER_ADVANCED) : Set.of(ProductCode.ENDPOINT_ADVANCED),
                server ? null : "user-" + customer + "-" + (local / 2), "host-" + local, "2026.3", occurred, occurred);
    }

    /**
     * A version-4-shaped UUID that is a pure function of {@code (salt, index)}: the high half is a bijection of the
     * index (SplitMix64's finalizer), so two indexes of one salt never share it up to the 4 version bits.
     */
    static String uuid(long salt, long index) {
        long hi = mix(salt ^ (index * 0x9E3779B97F4A7C15L));
        long lo = mix(hi ^ 0xD1B54A32D192ED03L);
        hi = (hi & ~0xF000L) | 0x4000L;
        lo = (lo & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(hi, lo).toString();
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
