package dev.metering.ingest.heartbeat.messaging;

import dev.metering.contracts.CloudEvent;
import dev.metering.contracts.CloudEvents;
import dev.metering.contracts.Topics;
import dev.metering.contracts.telemetry.TelemetryEvent;
import dev.metering.ingest.config.IngestConfig;
import dev.metering.platform.kafka.KafkaClientConfig;
import dev.metering.ingest.heartbeat.HeartbeatKind;
import dev.metering.contracts.Instants;
import dev.metering.platform.kafka.Lz4Native;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * The one Kafka producer of the service (idempotent, {@code acks=all}, lz4, batching with a short
 * linger). {@link #sendAll} completes only when the broker acknowledged every record, from the
 * producer's callbacks: nothing ever waits on a thread for an acknowledgement.
 */
@Startup
@ApplicationScoped
public class HeartbeatPublisher {

    public static final String SOURCE = "/telemetry-ingest";

    private static final String PREFIX = CloudEvents.HEADER_PREFIX;
    // the headers that are the same for every record are shared (a Header is immutable; Kafka reads, never changes it)
    private static final Header SPEC_VERSION = new RecordHeader(PREFIX + "specversion", bytes(CloudEvent.SPEC_VERSION));
    private static final Header SOURCE_HEADER = new RecordHeader(PREFIX + "source", bytes(SOURCE));
    private static final Header CONTENT_TYPE = new RecordHeader(CloudEvents.CONTENT_TYPE_HEADER, bytes(CloudEvent.JSON));
    private static final String ID = PREFIX + "id";
    private static final String SUBJECT = PREFIX + "subject";
    private static final String TIME = PREFIX + "time";
    private static final Map<HeartbeatKind, Header> TYPES = new EnumMap<>(HeartbeatKind.class);

    static {
        for (HeartbeatKind kind : HeartbeatKind.values()) {
            TYPES.put(kind, new RecordHeader(PREFIX + "type", bytes(kind.eventType())));
        }
    }

    private static final Logger LOG = Logger.getLogger(HeartbeatPublisher.class);

    private final KafkaProducer<String, byte[]> producer;

    public HeartbeatPublisher(KafkaClientConfig kafka, IngestConfig config) {
        IngestConfig.Producer c = config.producer();
        if (c.lz4Native() && "lz4".equalsIgnoreCase(c.compressionType())) {
            boolean loaded = Lz4Native.load();
            LOG.infof("lz4 compression: native library %s, codec %s", loaded ? "loaded" : "not available",
                    Lz4Native.codec());
        }
        Map<String, Object> props = kafka.client("telemetry-ingest-producer");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.LINGER_MS_CONFIG, c.lingerMs());
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, c.batchSize());
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, c.compressionType());
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, c.maxBlockMs());
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, c.requestTimeoutMs());
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                Math.max(c.deliveryTimeoutMs(), c.lingerMs() + c.requestTimeoutMs()));
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, c.bufferMemory());
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * The binary-mode CloudEvent of a normalised heartbeat on {@code telemetry.heartbeats}: key and
     * subject = customer id, id = {@code customerId:eventId} (stable, so a re-sent batch carries the same
     * ids and downstream counting stays idempotent, R21).
     */
    public static ProducerRecord<String, byte[]> heartbeatRecord(TelemetryEvent event) {
        String time = Instants.format(event.occurredAt());
        byte[] value = TelemetryJson.write(event, time);
        // #16: the seven headers as one exact-size list with the constant ones shared; adding them one by one grew
        // the record's header list twice per record (~3 % of ingest's samples in `bin/bench --quick --jfr --only
        // ingest`, ArrayList.grow under RecordHeaders.add)
        Header[] headers = {SPEC_VERSION, new RecordHeader(ID, bytes(cloudEventId(event))), SOURCE_HEADER,
                TYPES.get(HeartbeatKind.of(event)), new RecordHeader(SUBJECT, bytes(event.customerId())),
                new RecordHeader(TIME, bytes(time)), CONTENT_TYPE};
        return new ProducerRecord<>(Topics.TELEMETRY_HEARTBEATS, null, null, event.customerId(), value,
                Arrays.asList(headers));
    }

    public static String cloudEventId(TelemetryEvent event) {
        return event.customerId() + ":" + event.eventId();
    }

    /**
     * Sends every record; the future completes when all are acknowledged, or exceptionally with the
     * first failure (a send that cannot even be queued, e.g. no metadata within max.block.ms, stops
     * the rest).
     */
    public CompletableFuture<Void> sendAll(List<ProducerRecord<String, byte[]>> records) {
        CompletableFuture<Void> all = new CompletableFuture<>();
        if (records.isEmpty()) {
            all.complete(null);
            return all;
        }
        AtomicInteger pending = new AtomicInteger(records.size());
        Callback callback = (metadata, error) -> {
            if (error != null) {
                all.completeExceptionally(error);
            } else if (pending.decrementAndGet() == 0) {
                all.complete(null);
            }
        };
        for (ProducerRecord<String, byte[]> record : records) {
            if (all.isDone()) {
                break;
            }
            try {
                producer.send(record, callback);
            } catch (RuntimeException e) {
                all.completeExceptionally(e);
                break;
            }
        }
        return all;
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
