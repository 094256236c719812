package dev.metering.contracts;

/** A record or body that is not a valid event; {@link #reason()} is machine-readable (kebab-case). */
public class InvalidEventException extends RuntimeException {

    private final String reason;

    public InvalidEventException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
