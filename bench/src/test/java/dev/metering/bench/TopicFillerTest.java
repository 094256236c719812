package dev.metering.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metering.contracts.CloudEvent;
import dev.metering.contracts.CloudEvents;
import dev.metering.contracts.Json;
import dev.metering.contracts.telemetry.DeviceHeartbeat;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/** The harness writes set-up data exactly as the services do, and the load generator's bodies are valid items. */
class TopicFillerTest {

    final Workload w = new Workload(10, 10, 3, Instant.parse("2026-11-01T00:00:00Z"), 42);

    @Test
    void fastRecordEqualsTheContractsBinaryCloudEvent() throws Exception {
        for (long i = 0; i < w.heartbeats(); i += 7) {
            DeviceHeartbeat hb = w.heartbeat(i);
            String id = hb.customerId() + ":" + hb.eventId();
            ProducerRecord<String, byte[]> rec = TopicFiller.record("t", id, "/telemetry-ingest", hb);
            CloudEvent ce = CloudEvents.wrap(id, "/telemetry-ingest", hb);
            Map<String, byte[]> expected = CloudEvents.binaryHeaders(ce);
            Map<String, String> actual = new LinkedHashMap<>();
            for (Header h : rec.headers()) {
                actual.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
            }
            Map<String, String> expectedText = new LinkedHashMap<>();
            expected.forEach((k, v) -> expectedText.put(k, new String(v, StandardCharsets.UTF_8)));
            assertThat(actual).isEqualTo(expectedText);
            assertThat(rec.key()).isEqualTo(hb.customerId());
            assertThat(Json.mapper().readTree(rec.value())).isEqualTo(Json.mapper().readTree(CloudEvents.dataBytes(ce)));
            assertThat(CloudEvents.unwrap(CloudEvents.read(expected, rec.value()))).isEqualTo(hb);
        }
    }

    @Test
    void loadGeneratorBodyIsAnArrayOfDeviceHeartbeatItemsWithoutCustomer() throws Exception {
        JsonNode body = Json.mapper().readTree(IngestLoad.body(w, 5, 25));
        assertThat(body.isArray()).isTrue();
        assertThat(body.size()).isEqualTo(20);
        DeviceHeartbeat hb = w.heartbeat(5);
        JsonNode first = body.get(0);
        assertThat(first.path("kind").asText()).isEqualTo("device-heartbeat");
        assertThat(first.path("eventId").asText()).isEqualTo(hb.eventId());
        assertThat(first.path("deviceId").asText()).isEqualTo(hb.deviceId());
        assertThat(first.path("occurredAt").asText()).isEqualTo(hb.occurredAt().toString());
        assertThat(first.has("customerId")).isFalse();
        assertThat(IngestLoad.acceptedOf("{\"accepted\": 1000, \"rejected\": 0}")).isEqualTo(1000);
        assertThat(IngestLoad.acceptedOf("{\"accepted\":7,")).isEqualTo(7);
    }

    @Test
    void ratiosPairRepeatsAndInvertTimes() {
        Results r = new Results();
        Results.Row ours = r.add("a", "x", "ms", List.of(2.0, 4.0, 5.0), null);
        Results.Row theirs = r.add("b", "y", "ms", List.of(100.0, 100.0, 100.0), null);
        Results.Row ratio = r.ratio("their/our", ours, theirs, true, null);
        assertThat(ratio.values()).containsExactly(50.0, 25.0, 20.0);
        assertThat(ratio.stats().median()).isEqualTo(25.0);
    }
}
