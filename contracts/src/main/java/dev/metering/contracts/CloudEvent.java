package dev.metering.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * The CloudEvents 1.0 envelope of every record the platform writes to Kafka. {@code id} is globally
 * unique and is the consumers' idempotency key; {@code subject} is the Kafka key.
 */
public record CloudEvent(String specversion, String id, String source, String type, String subject, Instant time,
        String datacontenttype, JsonNode data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String JSON = "application/json";

    public CloudEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
    }
}
