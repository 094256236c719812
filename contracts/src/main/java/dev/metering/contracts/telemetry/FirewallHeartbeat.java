package dev.metering.contracts.telemetry;

import dev.metering.contracts.EventType;
import java.time.Instant;
import java.util.Set;

/** An SFOS firewall's daily telemetry (R13, R15, R18); the unit is the serial number. */
@EventType("metering.telemetry.v1.firewall-heartbeat")
public record FirewallHeartbeat(
        String eventId,
        String customerId,
        String serialNumber,
        String model,
        String firmwareVersion,
        Set<FirewallSubscription> subscriptions,
        Instant occurredAt,
        Instant receivedAt) implements TelemetryEvent {
}
