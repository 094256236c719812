package dev.metering.ingest.heartbeat.messaging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.metering.contracts.telemetry.DeviceHeartbeat;
import dev.metering.contracts.telemetry.DeviceRemoved;
import dev.metering.contracts.telemetry.FirewallHeartbeat;
import dev.metering.contracts.telemetry.TelemetryEvent;
import dev.metering.contracts.Instants;
import dev.metering.ingest.heartbeat.JsonBytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Set;

/**
 * Writes a telemetry event in exactly the contracts' JSON form ({@code dev.metering.contracts.Json}:
 * record components in order, nulls left out, instants as ISO-8601, enums by name), without
 * reflection-driven data binding: the hot path of ingest (verified equal to the contracts mapper in the
 * tests). When every string of the event is printable ASCII without {@code "} and {@code \\} (ids,
 * names and versions almost always are) the bytes are written by hand; otherwise a streaming Jackson
 * generator writes them, so escaping and UTF-8 are Jackson's own.
 */
public final class TelemetryJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private TelemetryJson() {
    }

    public static byte[] write(TelemetryEvent event) {
        return write(event, event.occurredAt() == null ? null : Instants.format(event.occurredAt()));
    }

    /** With {@code occurredAt} already formatted (it is also the CloudEvents {@code time}). */
    public static byte[] write(TelemetryEvent event, String occurredAt) {
        byte[] fast = AsciiWriter.write(event, occurredAt);
        return fast != null ? fast : writeWithGenerator(event, occurredAt);
    }

    /** The general path: Jackson's streaming generator (any string content). */
    static byte[] writeWithGenerator(TelemetryEvent event, String occurredAt) {
        ByteArrayBuilder out = new ByteArrayBuilder(FACTORY._getBufferRecycler(), 512);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            string(g, "eventId", event.eventId());
            string(g, "customerId", event.customerId());
            if (event instanceof DeviceHeartbeat d) {
                string(g, "deviceId", d.deviceId());
                string(g, "deviceKind", d.deviceKind() == null ? null : d.deviceKind().name());
                enums(g, "products", d.products());
                string(g, "userId", d.userId());
                string(g, "hostname", d.hostname());
                string(g, "agentVersion", d.agentVersion());
            } else if (event instanceof FirewallHeartbeat f) {
                string(g, "serialNumber", f.serialNumber());
                string(g, "model", f.model());
                string(g, "firmwareVersion", f.firmwareVersion());
                enums(g, "subscriptions", f.subscriptions());
            } else if (event instanceof DeviceRemoved r) {
                string(g, "deviceId", r.deviceId());
                string(g, "reason", r.reason() == null ? null : r.reason().name());
            }
            string(g, "occurredAt", occurredAt);
            instant(g, "receivedAt", event.receivedAt());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] bytes = out.toByteArray();
        out.release();
        return bytes;
    }

    private static void string(JsonGenerator g, String field, String value) throws IOException {
        if (value != null) {
            g.writeStringField(field, value);
        }
    }

    private static void instant(JsonGenerator g, String field, Instant value) throws IOException {
        if (value != null) {
            g.writeStringField(field, Instants.formatReceivedAt(value));
        }
    }

    private static void enums(JsonGenerator g, String field, Set<? extends Enum<?>> values) throws IOException {
        if (values == null) {
            return;
        }
        g.writeArrayFieldStart(field);
        for (Enum<?> v : values) {
            g.writeString(v.name());
        }
        g.writeEndArray();
    }

    /**
     * The hand-written path for events whose strings need no escaping: gives up (null) at the first
     * string with a character outside {@code 0x20..0x7e}, {@code "} or {@code \\}.
     */
    static final class AsciiWriter {

        private static final byte[] EVENT_ID = JsonBytes.ascii("{\"eventId\":");
        private static final byte[] CUSTOMER_ID = JsonBytes.ascii("\"customerId\":");
        private static final byte[] DEVICE_ID = JsonBytes.ascii("\"deviceId\":");
        private static final byte[] DEVICE_KIND = JsonBytes.ascii("\"deviceKind\":");
        private static final byte[] PRODUCTS = JsonBytes.ascii("\"products\":[");
        private static final byte[] USER_ID = JsonBytes.ascii("\"userId\":");
        private static final byte[] HOSTNAME = JsonBytes.ascii("\"hostname\":");
        private static final byte[] AGENT_VERSION = JsonBytes.ascii("\"agentVersion\":");
        private static final byte[] SERIAL_NUMBER = JsonBytes.ascii("\"serialNumber\":");
        private static final byte[] MODEL = JsonBytes.ascii("\"model\":");
        private static final byte[] FIRMWARE_VERSION = JsonBytes.ascii("\"firmwareVersion\":");
        private static final byte[] SUBSCRIPTIONS = JsonBytes.ascii("\"subscriptions\":[");
        private static final byte[] REASON = JsonBytes.ascii("\"reason\":");
        private static final byte[] OCCURRED_AT = JsonBytes.ascii("\"occurredAt\":");
        private static final byte[] RECEIVED_AT = JsonBytes.ascii("\"receivedAt\":");

        private final JsonBytes out = new JsonBytes(512);
        /** A field was written: the next one needs a comma. */
        private boolean more;

        private AsciiWriter() {
        }

        static byte[] write(TelemetryEvent event, String occurredAt) {
            AsciiWriter w = new AsciiWriter();
            return w.event(event, occurredAt) ? w.out.toBytes() : null;
        }

        private boolean event(TelemetryEvent event, String occurredAt) {
            // '{' comes with the first field's name: an event without eventId (never validated ones) takes
            // the generator path
            if (event.eventId() == null) {
                return false;
            }
            if (!field(EVENT_ID, event.eventId()) || !field(CUSTOMER_ID, event.customerId())) {
                return false;
            }
            if (event instanceof DeviceHeartbeat d) {
                if (!field(DEVICE_ID, d.deviceId())
                        || !field(DEVICE_KIND, d.deviceKind() == null ? null : d.deviceKind().name())
                        || !enums(PRODUCTS, d.products()) || !field(USER_ID, d.userId())
                        || !field(HOSTNAME, d.hostname()) || !field(AGENT_VERSION, d.agentVersion())) {
                    return false;
                }
            } else if (event instanceof FirewallHeartbeat f) {
                if (!field(SERIAL_NUMBER, f.serialNumber()) || !field(MODEL, f.model())
                        || !field(FIRMWARE_VERSION, f.firmwareVersion()) || !enums(SUBSCRIPTIONS, f.subscriptions())) {
                    return false;
                }
            } else if (event instanceof DeviceRemoved r) {
                if (!field(DEVICE_ID, r.deviceId()) || !field(REASON, r.reason() == null ? null : r.reason().name())) {
                    return false;
                }
            } else {
                return false;
            }
            if (!field(OCCURRED_AT, occurredAt)
                    || !field(RECEIVED_AT, event.receivedAt() == null ? null : Instants.formatReceivedAt(event.receivedAt()))) {
                return false;
            }
            out.put((byte) '}');
            return true;
        }

        /** {@code "name":"value"} (with a leading comma after the first field); nothing for null. */
        private boolean field(byte[] name, String value) {
            if (value == null) {
                return true;
            }
            if (more) {
                out.put((byte) ',');
            }
            out.put(name);
            more = true;
            return string(value);
        }

        private boolean enums(byte[] nameAndBracket, Set<? extends Enum<?>> values) {
            if (values == null) {
                return true;
            }
            if (more) {
                out.put((byte) ',');
            }
            out.put(nameAndBracket);
            more = true;
            boolean first = true;
            for (Enum<?> v : values) {
                if (!first) {
                    out.put((byte) ',');
                }
                first = false;
                byte[] quoted = QUOTED_NAMES.get(v.getDeclaringClass())[v.ordinal()];
                if (quoted == null) {
                    return false;
                }
                out.put(quoted);
            }
            out.put((byte) ']');
            return true;
        }

        /** Per enum type, each constant's name as a JSON string ({@code "NAME"}), null if it needed escaping. */
        private static final ClassValue<byte[][]> QUOTED_NAMES = new ClassValue<>() {
            @Override
            protected byte[][] computeValue(Class<?> type) {
                Object[] constants = type.getEnumConstants();
                byte[][] out = new byte[constants.length][];
                for (int i = 0; i < constants.length; i++) {
                    AsciiWriter w = new AsciiWriter();
                    if (w.string(((Enum<?>) constants[i]).name())) {
                        out[i] = w.out.toBytes();
                    }
                }
                return out;
            }
        };

        private boolean string(String s) {
            return out.plainString(s);
        }
    }
}
