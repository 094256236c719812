package dev.metering.ingest.heartbeat;

/** The whole body is unacceptable (not per item): {@code status} and kebab-case {@code code}. */
public class BodyException extends RuntimeException {

    private final int status;
    private final String code;

    public BodyException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
