package dev.metering.bench;

import dev.metering.contracts.BillingType;
import dev.metering.contracts.CloudEvent;
import dev.metering.contracts.CloudEvents;
import dev.metering.contracts.EventTypes;
import dev.metering.contracts.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import dev.metering.contracts.MeteringEvent;
import dev.metering.contracts.PartnerTier;
import dev.metering.contracts.Topics;
import dev.metering.contracts.customer.CustomerEvent;
import dev.metering.contracts.customer.PartnerEvent;
import dev.metering.contracts.telemetry.DeviceHeartbeat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Benchmark set-up written straight to Kafka (not through the services' APIs, which would only make the set-up
 * slower): heartbeats on {@code telemetry.heartbeats} exactly as telemetry-ingest writes them (binary-mode
 * CloudEvents, key = customer id, id = {@code customerId:eventId}, source {@code /telemetry-ingest}), and the
 * partners/customers on {@code customers.events} as customer-service publishes them.
 */
public final class TopicFiller implements AutoCloseable {

    private static final ObjectMapper MAPPER = Json.mapper();

    private final KafkaProducer<String, byte[]> producer;
    private final String bootstrap;

    public TopicFiller(String bootstrap) {
        this.bootstrap = bootstrap;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** Heartbeats [0, w.heartbeats()) of the workload, serialized on {@code threads} threads; records/s. */
    public double heartbeats(Workload w, int threads, Progress progress) throws InterruptedException {
        long total = w.heartbeats();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long t0 = System.nanoTime();
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long from = total * t / threads;
            long to = total * (t + 1) / threads;
            boolean report = t == 0;
            Thread th = new Thread(() -> {
                for (long i = from; i < to && failure.get() == null; i++) {
                    DeviceHeartbeat hb = w.heartbeat(i);
                    send(Topics.TELEMETRY_HEARTBEATS, hb.customerId() + ":" + hb.eventId(), "/telemetry-ingest", hb,
                            failure);
                    if (report && (i - from) % 500_000 == 0 && i > from) {
                        progress.report((i - from) * threads, total);
                    }
                }
            });
            th.start();
            ts.add(th);
        }
        for (Thread th : ts) {
            th.join();
        }
        producer.flush();
        if (failure.get() != null) {
            throw new IllegalStateException("producing heartbeats failed", failure.get());
        }
        return total / ((System.nanoTime() - t0) / 1e9);
    }

    /** A partner and its MONTHLY customers, as customer-service would have published them long before S. */
    public void partnerWithCustomers(String partnerId, String distributorId, int customers,
            IntFunction<String> customerId, Instant at) {
        AtomicReference<Exception> failure = new AtomicReference<>();
        send(Topics.CUSTOMERS_EVENTS, "bench-" + partnerId, "/customer-service",
                new PartnerEvent.PartnerRegistered(partnerId, "Partner " + partnerId, PartnerTier.CONNECT_FLEX,
                        distributorId, "DE", at), failure);
        for (int c = 0; c < customers; c++) {
            String id = customerId.apply(c);
            send(Topics.CUSTOMERS_EVENTS, "bench-" + id, "/customer-service",
                    new CustomerEvent.CustomerCreated(id, partnerId, "Customer " + id, null, "DE", BillingType.MONTHLY,
                            true, null, at), failure);
        }
        if (failure.get() != null) {
            throw new IllegalStateException("producing customers failed", failure.get());
        }
    }

    public void flush() {
        producer.flush();
    }

    /**
     * The same record as {@code CloudEvents.binaryHeaders/dataBytes(CloudEvents.wrap(...))} (checked by
     * {@code TopicFillerTest}), without the intermediate JSON tree.
     */
    static ProducerRecord<String, byte[]> record(String topic, String id, String source, MeteringEvent event) {
        byte[] value;
        try {
            value = MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        ProducerRecord<String, byte[]> rec = new ProducerRecord<>(topic, event.subject(), value);
        rec.headers().add(header("specversion", CloudEvent.SPEC_VERSION)).add(header("id", id))
                .add(header("source", source)).add(header("type", EventTypes.typeOf(event)))
                .add(header("subject", event.subject())).add(header("time", event.occurredAt().toString()))
                .add(new RecordHeader(CloudEvents.CONTENT_TYPE_HEADER, CloudEvent.JSON.getBytes(StandardCharsets.UTF_8)));
        return rec;
    }

    private static RecordHeader header(String attribute, String value) {
        return new RecordHeader(CloudEvents.HEADER_PREFIX + attribute, value.getBytes(StandardCharsets.UTF_8));
    }

    private void send(String topic, String id, String source, MeteringEvent event, AtomicReference<Exception> failure) {
        ProducerRecord<String, byte[]> rec = record(topic, id, source, event);
        producer.send(rec, (md, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        });
    }

    /** Sum of the end offsets of the topics (every partition). */
    public long endOffsets(List<String> topics) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (String t : topics) {
                for (PartitionInfo pi : c.partitionsFor(t)) {
                    tps.add(new TopicPartition(t, pi.partition()));
                }
            }
            Map<TopicPartition, Long> end = new HashMap<>(c.endOffsets(tps));
            return end.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    @Override
    public void close() {
        producer.close();
    }

    public interface Progress {
        void report(long done, long total);
    }
}
