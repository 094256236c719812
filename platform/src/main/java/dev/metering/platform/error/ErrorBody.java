package dev.metering.platform.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * The one error body of every service, in the vendor Partner API's shape (DOMAIN.md):
 * {@code error} is the category, {@code code} the machine-readable reason, {@code message} for people.
 * {@code fields} names the offending request fields of a validation error.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String error, String message, String correlationId, String code, Instant createdAt,
        String requestId, String docUrl, List<FieldError> fields) {

    public record FieldError(String field, String reason) {
    }
}
