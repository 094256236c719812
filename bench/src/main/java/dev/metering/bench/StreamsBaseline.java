package dev.metering.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The alternative #12 allowed: billing's fold written with Kafka Streams, run in its own JVM against the same
 * pre-filled {@code telemetry.heartbeats}. Each heartbeat is decoded (Jackson's streaming parser, the needed fields
 * only) and folded into a persistent state store (RocksDB, with its changelog topic: Streams' fault tolerance) keyed
 * by customer and device, holding the last-seen instant and the products: the least a Streams fold must keep.
 * Prints {@code RESULT <records/s> <CPU s per 1 M records> <seconds> <records>}.
 */
public final class StreamsBaseline {

    private StreamsBaseline() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String topic = args[1];
        long expected = Long.parseLong(args[2]);
        Path stateDir = Files.createDirectories(Path.of(args[3]));

        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-streams-fold-" + System.currentTimeMillis());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        p.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");

        AtomicLong folded = new AtomicLong();
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore("devices"), Serdes.Bytes(),
                Serdes.ByteArray()));
        builder.stream(topic, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .process(() -> new Fold(folded), "devices");

        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        try (KafkaStreams streams = new KafkaStreams(builder.build(), p)) {
            streams.start();
            long deadline = System.nanoTime() + 900_000_000_000L;
            while (folded.get() == 0) {
                check(deadline, streams);
                Thread.sleep(2);
            }
            long t0 = System.nanoTime();
            long cpu0 = os.getProcessCpuTime();
            long f0 = folded.get();
            while (folded.get() < expected) {
                check(deadline, streams);
                Thread.sleep(10);
            }
            long t1 = System.nanoTime();
            long cpu1 = os.getProcessCpuTime();
            long records = folded.get() - f0;
            System.out.printf(Locale.ROOT, "RESULT %.1f %.3f %.3f %d%n", records / ((t1 - t0) / 1e9),
                    (cpu1 - cpu0) / 1e9 * 1e6 / records, (t1 - t0) / 1e9, folded.get());
            streams.close(java.time.Duration.ofSeconds(30));
            streams.cleanUp();
        }
    }

    private static void check(long deadline, KafkaStreams streams) {
        if (System.nanoTime() > deadline || streams.state() == KafkaStreams.State.ERROR) {
            throw new IllegalStateException("Kafka Streams did not fold the topic: " + streams.state());
        }
    }

    /** One heartbeat into the store: the device's latest instant and its products. */
    static final class Fold implements Processor<byte[], byte[], Void, Void> {

        private static final JsonFactory JSON = new JsonFactory();
        private final AtomicLong folded;
        private KeyValueStore<Bytes, byte[]> store;

        Fold(AtomicLong folded) {
            this.folded = folded;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore("devices");
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            try {
                fold(record.value());
            } catch (IOException | RuntimeException e) {
                // a bad record is skipped (the platform's fold dead-letters it)
            }
            folded.incrementAndGet();
        }

        private void fold(byte[] value) throws IOException {
            String customer = null;
            String device = null;
            long occurredAt = 0;
            int products = 0;
            try (JsonParser parser = JSON.createParser(value)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    return;
                }
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    JsonToken t = parser.nextToken();
                    switch (field) {
                        case "customerId" -> customer = parser.getText();
                        case "deviceId" -> device = parser.getText();
                        case "occurredAt" -> occurredAt = Instant.parse(parser.getText()).toEpochMilli();
                        case "products" -> {
                            while (parser.nextToken() == JsonToken.VALUE_STRING) {
                                products |= 1 << (parser.getText().hashCode() & 31);
                            }
                        }
                        default -> {
                            if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                                parser.skipChildren();
                            }
                        }
                    }
                }
            }
            if (customer == null || device == null) {
                return;
            }
            Bytes key = Bytes.wrap((customer + '/' + device).getBytes(StandardCharsets.UTF_8));
            byte[] old = store.get(key);
            if (old != null) {
                ByteBuffer b = ByteBuffer.wrap(old);
                long seen = b.getLong();
                int had = b.getInt();
                if (seen >= occurredAt && (had | products) == had) {
                    return;
                }
                occurredAt = Math.max(seen, occurredAt);
                products |= had;
            }
            store.put(key, ByteBuffer.allocate(12).putLong(occurredAt).putInt(products).array());
        }
    }
}
