package dev.metering.platform.error;

import java.util.List;

/**
 * A request the service refuses, with the HTTP status and a machine-readable {@code code}
 * (kebab-case, documented in docs/errors.md). Domain code throws {@link DomainException}; the REST
 * layer maps those to this.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final List<ErrorBody.FieldError> fields;

    public ApiException(int status, String code, String message) {
        this(status, code, message, null);
    }

    public ApiException(int status, String code, String message, List<ErrorBody.FieldError> fields) {
        super(message);
        this.status = status;
        this.code = code;
        this.fields = fields;
    }

    /**
     * For refusals that are expected and frequent (a malformed ingest body, a refused sign-in): with
     * {@code writableStackTrace} false no stack trace is filled in, the status and code say it all.
     */
    protected ApiException(int status, String code, String message, boolean writableStackTrace) {
        super(message, null, false, writableStackTrace);
        this.status = status;
        this.code = code;
        this.fields = null;
    }

    public static ApiException badRequest(String code, String message) {
        return new ApiException(400, code, message);
    }

    public static ApiException invalidField(String field, String reason, String message) {
        return new ApiException(400, "invalid-field", message, List.of(new ErrorBody.FieldError(field, reason)));
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, "not-found", what + " not found");
    }

    public static ApiException forbidden(String code, String message) {
        return new ApiException(403, code, message);
    }

    public static ApiException conflict(String code, String message) {
        return new ApiException(409, code, message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<ErrorBody.FieldError> fields() {
        return fields;
    }
}
