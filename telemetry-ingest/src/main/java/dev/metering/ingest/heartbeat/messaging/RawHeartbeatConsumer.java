package dev.metering.ingest.heartbeat.messaging;

import dev.metering.ingest.config.IngestConfig;
import dev.metering.ingest.heartbeat.ItemOutcome;
import dev.metering.ingest.heartbeat.RawRecordProcessor;
import dev.metering.ingest.heartbeat.Reasons;
import dev.metering.ingest.heartbeat.metrics.IngestMetrics;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Validates gateway heartbeats from {@code telemetry.heartbeats.raw}, a poll at a time (SmallRye batch
 * consumption, up to {@code ingest.raw.max-poll-records} records): each record becomes a normalised heartbeat
 * or a dead letter (every record is one or the other, so a poison record can never hold the others back),
 * all are produced, and the batch is acknowledged (its offsets committed) only after the broker acknowledged
 * every one. When producing fails (broker trouble) the batch is processed and produced again after an
 * exponential back-off (Mutiny), as long as the trouble lasts: at-least-once, and duplicates carry the same
 * CloudEvent ids (R21). Batches are handled one after the other on a worker thread, never on the event loop
 * that serves {@code POST /v1/heartbeats}.
 */
@ApplicationScoped
public class RawHeartbeatConsumer {

    public static final String CHANNEL = "heartbeats-raw";
    private static final Logger LOG = Logger.getLogger(RawHeartbeatConsumer.class);
    private static final Duration FIRST_BACK_OFF = Duration.ofMillis(500);
    private static final Duration LONGEST_BACK_OFF = Duration.ofSeconds(30);

    private final IngestConfig config;
    private final RawRecordProcessor processor;
    private final HeartbeatPublisher publisher;
    private final IngestMetrics metrics;

    private volatile boolean stopping;

    public RawHeartbeatConsumer(IngestConfig config, RawRecordProcessor processor, HeartbeatPublisher publisher,
            IngestMetrics metrics) {
        this.config = config;
        this.processor = processor;
        this.publisher = publisher;
        this.metrics = metrics;
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true; // a batch still waiting for the broker fails, unacknowledged: it is read again later
    }

    @Incoming(CHANNEL)
    @Blocking
    public void consume(ConsumerRecords<String, byte[]> records) {
        metrics.batchSize(IngestMetrics.KAFKA, records.count());
        Uni.createFrom().deferred(() -> produce(records))
                .onFailure().invoke(e -> {
                    metrics.produceFailed(IngestMetrics.KAFKA);
                    LOG.warnf("producing the results of %d raw records failed (%s); retrying after a back-off",
                            records.count(), e.getCause() == null ? e.toString() : e.getCause().toString());
                })
                .onFailure(e -> !stopping).retry().withBackOff(FIRST_BACK_OFF, LONGEST_BACK_OFF).indefinitely()
                .await().indefinitely();
    }

    /** Every record's result (heartbeat or dead letter), completed when the broker acknowledged them all. */
    private Uni<Void> produce(ConsumerRecords<String, byte[]> records) {
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
        Timer.Sample sample = Timer.start();
        return Uni.createFrom().completionStage(() -> publisher.sendAll(out))
                .ifNoItem().after(config.http().ackTimeout()).fail()
                .invoke(() -> sample.stop(metrics.produceLatency(IngestMetrics.KAFKA)));
    }

    private static Map<String, byte[]> headers(ConsumerRecord<String, byte[]> record) {
        Map<String, byte[]> headers = new HashMap<>();
        for (Header h : record.headers()) {
            headers.put(h.key(), h.value());
        }
        return headers;
    }
}
