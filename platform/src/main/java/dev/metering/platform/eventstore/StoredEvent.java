package dev.metering.platform.eventstore;

import dev.metering.contracts.Audit;
import dev.metering.contracts.MeteringEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * One row of the {@code events} table, decoded: {@code version} is its 1-based position in its stream;
 * {@code audit} is who caused it and from which request (null for events stored before the audit trail).
 */
public record StoredEvent(long globalPosition, UUID eventId, String streamId, String streamType, int version,
        String type, MeteringEvent event, Instant recordedAt, Audit audit) {

    public StoredEvent(long globalPosition, UUID eventId, String streamId, String streamType, int version,
            String type, MeteringEvent event, Instant recordedAt) {
        this(globalPosition, eventId, streamId, streamType, version, type, event, recordedAt, null);
    }
}
