package dev.metering.platform.eventstore;

/** An aggregate's state as folded from its stream, and the stream version it reflects (0: no stream yet). */
public record Loaded<S>(String streamId, S state, int version) {

    public boolean exists() {
        return version > 0;
    }
}
