package dev.metering.platform.eventstore;

import java.util.List;

/** What an append wrote: the stream's new version and the stored rows (empty when nothing was appended). */
public record AppendResult(String streamId, int version, List<StoredEvent> appended) {
}
