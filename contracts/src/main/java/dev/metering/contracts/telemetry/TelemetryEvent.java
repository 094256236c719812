package dev.metering.contracts.telemetry;

import dev.metering.contracts.MeteringEvent;
import java.time.Instant;

/**
 * Normalised device telemetry on {@code telemetry.heartbeats}, keyed by customer id. The
 * {@link #eventId()} is the device's own id for the event and the idempotency key downstream (R21).
 */
public sealed interface TelemetryEvent extends MeteringEvent permits DeviceHeartbeat, FirewallHeartbeat, DeviceRemoved {

    String eventId();

    String customerId();

    /** When ingest received it; never used for counting (R16 counts by {@link #occurredAt()}). */
    Instant receivedAt();

    @Override
    default String subject() {
        return customerId();
    }
}
