package dev.metering.bench;

import dev.metering.contracts.CloudEvents;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The fold's fair consumer baseline (#16 item 4): Kafka's consumer loop as {@code ConsumerPerformance} runs it
 * (a new group, Kafka's default fetch settings, from the earliest offset, nothing committed), plus the decoding
 * of the binary-mode CloudEvents attributes of every record the way billing's general path reads them
 * ({@code CloudEvents.read}): {@code ce_specversion}, {@code ce_id}, {@code ce_source}, {@code ce_type},
 * {@code ce_subject} and {@code content-type} to {@code String}s (UTF-8), {@code ce_time} to an {@link Instant}
 * ({@code Instant.parse}); a record without id, source or type is counted as not a CloudEvent. The value is not
 * parsed (nor does the tool's own loop parse it): it only counts its bytes, as {@code ConsumerPerformance} does.
 *
 * <p>Run in its own JVM (like Kafka's tools, {@link KafkaLimits#decodingConsumer}):
 * {@code DecodingConsumer <bootstrap> <topic> <records>}. It prints one line
 * {@code decoding-consumer records=N seconds=S rate=R cpu=C join-ms=J invalid=I bytes=B}: the rate runs from the
 * group's assignment to the last record (like the tool's {@code fetch.nMsg.sec}), the CPU is this whole process's
 * over the same interval.
 */
public final class DecodingConsumer {

    private static final String TYPE = CloudEvents.HEADER_PREFIX + "type";
    private static final String ID = CloudEvents.HEADER_PREFIX + "id";
    private static final String SOURCE = CloudEvents.HEADER_PREFIX + "source";
    private static final String SPEC = CloudEvents.HEADER_PREFIX + "specversion";
    private static final String SUBJECT = CloudEvents.HEADER_PREFIX + "subject";
    private static final String TIME = CloudEvents.HEADER_PREFIX + "time";

    private DecodingConsumer() {
    }

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: DecodingConsumer <bootstrap> <topic> <records>");
            System.exit(2);
        }
        String bootstrap = args[0];
        String topic = args[1];
        long want = Long.parseLong(args[2]);
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-decoding-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long t0 = System.nanoTime();
        long[] assigned = {0, 0};
        long records = 0;
        long invalid = 0;
        long bytes = 0;
        long sink = 0;
        long last = 0;
        long cpuLast = 0;
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    if (assigned[0] == 0) {
                        assigned[0] = System.nanoTime();
                        assigned[1] = os.getProcessCpuTime();
                    }
                }
            });
            long deadline = t0 + 120_000_000_000L;
            while (records < want && System.nanoTime() < deadline) {
                ConsumerRecords<byte[], byte[]> polled = c.poll(Duration.ofMillis(100));
                for (ConsumerRecord<byte[], byte[]> r : polled) {
                    records++;
                    if (r.value() != null) {
                        bytes += r.value().length;
                    }
                    String spec = null;
                    String id = null;
                    String source = null;
                    String type = null;
                    String subject = null;
                    String contentType = null;
                    Instant time = null;
                    for (Header h : r.headers()) {
                        byte[] v = h.value();
                        if (v == null) {
                            continue;
                        }
                        switch (h.key()) {
                            case SPEC -> spec = new String(v, StandardCharsets.UTF_8);
                            case ID -> id = new String(v, StandardCharsets.UTF_8);
                            case SOURCE -> source = new String(v, StandardCharsets.UTF_8);
                            case TYPE -> type = new String(v, StandardCharsets.UTF_8);
                            case SUBJECT -> subject = new String(v, StandardCharsets.UTF_8);
                            case TIME -> time = Instant.parse(new String(v, StandardCharsets.UTF_8));
                            case CloudEvents.CONTENT_TYPE_HEADER -> contentType = new String(v, StandardCharsets.UTF_8);
                            default -> {
                                // extensions: not read by the fold's hot path
                            }
                        }
                    }
                    if (id == null || source == null || type == null) {
                        invalid++;
                        continue;
                    }
                    // keep every decoded value alive for the JIT
                    sink += spec == null ? 0 : spec.length();
                    sink += id.length() + source.length() + type.hashCode();
                    sink += subject == null ? 0 : subject.length();
                    sink += contentType == null ? 0 : contentType.length();
                    sink += time == null ? 0 : time.getEpochSecond();
                }
                if (!polled.isEmpty()) {
                    last = System.nanoTime();
                    cpuLast = os.getProcessCpuTime();
                }
            }
        }
        long from = assigned[0] == 0 ? t0 : assigned[0];
        double seconds = Math.max(1, last - from) / 1e9;
        System.out.printf(Locale.ROOT, "decoding-consumer records=%d seconds=%.3f rate=%.1f cpu=%.3f join-ms=%.0f"
                + " invalid=%d bytes=%d sink=%d%n", records, seconds, records / seconds,
                (cpuLast - assigned[1]) / 1e9, (from - t0) / 1e6, invalid, bytes, sink);
        if (records < want) {
            System.err.printf(Locale.ROOT, "only %d of %d records within 120 s%n", records, want);
            System.exit(1);
        }
    }
}
