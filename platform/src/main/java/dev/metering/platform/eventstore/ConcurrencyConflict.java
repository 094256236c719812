package dev.metering.platform.eventstore;

import dev.metering.platform.error.DomainException;

/**
 * Optimistic concurrency: the stream was not at the version the writer expected (another writer got
 * there first, or an HTTP {@code If-Match} named an old version). A {@link DomainException} of kind
 * CONFLICT, so the REST layer answers 409 {@code concurrency-conflict} with no extra mapping.
 */
public class ConcurrencyConflict extends DomainException {

    public static final String CODE = "concurrency-conflict";

    private final String streamId;
    private final int expectedVersion;
    private final Integer actualVersion;

    public ConcurrencyConflict(String streamId, int expectedVersion, Integer actualVersion) {
        super(Kind.CONFLICT, CODE, "stream " + streamId + " was changed concurrently: expected version "
                + expectedVersion + (actualVersion == null ? "" : ", found " + actualVersion)
                + "; reload it and retry");
        this.streamId = streamId;
        this.expectedVersion = expectedVersion;
        this.actualVersion = actualVersion;
    }

    public String streamId() {
        return streamId;
    }

    public int expectedVersion() {
        return expectedVersion;
    }

    /** The version found, when known (null when the database's unique constraint caught the race). */
    public Integer actualVersion() {
        return actualVersion;
    }
}
