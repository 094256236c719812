package dev.metering.platform.error;

/**
 * A command refused by a pure domain decision ({@code decide}). Framework-free; {@code code} is
 * machine-readable and {@link Kind} says which HTTP status family it belongs to.
 */
public class DomainException extends RuntimeException {

    public enum Kind {
        /** The input is not acceptable (400). */
        INVALID(400),
        /** The caller may not do this (403). */
        FORBIDDEN(403),
        /** Not found (404). */
        NOT_FOUND(404),
        /** The aggregate's state does not allow it (409). */
        CONFLICT(409);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Kind kind;
    private final String code;

    public DomainException(Kind kind, String code, String message) {
        super(message);
        this.kind = kind;
        this.code = code;
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }
}
