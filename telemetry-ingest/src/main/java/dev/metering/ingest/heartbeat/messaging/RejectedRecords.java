package dev.metering.ingest.heartbeat.messaging;

import dev.metering.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Dead letters on {@code telemetry.rejected}: the original key and payload (each truncated beyond a
 * limit, so a dead letter can always be written and can never stall the raw consumer), the original headers prefixed with {@code original-}, and
 * where it came from and why it was refused.
 */
public final class RejectedRecords {

    public static final String REASON = "rejected-reason";
    public static final String SOURCE_TOPIC = "rejected-source-topic";
    public static final String SOURCE_PARTITION = "rejected-source-partition";
    public static final String SOURCE_OFFSET = "rejected-source-offset";
    public static final String REJECTED_AT = "rejected-at";
    public static final String TRUNCATED = "rejected-truncated";
    public static final String KEY_TRUNCATED = "rejected-key-truncated";
    /** Longest original key kept; with the payload and header caps a dead letter stays under 1 MiB. */
    public static final int MAX_KEY_CHARS = 1024;
    static final int MAX_HEADERS = 64;
    static final int MAX_HEADER_BYTES = 4096;
    public static final String ORIGINAL_PREFIX = "original-";

    private RejectedRecords() {
    }

    public static ProducerRecord<String, byte[]> of(ConsumerRecord<String, byte[]> source, String reason,
            Instant rejectedAt, int maxPayloadBytes) {
        byte[] payload = source.value() == null ? new byte[0] : source.value();
        boolean truncated = payload.length > maxPayloadBytes;
        if (truncated) {
            payload = Arrays.copyOf(payload, maxPayloadBytes);
        }
        String key = source.key();
        boolean keyTruncated = key != null && key.length() > MAX_KEY_CHARS;
        if (keyTruncated) {
            key = key.substring(0, MAX_KEY_CHARS);
        }
        ProducerRecord<String, byte[]> out = new ProducerRecord<>(Topics.TELEMETRY_REJECTED, key, payload);
        int copied = 0;
        for (Header h : source.headers()) {
            // a dead letter must stay writable whatever the original carried
            if (copied >= MAX_HEADERS || h.key().length() > 256 || h.value() == null
                    || h.value().length > MAX_HEADER_BYTES) {
                continue;
            }
            out.headers().add(ORIGINAL_PREFIX + h.key(), h.value());
            copied++;
        }
        out.headers().add(REASON, bytes(reason));
        out.headers().add(SOURCE_TOPIC, bytes(source.topic()));
        out.headers().add(SOURCE_PARTITION, bytes(Integer.toString(source.partition())));
        out.headers().add(SOURCE_OFFSET, bytes(Long.toString(source.offset())));
        out.headers().add(REJECTED_AT, bytes(rejectedAt.toString()));
        if (truncated) {
            out.headers().add(TRUNCATED, bytes("true"));
        }
        if (keyTruncated) {
            out.headers().add(KEY_TRUNCATED, bytes("true"));
        }
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
