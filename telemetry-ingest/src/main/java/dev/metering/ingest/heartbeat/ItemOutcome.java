package dev.metering.ingest.heartbeat;

import dev.metering.contracts.telemetry.TelemetryEvent;

/** What validation decided about one item: a normalised event, or a machine-readable reason. */
public sealed interface ItemOutcome {

    /** The item's event id as far as it could be read (null when missing or unreadable). */
    String eventId();

    /** The item's kind as far as it could be read (null when missing or unknown). */
    HeartbeatKind kind();

    record Accepted(TelemetryEvent event, HeartbeatKind kind) implements ItemOutcome {
        @Override
        public String eventId() {
            return event.eventId();
        }
    }

    /** {@code reason} is kebab-case, optionally followed by {@code :field} (see {@link Reasons}). */
    record Rejected(String eventId, HeartbeatKind kind, String reason) implements ItemOutcome {
    }
}
