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
import dev.metering.ingest.config.KafkaSettings;
import dev.metering.ingest.key.IngestKeyRegistry;
import dev.metering.ingest.key.store.IngestKeyStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
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
 */
@ApplicationScoped
public class IngestKeyConsumer {

    private static final Logger LOG = Logger.getLogger(IngestKeyConsumer.class);
    private static final String ISSUED = EventTypes.typeOf(IngestKeyIssued.class);
    private static final String REVOKED = EventTypes.typeOf(IngestKeyRevoked.class);

    private final KafkaSettings kafka;
    private final IngestConfig config;
    private final IngestKeyStore store;
    private final IngestKeyRegistry registry;

    private volatile boolean running;
    private volatile boolean loaded;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public IngestKeyConsumer(KafkaSettings kafka, IngestConfig config, IngestKeyStore store,
            IngestKeyRegistry registry) {
        this.kafka = kafka;
        this.config = config;
        this.store = store;
        this.registry = registry;
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
                    for (ConsumerRecord<String, byte[]> record : records) {
                        apply(record);
                        offsets.put(new TopicPartition(record.topic(), record.partition()),
                                new OffsetAndMetadata(record.offset() + 1));
                    }
                    consumer.commitSync(offsets);
                    backoffMs = 500;
                } catch (WakeupException e) {
                    if (running) {
                        LOG.warn("key consumer woken up unexpectedly");
                    }
                } catch (RuntimeException e) {
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

    /** Stores then honours an issue or revocation; other customer events are none of ingest's business. */
    private void apply(ConsumerRecord<String, byte[]> record) {
        Map<String, byte[]> headers = new HashMap<>();
        for (Header h : record.headers()) {
            headers.put(h.key(), h.value());
        }
        MeteringEvent event;
        try {
            CloudEvent envelope = CloudEvents.read(headers, record.value());
            if (!ISSUED.equals(envelope.type()) && !REVOKED.equals(envelope.type())) {
                return;
            }
            event = CloudEvents.unwrap(envelope);
        } catch (InvalidEventException e) {
            // never log the payload: it is about credentials
            LOG.warnf("skipping unreadable record %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                    e.reason());
            return;
        }
        if (event instanceof IngestKeyIssued issued) {
            if (issued.keyId() == null || issued.customerId() == null || issued.keyHash() == null) {
                LOG.warnf("skipping incomplete IngestKeyIssued at %s-%d@%d", record.topic(), record.partition(),
                        record.offset());
                return;
            }
            String hash = issued.keyHash().trim().toLowerCase(java.util.Locale.ROOT);
            store.issued(issued.keyId(), issued.customerId(), hash, issued.occurredAt());
            registry.issued(issued.keyId(), issued.customerId(), hash);
            LOG.infof("ingest key %s issued for customer %s", issued.keyId(), issued.customerId());
        } else if (event instanceof IngestKeyRevoked revoked) {
            if (revoked.keyId() == null) {
                return;
            }
            store.revoked(revoked.keyId(), revoked.customerId() == null ? "" : revoked.customerId(),
                    revoked.occurredAt());
            registry.revoked(revoked.keyId());
            LOG.infof("ingest key %s revoked for customer %s", revoked.keyId(), revoked.customerId());
        }
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
