package dev.metering.platform.outbox;

import dev.metering.contracts.CloudEvent;
import dev.metering.contracts.CloudEvents;
import dev.metering.platform.kafka.KafkaClientConfig;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Relays the transactional outbox to Kafka: at least once, in order per key, and nothing that was not
 * committed. One {@link #publishPending()} call is one database transaction that
 * <ol>
 * <li>takes a transaction-scoped advisory lock, so only ONE publisher (of any instance) relays at a
 * time: two instances each taking different rows with {@code skip locked} could otherwise reorder one
 * key's events;</li>
 * <li>selects the oldest unpublished rows ({@code order by position ... for update skip locked});</li>
 * <li>sends them with an idempotent producer ({@code acks=all}, binary-mode CloudEvents) and waits
 * for every acknowledgement;</li>
 * <li>marks them {@code published_at} and commits.</li>
 * </ol>
 * A crash anywhere before the commit leaves the rows unpublished, so the next publisher (after a
 * restart) sends them again: consumers deduplicate by CloudEvents {@code id}. A crash between the
 * business commit and the relay simply leaves rows waiting here.
 *
 * <p>Blocking API: call it from a worker thread (the {@link OutboxRelay} schedule does).
 * {@code metering.outbox.enabled=false} (or {@link #pause()}) stops relaying without stopping writes.
 */
@ApplicationScoped
public class OutboxPublisher implements AutoCloseable {

    /** Key of the advisory lock that serialises relaying ("outbox" in ASCII). */
    public static final long LOCK_KEY = 0x6f7574626f78L;
    private static final Logger LOG = Logger.getLogger(OutboxPublisher.class);
    private static final String PRODUCER_PREFIX = "metering.outbox.kafka.";

    private final Pool pool;
    private final Properties producerConfig;
    private final int batchSize;
    private final Duration ackTimeout;
    private volatile boolean paused;
    private Producer<String, byte[]> producer;

    @Inject
    public OutboxPublisher(Pool pool, Config config) {
        this(pool, producerConfig(config),
                config.getOptionalValue("metering.outbox.batch-size", Integer.class).orElse(500),
                !config.getOptionalValue("metering.outbox.enabled", Boolean.class).orElse(true));
    }

    /**
     * A publisher with its own producer: what a freshly started instance would build. Tests use it to
     * play "the process restarted".
     */
    public OutboxPublisher(Pool pool, Properties producerConfig, int batchSize, boolean paused) {
        this.pool = pool;
        this.producerConfig = producerConfig;
        this.batchSize = batchSize;
        this.ackTimeout = Duration.ofSeconds(30);
        this.paused = paused;
    }

    /**
     * The producer settings: the service's one Kafka client configuration (every {@code kafka.*} property:
     * bootstrap servers, security, SASL, TLS; see {@link KafkaClientConfig}), the safety settings, and any
     * {@code metering.outbox.kafka.*} override.
     */
    public static Properties producerConfig(Config config) {
        Properties p = withSafetySettings(KafkaClientConfig.from(config).properties("outbox-publisher"));
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(PRODUCER_PREFIX)) {
                config.getOptionalValue(name, String.class)
                        .ifPresent(v -> p.put(name.substring(PRODUCER_PREFIX.length()), v));
            }
        }
        return p;
    }

    public static Properties baseProducerConfig(String bootstrapServers) {
        return withSafetySettings(KafkaClientConfig.of(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers)).properties("outbox-publisher"));
    }

    private static Properties withSafetySettings(Properties p) {
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // <= 5 in flight keeps per-partition order with idempotence on
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        return p;
    }

    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
    }

    public boolean isPaused() {
        return paused;
    }

    /** Relays until nothing is pending (or paused); returns how many records were published. */
    public int drain() {
        int total = 0;
        int n;
        do {
            n = publishPending();
            total += n;
        } while (n >= batchSize);
        return total;
    }

    /**
     * Publishes one batch of the oldest unpublished rows; returns how many (0 when paused, nothing is
     * pending, or another publisher holds the relay lock). A Kafka failure rolls the batch back (to
     * be retried) and is rethrown.
     */
    public synchronized int publishPending() {
        if (paused) {
            return 0;
        }
        SqlConnection conn = pool.getConnectionAndAwait();
        Transaction tx = null;
        try {
            tx = conn.beginAndAwait();
            boolean locked = conn.query("select pg_try_advisory_xact_lock(" + LOCK_KEY + ")").executeAndAwait()
                    .iterator().next().getBoolean(0);
            if (!locked) {
                tx.rollbackAndAwait();
                return 0;
            }
            RowSet<Row> rows = conn.preparedQuery("select position, topic, record_key, payload::text as payload"
                    + " from outbox where published_at is null order by position limit $1 for update skip locked")
                    .executeAndAwait(Tuple.of(batchSize));
            List<Row> pending = StreamSupport.stream(rows.spliterator(), false).toList();
            if (pending.isEmpty()) {
                tx.commitAndAwait();
                return 0;
            }
            Producer<String, byte[]> kafka = producer();
            List<Future<RecordMetadata>> acks = new ArrayList<>(pending.size());
            List<Long> positions = new ArrayList<>(pending.size());
            for (Row row : pending) {
                CloudEvent envelope = CloudEvents.read(Map.of(),
                        row.getString("payload").getBytes(StandardCharsets.UTF_8));
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(row.getString("topic"),
                        row.getString("record_key"), CloudEvents.dataBytes(envelope));
                CloudEvents.binaryHeaders(envelope).forEach((k, v) -> record.headers().add(k, v));
                acks.add(kafka.send(record));
                positions.add(row.getLong("position"));
            }
            kafka.flush();
            for (Future<RecordMetadata> ack : acks) {
                ack.get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            conn.preparedQuery("update outbox set published_at = now() where position = any($1)")
                    .executeAndAwait(Tuple.of(positions.toArray(new Long[0])));
            tx.commitAndAwait();
            return pending.size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            rollbackQuietly(tx);
            throw new IllegalStateException("interrupted while publishing the outbox", e);
        } catch (Exception e) {
            rollbackQuietly(tx);
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("publishing the outbox failed: " + e.getMessage(), e);
        } finally {
            conn.closeAndAwait();
        }
    }

    /**
     * Deletes rows published before {@code cutoff} (they are on Kafka; the events table keeps the
     * history), so the outbox stays small. Returns how many were deleted.
     */
    public int purgePublishedBefore(java.time.Instant cutoff) {
        return pool.preparedQuery("delete from outbox where published_at < $1")
                .executeAndAwait(Tuple.of(java.time.OffsetDateTime.ofInstant(cutoff, java.time.ZoneOffset.UTC)))
                .rowCount();
    }

    /** Rows written but not yet acknowledged by Kafka. */
    public long pendingCount() {
        return pool.query("select count(*) from outbox where published_at is null").executeAndAwait().iterator().next()
                .getLong(0);
    }

    private synchronized Producer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    private static void rollbackQuietly(Transaction tx) {
        if (tx == null) {
            return;
        }
        try {
            tx.rollbackAndAwait();
        } catch (Exception e) {
            LOG.debugf("rollback after a failed relay failed too: %s", e.getMessage());
        }
    }

    /** Closes the producer (the next publish opens a new one). */
    @PreDestroy
    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }
}
