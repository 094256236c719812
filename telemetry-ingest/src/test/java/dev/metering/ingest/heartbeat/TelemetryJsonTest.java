package dev.metering.ingest.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metering.contracts.CloudEvent;
import dev.metering.contracts.CloudEvents;
import dev.metering.contracts.Json;
import dev.metering.contracts.ProductCode;
import dev.metering.contracts.telemetry.DeviceHeartbeat;
import dev.metering.contracts.telemetry.DeviceKind;
import dev.metering.contracts.telemetry.DeviceRemoved;
import dev.metering.contracts.telemetry.FirewallHeartbeat;
import dev.metering.contracts.telemetry.FirewallSubscription;
import dev.metering.contracts.telemetry.TelemetryEvent;
import dev.metering.ingest.heartbeat.messaging.HeartbeatPublisher;
import dev.metering.ingest.heartbeat.messaging.TelemetryJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/** The hot-path writer produces the contracts' JSON form, and the record is a valid binary-mode CloudEvent. */
class TelemetryJsonTest {

    static final ObjectMapper CONTRACTS = Json.mapper();
    static final Instant T = Instant.parse("2026-11-22T11:00:00.123Z");
    static final Instant R = Instant.parse("2026-11-22T11:00:01Z");

    static List<TelemetryEvent> samples() {
        return List.of(
                new DeviceHeartbeat("e-1", "c-1", "d-1", DeviceKind.SERVER,
                        EnumSet.of(ProductCode.SERVER_ADVANCED, ProductCode.DEVICE_ENCRYPTION), "u \"quoted\" ü 😀",
                        "host", "1.0", T, R),
                new DeviceHeartbeat("e-2", "c-1", "d-2", DeviceKind.MOBILE, EnumSet.noneOf(ProductCode.class), null,
                        null, null, T, R),
                new FirewallHeartbeat("e-3", "c-1", "S1", "XGS", "21.0", EnumSet.allOf(FirewallSubscription.class), T, R),
                new FirewallHeartbeat("e-4", "c-1", "S2", "XGS", "21.0", EnumSet.noneOf(FirewallSubscription.class), T,
                        R),
                new DeviceRemoved("e-5", "c-1", "d-1", DeviceRemoved.Reason.UNINSTALLED, T, R));
    }

    @Test
    void writesExactlyWhatTheContractsMapperWrites() throws Exception {
        for (TelemetryEvent event : samples()) {
            byte[] fast = TelemetryJson.write(event);
            assertThat(new String(fast, StandardCharsets.UTF_8))
                    .isEqualTo(new String(CONTRACTS.writeValueAsBytes(event), StandardCharsets.UTF_8));
        }
    }

    @Test
    void theProducedRecordIsABinaryModeCloudEventThatUnwrapsToTheEvent() {
        for (TelemetryEvent event : samples()) {
            ProducerRecord<String, byte[]> record = HeartbeatPublisher.heartbeatRecord(event);
            Map<String, byte[]> headers = new HashMap<>();
            for (Header h : record.headers()) {
                headers.put(h.key(), h.value());
            }
            CloudEvent envelope = CloudEvents.read(headers, record.value());
            assertThat(record.key()).isEqualTo("c-1");
            assertThat(envelope.id()).isEqualTo("c-1:" + event.eventId());
            assertThat(envelope.source()).isEqualTo("/telemetry-ingest");
            assertThat(envelope.subject()).isEqualTo("c-1");
            assertThat(envelope.time()).isEqualTo(T);
            assertThat(envelope.type()).isEqualTo(HeartbeatKind.of(event).eventType());
            assertThat(CloudEvents.unwrap(envelope)).isEqualTo(event);
        }
    }
}
