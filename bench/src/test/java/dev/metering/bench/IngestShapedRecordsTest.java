package dev.metering.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.contracts.CloudEvents;
import dev.metering.contracts.Topics;
import dev.metering.contracts.telemetry.DeviceHeartbeat;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/** #16: Kafka's producer tool, through the interceptor, sends the records ingest writes for the same slice. */
class IngestShapedRecordsTest {

    final Workload w = new Workload(10, 10, 30, Instant.parse("2026-11-01T00:00:00Z"), 42);

    @Test
    void everyPayloadOfTheToolBecomesTheNextRecordIngestWouldWriteForItsCustomer() {
        // given the interceptor configured for the slice [1 500, 2 600) and two ingest customers
        IngestShapedRecords interceptor = new IngestShapedRecords();
        interceptor.configure(Map.of("bench.workload", "10,10,30,2026-11-01T00:00:00Z,42", "bench.from", "1500",
                "bench.to", "2600", "bench.customers", "c-a,c-b", "bench.topic", Topics.TELEMETRY_HEARTBEATS));
        byte[] random = "random payload".getBytes(StandardCharsets.UTF_8);

        for (long i = 1500; i < 2600; i++) {
            // when the tool sends one of its payloads
            ProducerRecord<byte[], byte[]> sent = interceptor.onSend(new ProducerRecord<>("ignored", random));

            // then the record is heartbeat i, keyed, identified and typed as ingest writes it, for the customer of
            // its batch of 1 000 (as the load generator's keys are)
            String customer = (i / 1000) % 2 == 0 ? "c-a" : "c-b";
            DeviceHeartbeat hb = w.heartbeat(i);
            assertThat(sent.topic()).isEqualTo(Topics.TELEMETRY_HEARTBEATS);
            assertThat(new String(sent.key(), StandardCharsets.UTF_8)).isEqualTo(customer);
            Map<String, byte[]> headers = new HashMap<>();
            for (Header h : sent.headers()) {
                headers.put(h.key(), h.value());
            }
            assertThat(new String(headers.get("ce_id"), StandardCharsets.UTF_8)).isEqualTo(customer + ":" + hb.eventId());
            assertThat(new String(headers.get("ce_source"), StandardCharsets.UTF_8)).isEqualTo("/telemetry-ingest");
            DeviceHeartbeat read = (DeviceHeartbeat) CloudEvents.unwrap(CloudEvents.read(headers, sent.value()));
            assertThat(read).isEqualTo(new DeviceHeartbeat(hb.eventId(), customer, hb.deviceId(), hb.deviceKind(),
                    hb.products(), hb.userId(), hb.hostname(), hb.agentVersion(), hb.occurredAt(), hb.receivedAt()));
        }
    }
}
