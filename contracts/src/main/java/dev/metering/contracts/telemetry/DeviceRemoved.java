package dev.metering.contracts.telemetry;

import dev.metering.contracts.EventType;
import java.time.Instant;

/**
 * A device was uninstalled or deleted (R19): it stops counting at instants at or after
 * {@code occurredAt} unless it sends a heartbeat after that. {@code deviceId} is a firewall's serial
 * number when a firewall is removed.
 */
@EventType("metering.telemetry.v1.device-removed")
public record DeviceRemoved(
        String eventId,
        String customerId,
        String deviceId,
        Reason reason,
        Instant occurredAt,
        Instant receivedAt) implements TelemetryEvent {

    public enum Reason {
        UNINSTALLED, DELETED
    }
}
