package dev.metering.ingest.heartbeat;

import dev.metering.platform.error.ApiException;

/** The whole body is unacceptable (not per item): {@code status} and kebab-case {@code code}, no stack trace. */
public class BodyException extends ApiException {

    public BodyException(int status, String code, String message) {
        super(status, code, message, false);
    }
}
