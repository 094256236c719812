package dev.metering.contracts;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The CloudEvents 1.0 envelope of every record the platform writes to Kafka. {@code id} is globally
 * unique and is the consumers' idempotency key; {@code subject} is the Kafka key. {@code extensions}
 * are CloudEvents extension attributes (string-valued here, e.g. the {@link Audit} attributes); in
 * structured mode they are top-level members, in binary mode {@code ce_<name>} headers.
 */
public record CloudEvent(String specversion, String id, String source, String type, String subject, Instant time,
        String datacontenttype, JsonNode data, @JsonIgnore Map<String, String> extensions) {

    public static final String SPEC_VERSION = "1.0";
    public static final String JSON = "application/json";
    /** CloudEvents: attribute names are lowercase ASCII letters and digits (at most 20 recommended). */
    public static final Pattern EXTENSION_NAME = Pattern.compile("[a-z0-9]{1,20}");

    public CloudEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
        extensions.keySet().forEach(name -> {
            if (!EXTENSION_NAME.matcher(name).matches() || CloudEvents.CONTEXT_ATTRIBUTES.contains(name)) {
                throw new IllegalArgumentException("not a CloudEvents extension attribute name: " + name);
            }
        });
    }

    /** An envelope without extension attributes. */
    public CloudEvent(String specversion, String id, String source, String type, String subject, Instant time,
            String datacontenttype, JsonNode data) {
        this(specversion, id, source, type, subject, time, datacontenttype, data, Map.of());
    }

    /** Structured mode writes the extensions as top-level members, sorted by name. */
    @JsonAnyGetter
    public Map<String, String> extensionMembers() {
        return new java.util.TreeMap<>(extensions);
    }

    public CloudEvent withExtensions(Map<String, String> more) {
        Map<String, String> all = new java.util.HashMap<>(extensions);
        all.putAll(more);
        return new CloudEvent(specversion, id, source, type, subject, time, datacontenttype, data, all);
    }
}
