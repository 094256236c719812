package dev.metering.platform.eventstore;

import java.util.List;

/**
 * The outcome of a command: the state and version after it, and the events it appended (empty when
 * the command changed nothing, in which case nothing was written).
 */
public record Decision<S, E>(String streamId, S state, int version, List<E> events, List<StoredEvent> stored) {
}
