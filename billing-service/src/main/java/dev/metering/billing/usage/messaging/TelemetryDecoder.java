package dev.metering.billing.usage.messaging;

import com.fasterxml.jackson.databind.ObjectReader;
import dev.metering.contracts.CloudEvents;
import dev.metering.contracts.EventTypes;
import dev.metering.contracts.InvalidEventException;
import dev.metering.contracts.Json;
import dev.metering.contracts.MeteringEvent;
import dev.metering.contracts.telemetry.TelemetryEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Decodes a {@code telemetry.heartbeats} record. The hot path (binary-mode CloudEvents, the way
 * telemetry-ingest writes them) binds the value straight to the event record, without the
 * intermediate JSON tree of {@link CloudEvents#read}; anything else, and any failure, goes through
 * the general path so a dead letter gets the precise reason.
 */
final class TelemetryDecoder {

    private static final Map<Class<?>, ObjectReader> READERS = new ConcurrentHashMap<>();

    private TelemetryDecoder() {
    }

    private static final byte[] HEARTBEAT_TYPE = EventTypes.typeOf(dev.metering.contracts.telemetry.DeviceHeartbeat.class)
            .getBytes(StandardCharsets.UTF_8);

    /**
     * True when the record's headers are those of the hot path for a device heartbeat (the conditions
     * under which {@link #decode} parses the value straight away): type = device-heartbeat, with an id
     * and a source. Reads the headers in place, without copying them into a map.
     */
    static boolean isPlainHeartbeat(Headers headers) {
        Header type = headers.lastHeader(CloudEvents.HEADER_PREFIX + "type");
        return type != null && Arrays.equals(type.value(), HEARTBEAT_TYPE)
                && headers.lastHeader(CloudEvents.HEADER_PREFIX + "id") != null
                && headers.lastHeader(CloudEvents.HEADER_PREFIX + "source") != null;
    }

    static TelemetryEvent decode(Map<String, byte[]> headers, byte[] value) {
        byte[] type = headers.get(CloudEvents.HEADER_PREFIX + "type");
        if (type != null && value != null && headers.get(CloudEvents.HEADER_PREFIX + "id") != null
                && headers.get(CloudEvents.HEADER_PREFIX + "source") != null) {
            Class<? extends MeteringEvent> cls = EventTypes.classOf(new String(type, StandardCharsets.UTF_8));
            if (cls == dev.metering.contracts.telemetry.DeviceHeartbeat.class) {
                TelemetryEvent fast = HeartbeatParser.parse(value);
                if (fast != null) {
                    return fast;
                }
            } else if (cls != null && TelemetryEvent.class.isAssignableFrom(cls)) {
                try {
                    return READERS.computeIfAbsent(cls, c -> Json.mapper().readerFor(c)).readValue(value);
                } catch (IOException | RuntimeException e) {
                    // fall through: the general path names what is wrong
                }
            }
        }
        MeteringEvent event = CloudEvents.unwrap(CloudEvents.read(headers, value));
        if (!(event instanceof TelemetryEvent telemetry)) {
            throw new InvalidEventException("unexpected-type",
                    event.getClass().getSimpleName() + " is not telemetry");
        }
        return telemetry;
    }
}
