package dev.metering.ingest.heartbeat.messaging;

import dev.metering.contracts.Topics;
import dev.metering.ingest.config.IngestConfig;
import dev.metering.platform.kafka.KafkaClientConfig;
import dev.metering.ingest.heartbeat.ItemOutcome;
import dev.metering.ingest.heartbeat.RawRecordProcessor;
import dev.metering.ingest.heartbeat.Reasons;
import dev.metering.ingest.heartbeat.metrics.IngestMetrics;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Validates gateway heartbeats from {@code telemetry.heartbeats.raw} on its own thread: each poll's
 * records become normalised heartbeats or dead letters (every record is one or the other, so a
 * poison record can never hold the others back), all are produced, and the offsets are committed only
 * after the broker acknowledged every one. When producing fails, the poll is replayed from its first
 * offsets after a back-off (at-least-once; duplicates carry the same CloudEvent ids, R21).
 */
@ApplicationScoped
public class RawHeartbeatConsumer {

    private static final Logger LOG = Logger.getLogger(RawHeartbeatConsumer.class);

    private final KafkaClientConfig kafka;
    private final IngestConfig config;
    private final RawRecordProcessor processor;
    private final HeartbeatPublisher publisher;
    private final IngestMetrics metrics;

    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public RawHeartbeatConsumer(KafkaClientConfig kafka, IngestConfig config, RawRecordProcessor processor,
            HeartbeatPublisher publisher, IngestMetrics metrics) {
        this.kafka = kafka;
        this.config = config;
        this.processor = processor;
        this.publisher = publisher;
        this.metrics = metrics;
    }

    void start(@Observes StartupEvent event) {
        if (!config.raw().enabled()) {
            LOG.info("consumer of " + Topics.TELEMETRY_HEARTBEATS_RAW + " disabled");
            return;
        }
        Map<String, Object> props = kafka.client("telemetry-ingest-raw");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.raw().groupId());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.raw().maxPollRecords());
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        running = true;
        thread = new Thread(this::run, "ingest-raw-consumer");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        long backoffMs = 500;
        try {
            consumer.subscribe(List.of(Topics.TELEMETRY_HEARTBEATS_RAW));
            while (running) {
                try {
                    ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                    if (records.isEmpty()) {
                        continue;
                    }
                    if (handle(records)) {
                        consumer.commitSync(nextOffsets(records));
                        backoffMs = 500;
                    } else {
                        for (TopicPartition tp : records.partitions()) {
                            consumer.seek(tp, records.records(tp).get(0).offset());
                        }
                        sleep(backoffMs);
                        backoffMs = Math.min(backoffMs * 2, 30_000);
                    }
                } catch (WakeupException e) {
                    if (running) {
                        LOG.warn("raw consumer woken up unexpectedly");
                    }
                } catch (RuntimeException e) {
                    LOG.errorf(e, "raw consumer loop failed; retrying in %d ms", backoffMs);
                    sleep(backoffMs);
                    backoffMs = Math.min(backoffMs * 2, 30_000);
                }
            }
        } finally {
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debug("raw consumer close failed", e);
            }
        }
    }

    /** True when every record's result (heartbeat or dead letter) was acknowledged by the broker. */
    private boolean handle(ConsumerRecords<String, byte[]> records) {
        Instant receivedAt = Instant.now();
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            ItemOutcome outcome;
            try {
                outcome = processor.process(record.key(), headers(record), record.value(), receivedAt);
            } catch (RuntimeException | StackOverflowError e) {
                LOG.warnf("record %s-%d@%d could not be processed: %s", record.topic(), record.partition(),
                        record.offset(), e.getClass().getSimpleName());
                outcome = new ItemOutcome.Rejected(null, null, Reasons.INTERNAL_ERROR);
            }
            metrics.item(IngestMetrics.KAFKA, outcome);
            if (outcome instanceof ItemOutcome.Accepted a) {
                out.add(HeartbeatPublisher.heartbeatRecord(a.event()));
            } else if (outcome instanceof ItemOutcome.Rejected r) {
                out.add(RejectedRecords.of(record, r.reason(), receivedAt, config.raw().maxRejectedPayloadBytes()));
            }
        }
        metrics.batchSize(IngestMetrics.KAFKA, records.count());
        Timer.Sample sample = Timer.start();
        try {
            publisher.sendAll(out).get(config.http().ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
            sample.stop(metrics.produceLatency(IngestMetrics.KAFKA));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            metrics.produceFailed(IngestMetrics.KAFKA);
            LOG.warnf("producing %d results of a raw poll failed (%s); the poll will be replayed", out.size(),
                    e.getCause() == null ? e.toString() : e.getCause().toString());
            return false;
        }
    }

    private static Map<String, byte[]> headers(ConsumerRecord<String, byte[]> record) {
        Map<String, byte[]> headers = new HashMap<>();
        for (Header h : record.headers()) {
            headers.put(h.key(), h.value());
        }
        return headers;
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> list = records.records(tp);
            offsets.put(tp, new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1));
        }
        return offsets;
    }

    /** Sleeps in short slices so a shutdown is never held up by a back-off. */
    private void sleep(long ms) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        try {
            while (running && System.nanoTime() < end) {
                Thread.sleep(Math.max(1, Math.min(100, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()))));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
