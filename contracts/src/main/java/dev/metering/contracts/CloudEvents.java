package dev.metering.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wraps and unwraps {@link MeteringEvent}s in the CloudEvents envelope. On Kafka the platform writes
 * binary mode (attributes as {@code ce_*} headers, the event's JSON as the value) and reads both binary
 * and structured mode (the whole envelope as the value, {@code application/cloudevents+json}).
 */
public final class CloudEvents {

    public static final String HEADER_PREFIX = "ce_";
    public static final String CONTENT_TYPE_HEADER = "content-type";
    public static final String STRUCTURED_CONTENT_TYPE = "application/cloudevents+json";
    /** The spec's own context attributes (everything else is an extension). */
    public static final java.util.Set<String> CONTEXT_ATTRIBUTES = java.util.Set.of("specversion", "id", "source",
            "type", "subject", "time", "datacontenttype", "dataschema", "data", "data_base64");
    /** Longest extension value read from a record; a longer one is refused as not a valid envelope. */
    public static final int MAX_EXTENSION_VALUE = 1024;

    private static final ObjectMapper MAPPER = Json.mapper();

    private CloudEvents() {
    }

    public static CloudEvent wrap(String id, String source, MeteringEvent event) {
        return new CloudEvent(CloudEvent.SPEC_VERSION, id, source, EventTypes.typeOf(event), event.subject(),
                event.occurredAt(), CloudEvent.JSON, MAPPER.valueToTree(event));
    }

    /** {@link #wrap(String, String, MeteringEvent)} carrying the {@link Audit} attributes (none when null). */
    public static CloudEvent wrap(String id, String source, MeteringEvent event, Audit audit) {
        CloudEvent envelope = wrap(id, source, event);
        return audit == null ? envelope : envelope.withExtensions(audit.extensions());
    }

    /** The event in the envelope, or an {@link InvalidEventException} naming what is wrong. */
    public static MeteringEvent unwrap(CloudEvent envelope) {
        Class<? extends MeteringEvent> type = EventTypes.classOf(envelope.type());
        if (type == null) {
            throw new InvalidEventException("unknown-type", "unknown event type " + envelope.type());
        }
        if (envelope.data() == null || !envelope.data().isObject()) {
            throw new InvalidEventException("missing-data", "event " + envelope.id() + " has no data object");
        }
        try {
            return MAPPER.treeToValue(envelope.data(), type);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("bad-data", "data of " + envelope.type() + " does not match: "
                    + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException("bad-data", "data of " + envelope.type() + " does not match: "
                    + e.getMessage());
        }
    }

    /** Binary-mode Kafka headers for an envelope (values UTF-8). */
    public static Map<String, byte[]> binaryHeaders(CloudEvent envelope) {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        put(headers, "specversion", envelope.specversion());
        put(headers, "id", envelope.id());
        put(headers, "source", envelope.source());
        put(headers, "type", envelope.type());
        put(headers, "subject", envelope.subject());
        put(headers, "time", envelope.time() == null ? null : envelope.time().toString());
        headers.put(CONTENT_TYPE_HEADER, bytes(envelope.datacontenttype() == null ? CloudEvent.JSON
                : envelope.datacontenttype()));
        new java.util.TreeMap<>(envelope.extensions()).forEach((name, value) -> put(headers, name, value));
        return headers;
    }

    public static byte[] dataBytes(CloudEvent envelope) {
        try {
            return MAPPER.writeValueAsBytes(envelope.data());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] structuredBytes(CloudEvent envelope) {
        try {
            return MAPPER.writeValueAsBytes(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads a Kafka record in either mode. {@code headers} maps header names to their (last) value.
     *
     * @throws InvalidEventException with a machine-readable reason when the record is not a CloudEvent
     */
    public static CloudEvent read(Map<String, byte[]> headers, byte[] value) {
        if (value == null) {
            throw new InvalidEventException("empty-value", "record has no value");
        }
        byte[] type = headers.get(HEADER_PREFIX + "type");
        if (type != null) {
            JsonNode data = parse(value);
            return new CloudEvent(text(headers, "specversion", CloudEvent.SPEC_VERSION), required(headers, "id"),
                    required(headers, "source"), new String(type, StandardCharsets.UTF_8),
                    text(headers, "subject", null), time(text(headers, "time", null)), CloudEvent.JSON, data,
                    binaryExtensions(headers));
        }
        JsonNode node = parse(value);
        if (!node.isObject() || !node.hasNonNull("type") || !node.hasNonNull("id") || !node.hasNonNull("source")) {
            throw new InvalidEventException("not-a-cloudevent",
                    "record is neither binary-mode (ce_* headers) nor a structured CloudEvent");
        }
        return new CloudEvent(node.path("specversion").asText(CloudEvent.SPEC_VERSION), node.get("id").asText(),
                node.get("source").asText(), node.get("type").asText(),
                node.hasNonNull("subject") ? node.get("subject").asText() : null,
                time(node.hasNonNull("time") ? node.get("time").asText() : null),
                node.path("datacontenttype").asText(CloudEvent.JSON), node.get("data"), structuredExtensions(node));
    }

    private static Map<String, String> binaryExtensions(Map<String, byte[]> headers) {
        Map<String, String> out = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (name.startsWith(HEADER_PREFIX) && value != null) {
                String attribute = name.substring(HEADER_PREFIX.length());
                if (!CONTEXT_ATTRIBUTES.contains(attribute) && CloudEvent.EXTENSION_NAME.matcher(attribute).matches()
                        && value.length <= MAX_EXTENSION_VALUE) {
                    out.put(attribute, new String(value, StandardCharsets.UTF_8));
                }
            }
        });
        return out;
    }

    private static Map<String, String> structuredExtensions(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(member -> {
            String attribute = member.getKey();
            JsonNode value = member.getValue();
            if (!CONTEXT_ATTRIBUTES.contains(attribute) && CloudEvent.EXTENSION_NAME.matcher(attribute).matches()
                    && value.isTextual() && value.asText().length() <= MAX_EXTENSION_VALUE) {
                out.put(attribute, value.asText());
            }
        });
        return out;
    }

    private static JsonNode parse(byte[] value) {
        try {
            return MAPPER.readTree(value);
        } catch (IOException e) {
            throw new InvalidEventException("bad-json", "value is not JSON: " + e.getMessage());
        }
    }

    private static Instant time(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidEventException("bad-time", "time is not an RFC 3339 instant: " + text);
        }
    }

    private static String required(Map<String, byte[]> headers, String attribute) {
        String v = text(headers, attribute, null);
        if (v == null || v.isBlank()) {
            throw new InvalidEventException("missing-" + attribute, "header " + HEADER_PREFIX + attribute + " missing");
        }
        return v;
    }

    private static String text(Map<String, byte[]> headers, String attribute, String fallback) {
        byte[] v = headers.get(HEADER_PREFIX + attribute);
        return v == null ? fallback : new String(v, StandardCharsets.UTF_8);
    }

    private static void put(Map<String, byte[]> headers, String attribute, String value) {
        if (value != null) {
            headers.put(HEADER_PREFIX + attribute, bytes(value));
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
