package dev.metering.contracts.telemetry;

import dev.metering.contracts.EventType;
import dev.metering.contracts.ProductCode;
import java.time.Instant;
import java.util.Set;

/**
 * An endpoint agent's heartbeat (workstation, server or mobile). {@code userId} is null for a device
 * that reports no user (R17: such a device counts as its own unit).
 */
@EventType("metering.telemetry.v1.device-heartbeat")
public record DeviceHeartbeat(
        String eventId,
        String customerId,
        String deviceId,
        DeviceKind deviceKind,
        Set<ProductCode> products,
        String userId,
        String hostname,
        String agentVersion,
        Instant occurredAt,
        Instant receivedAt) implements TelemetryEvent {
}
