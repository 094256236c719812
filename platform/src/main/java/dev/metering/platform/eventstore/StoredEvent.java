package dev.metering.platform.eventstore;

import dev.metering.contracts.MeteringEvent;
import java.time.Instant;
import java.util.UUID;

/** One row of the {@code events} table, decoded: {@code version} is its 1-based position in its stream. */
public record StoredEvent(long globalPosition, UUID eventId, String streamId, String streamType, int version,
        String type, MeteringEvent event, Instant recordedAt) {
}
