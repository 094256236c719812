package dev.metering.ingest.key.messaging;

import dev.metering.contracts.CloudEvent;
import dev.metering.contracts.CloudEvents;
import dev.metering.contracts.EventTypes;
import dev.metering.contracts.InvalidEventException;
import dev.metering.contracts.MeteringEvent;
import dev.metering.contracts.Topics;
import dev.metering.contracts.customer.CustomerEvent.IngestKeyIssued;
import dev.metering.contracts.customer.CustomerEvent.IngestKeyRevoked;
import dev.metering.ingest.config.IngestConfig;
import dev.metering.platform.kafka.KafkaClientConfig;
import dev.metering.ingest.heartbeat.messaging.HeartbeatPublisher;
import dev.metering.ingest.heartbeat.messaging.RejectedRecords;
import dev.metering.ingest.key.IngestKeyRegistry;
import dev.metering.ingest.key.KeyEventRules;
import dev.metering.ingest.key.store.IngestKeyStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.pgclient.PgException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Learns ingest keys from {@code customers.events} (IngestKeyIssued / IngestKeyRevoked, published by
 * customer-service). Every replica must know every key, so the consumer ASSIGNS itself all partitions
 * (no group balancing); the group id only names where the read position is committed. A position is
 * committed after the {@code ingest_keys} table holds what was read, and at start the committed
 * positions are read BEFORE the table is loaded, so table + resumed stream never miss a key (all
 * writes are idempotent, so replicas sharing the position and the table is safe).
 *
 * <p>A record that cannot be read, or a key event whose ids or hash cannot be stored (NUL, control
 * characters, lone surrogates, over-long ids, a hash that is not SHA-256 hex, or a value PostgreSQL
 * refuses as data), is never retried: it becomes a dead letter on {@code telemetry.rejected} with its
 * reason and source topic, partition and offset, and the consumer goes on with the next record. Only
 * trouble that may pass (database or broker unreachable) replays from the committed positions.
 */
@ApplicationScoped
public class IngestKeyConsumer {

    private static final Logger LOG = Logger.getLogger(IngestKeyConsumer.class);
    private static final String ISSUED = EventTypes.typeOf(IngestKeyIssued.class);
    private static final String REVOKED = EventTypes.typeOf(IngestKeyRevoked.class);

    private final KafkaClientConfig kafka;
    private final IngestConfig config;
    private final IngestKeyStore store;
    private final IngestKeyRegistry registry;
    private final HeartbeatPublisher publisher;
    private final MeterRegistry meters;

    private volatile boolean running;
    private volatile boolean loaded;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public IngestKeyConsumer(KafkaClientConfig kafka, IngestConfig config, IngestKeyStore store,
            IngestKeyRegistry registry, HeartbeatPublisher publisher, MeterRegistry meters) {
        this.kafka = kafka;
        this.config = config;
        this.store = store;
        this.registry = registry;
        this.publisher = publisher;
        this.meters = meters;
    }

    /** Whether the stored keys are loaded and the consumer follows the topic. */
    public boolean loaded() {
        return loaded;
    }

    void start(@Observes StartupEvent event) {
        if (!config.keys().consumerEnabled()) {
            LOG.info("consumer of ingest keys disabled: no key will be honoured");
            return;
        }
        Map<String, Object> props = kafka.client("telemetry-ingest-keys");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.keys().groupId());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        running = true;
        try {
            // normally synchronous, so keys are honoured as soon as the service is up
            initialise(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            LOG.warnf("could not load ingest keys at start (%s); retrying in the background", e.toString());
        }
        thread = new Thread(this::run, "ingest-key-consumer");
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

    private void initialise(Duration timeout) {
        List<PartitionInfo> infos = consumer.partitionsFor(Topics.CUSTOMERS_EVENTS, timeout);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + Topics.CUSTOMERS_EVENTS + " has no partitions yet");
        }
        Set<TopicPartition> partitions = new HashSet<>();
        for (PartitionInfo info : infos) {
            partitions.add(new TopicPartition(info.topic(), info.partition()));
        }
        consumer.assign(partitions);
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(partitions, timeout);
        int live = 0;
        for (IngestKeyStore.StoredKey key : store.all()) {
            if (key.revokedAt() != null) {
                registry.revoked(key.keyId());
            } else {
                registry.issued(key.keyId(), key.customerId(), key.keyHash());
                live++;
            }
        }
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata offset = committed.get(tp);
            if (offset == null) {
                consumer.seekToBeginning(List.of(tp));
            } else {
                consumer.seek(tp, offset.offset());
            }
        }
        loaded = true;
        LOG.infof("ingest keys loaded (%d live in the table); following %s on %d partitions", live,
                Topics.CUSTOMERS_EVENTS, partitions.size());
    }

    private void run() {
        long backoffMs = 500;
        try {
            while (running) {
                try {
                    if (!loaded) {
                        initialise(Duration.ofSeconds(10));
                    }
                    ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
                    if (records.isEmpty()) {
                        continue;
                    }
                    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                    List<ProducerRecord<String, byte[]>> deadLetters = new ArrayList<>();
                    Instant now = Instant.now();
                    for (ConsumerRecord<String, byte[]> record : records) {
                        String refusal = apply(record);
                        if (refusal != null) {
                            meters.counter("ingest.keys.rejected", "reason", reasonTag(refusal)).increment();
                            LOG.warnf("key event %s-%d@%d refused (%s): sent to %s", record.topic(),
                                    record.partition(), record.offset(), refusal, Topics.TELEMETRY_REJECTED);
                            deadLetters.add(RejectedRecords.of(record, refusal, now,
                                    config.raw().maxRejectedPayloadBytes()));
                        }
                        offsets.put(new TopicPartition(record.topic(), record.partition()),
                                new OffsetAndMetadata(record.offset() + 1));
                    }
                    // the dead letters are durable before the position moves past them
                    publisher.sendAll(deadLetters).get(config.http().ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
                    consumer.commitSync(offsets);
                    backoffMs = 500;
                } catch (WakeupException e) {
                    if (running) {
                        LOG.warn("key consumer woken up unexpectedly");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                } catch (Exception e) {
                    LOG.errorf("key consumer failed (%s); replaying from the committed positions in %d ms",
                            e.toString(), backoffMs);
                    loaded = false; // re-read committed positions; the table and map are idempotent
                    sleep(backoffMs);
                    backoffMs = Math.min(backoffMs * 2, 30_000);
                }
            }
        } finally {
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debug("key consumer close failed", e);
            }
        }
    }

    /**
     * Stores then honours an issue or revocation; other customer events are none of ingest's business.
     * Returns null when the record was applied or ignored, else the reason it is refused (a dead letter).
     * Throws only on trouble that may pass (database unreachable), so the poll is replayed.
     */
    private String apply(ConsumerRecord<String, byte[]> record) {
        MeteringEvent event;
        try {
            Map<String, byte[]> headers = new HashMap<>();
            for (Header h : record.headers()) {
                headers.put(h.key(), h.value());
            }
            CloudEvent envelope = CloudEvents.read(headers, record.value());
            if (!ISSUED.equals(envelope.type()) && !REVOKED.equals(envelope.type())) {
                return null;
            }
            event = CloudEvents.unwrap(envelope);
        } catch (InvalidEventException e) {
            return "unreadable-event"; // never the payload or its details: it is about credentials
        } catch (RuntimeException | StackOverflowError e) {
            return "unreadable-event";
        }
        try {
            if (event instanceof IngestKeyIssued issued) {
                String refusal = KeyEventRules.refusal(issued);
                if (refusal != null) {
                    return refusal;
                }
                String hash = KeyEventRules.normalisedHash(issued.keyHash());
                store.issued(issued.keyId(), issued.customerId(), hash, issued.occurredAt());
                registry.issued(issued.keyId(), issued.customerId(), hash);
                LOG.infof("ingest key %s issued for customer %s", issued.keyId(), issued.customerId());
            } else if (event instanceof IngestKeyRevoked revoked) {
                String refusal = KeyEventRules.refusal(revoked);
                if (refusal != null) {
                    return refusal;
                }
                store.revoked(revoked.keyId(), revoked.customerId() == null ? "" : revoked.customerId(),
                        revoked.occurredAt());
                registry.revoked(revoked.keyId());
                LOG.infof("ingest key %s revoked for customer %s", revoked.keyId(), revoked.customerId());
            }
            return null;
        } catch (RuntimeException e) {
            String sqlState = dataError(e);
            if (sqlState == null) {
                throw e;
            }
            return "store-refused:" + sqlState;
        }
    }

    /**
     * The SQLSTATE when PostgreSQL refused the VALUES (class 22 data exception, 23 integrity, 54 program
     * limit such as an index row too large): retrying the same record can never succeed. Null otherwise.
     */
    static String dataError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PgException pg && pg.getSqlState() != null) {
                String state = pg.getSqlState();
                return state.startsWith("22") || state.startsWith("23") || state.startsWith("54") ? state : null;
            }
        }
        return null;
    }

    /** The reason without its field, a closed set for a metric tag. */
    private static String reasonTag(String reason) {
        return reason.startsWith("store-refused:") ? "store-refused" : reason;
    }

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
