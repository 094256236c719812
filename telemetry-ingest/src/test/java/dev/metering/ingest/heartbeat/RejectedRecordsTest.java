package dev.metering.ingest.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.contracts.Topics;
import dev.metering.ingest.heartbeat.messaging.RejectedRecords;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** Dead letters keep the evidence but always fit in one Kafka request (a poison record never stalls the consumer). */
class RejectedRecordsTest {

    static ConsumerRecord<String, byte[]> source(String key, byte[] value, RecordHeaders headers) {
        return new ConsumerRecord<>(Topics.TELEMETRY_HEARTBEATS_RAW, 3, 42L, 0L, TimestampType.CREATE_TIME, 0, 0, key,
                value, headers, Optional.empty());
    }

    static String header(ProducerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void keepsKeyPayloadHeadersAndSource() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("gateway", "gw-1".getBytes());
        ProducerRecord<String, byte[]> dl = RejectedRecords.of(source("cust-1", "oops".getBytes(), headers),
                "malformed-json", Instant.parse("2026-11-22T12:00:00Z"), 1000);
        assertThat(dl.topic()).isEqualTo(Topics.TELEMETRY_REJECTED);
        assertThat(dl.key()).isEqualTo("cust-1");
        assertThat(dl.value()).isEqualTo("oops".getBytes());
        assertThat(header(dl, "original-gateway")).isEqualTo("gw-1");
        assertThat(header(dl, "rejected-reason")).isEqualTo("malformed-json");
        assertThat(header(dl, "rejected-source-topic")).isEqualTo(Topics.TELEMETRY_HEARTBEATS_RAW);
        assertThat(header(dl, "rejected-source-partition")).isEqualTo("3");
        assertThat(header(dl, "rejected-source-offset")).isEqualTo("42");
        assertThat(header(dl, "rejected-at")).isEqualTo("2026-11-22T12:00:00Z");
        assertThat(header(dl, "rejected-truncated")).isNull();
        assertThat(RejectedRecords.of(source(null, null, new RecordHeaders()), "empty-value", Instant.EPOCH, 10).value())
                .isEmpty();
    }

    @Test
    void hugeOriginalsAreCutSoTheDeadLetterStaysUnderOneMebibyte() {
        RecordHeaders headers = new RecordHeaders();
        for (int i = 0; i < 500; i++) {
            headers.add("h" + i, new byte[i % 2 == 0 ? 4000 : 9000]);
        }
        headers.add("x".repeat(10_000), new byte[1]);
        ProducerRecord<String, byte[]> dl = RejectedRecords.of(source("k".repeat(900_000), new byte[1_000_000], headers),
                "unknown-customer", Instant.EPOCH, 512 * 1024);
        long size = dl.key().length() + dl.value().length;
        for (Header h : dl.headers()) {
            size += h.key().length() + h.value().length;
        }
        assertThat(size).isLessThan(1024 * 1024 - 4096);
        assertThat(dl.value()).hasSize(512 * 1024);
        assertThat(dl.key()).hasSize(RejectedRecords.MAX_KEY_CHARS);
        assertThat(header(dl, "rejected-truncated")).isEqualTo("true");
        assertThat(header(dl, "rejected-key-truncated")).isEqualTo("true");
    }
}
