package dev.metering.billing.usage;

import static dev.metering.contracts.ProductCode.DEVICE_ENCRYPTION;
import static dev.metering.contracts.ProductCode.ENDPOINT_ADVANCED;
import static dev.metering.contracts.ProductCode.SERVER_ADVANCED;

/** Heartbeats whose device and user ids are UUIDs, lower- and upper-case (the shapes stored as 16 bytes). */
final class UuidFixture {

    static final String LOWER = "5f0c3a4e-9b1d-4c7a-8e2f-0a1b2c3d4e5f";
    static final String UPPER = "A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D";
    static final String USER = "0b7d1e2f-3a4b-4c5d-9e6f-7a8b9c0d1e2f";

    private UuidFixture() {
    }

    /** A customer whose every device id is a lower-case UUID (the dictionary's fixed-width layout). */
    static String device(int n) {
        return new java.util.UUID(0x5f0c3a4e9b1d4c7aL + n, 0x8e2f0a1b2c3d4e5fL * (n + 1)).toString();
    }

    /** Heartbeats and removals of seven UUID-named devices, users named as the benchmark names them. */
    static void uuidOnlyFacts(CustomerUnits u) {
        for (int n = 0; n < 6; n++) {
            u.heartbeat(device(n), ENDPOINT_ADVANCED, "user-7-" + n / 2,
                    CustomerUnitsSnapshotTest.at("2026-10-0" + (n + 1) + "T08:00:00.123Z"));
            u.heartbeat(device(n), ENDPOINT_ADVANCED, "user-7-" + n / 2,
                    CustomerUnitsSnapshotTest.at("2026-10-2" + n + "T17:30:00.001Z"));
        }
        u.heartbeat(device(6), SERVER_ADVANCED, null, CustomerUnitsSnapshotTest.at("2026-10-10T10:00:00Z"));
        u.heartbeat(device(6), DEVICE_ENCRYPTION, null, CustomerUnitsSnapshotTest.at("2026-10-12T10:00:00Z"));
        u.removed(device(6), CustomerUnitsSnapshotTest.at("2026-10-11T10:00:00Z"));
        u.removed(device(1), CustomerUnitsSnapshotTest.at("2026-10-30T00:00:00Z"));
        u.heartbeat(device(2), ENDPOINT_ADVANCED, "user-7-9", CustomerUnitsSnapshotTest.at("2026-09-01T00:00:00Z"));
    }

    static void facts(CustomerUnits u) {
        u.heartbeat(LOWER, ENDPOINT_ADVANCED, USER, CustomerUnitsSnapshotTest.at("2026-10-26T09:00:00Z"));
        u.heartbeat(UPPER, SERVER_ADVANCED, null, CustomerUnitsSnapshotTest.at("2026-10-27T09:30:00Z"));
        u.heartbeat(LOWER, ENDPOINT_ADVANCED, USER, CustomerUnitsSnapshotTest.at("2026-10-28T09:00:00Z"));
    }
}
