package dev.metering.billing.usage;

import static dev.metering.contracts.ProductCode.ENDPOINT_ADVANCED;
import static dev.metering.contracts.ProductCode.SERVER_ADVANCED;

/** Heartbeats whose device and user ids are UUIDs, lower- and upper-case (the shapes stored as 16 bytes). */
final class UuidFixture {

    static final String LOWER = "5f0c3a4e-9b1d-4c7a-8e2f-0a1b2c3d4e5f";
    static final String UPPER = "A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D";
    static final String USER = "0b7d1e2f-3a4b-4c5d-9e6f-7a8b9c0d1e2f";

    private UuidFixture() {
    }

    static void facts(CustomerUnits u) {
        u.heartbeat(LOWER, ENDPOINT_ADVANCED, USER, CustomerUnitsSnapshotTest.at("2026-10-26T09:00:00Z"));
        u.heartbeat(UPPER, SERVER_ADVANCED, null, CustomerUnitsSnapshotTest.at("2026-10-27T09:30:00Z"));
        u.heartbeat(LOWER, ENDPOINT_ADVANCED, USER, CustomerUnitsSnapshotTest.at("2026-10-28T09:00:00Z"));
    }
}
