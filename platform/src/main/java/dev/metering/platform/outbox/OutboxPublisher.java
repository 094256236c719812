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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * restart) sends them again: consumers deduplicate by CloudEvents {@code id}. A row Kafka refuses for
 * its own fault (too large, invalid topic, ...; see {@link #refusedByKafka}) is retried
 * {@code metering.outbox.max-refusals} times (default 5) and then moved to {@code outbox_dead_letters},
 * so one record can never stop the relay; broker trouble is retried for as long as it lasts. A crash between the
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
    private final int maxRefusals;
    private final Map<Long, Integer> refusals = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong deadLettered = new AtomicLong();
    private volatile boolean paused;
    private Producer<String, byte[]> producer;

    @Inject
    public OutboxPublisher(Pool pool, Config config) {
        this(pool, producerConfig(config),
                config.getOptionalValue("metering.outbox.batch-size", Integer.class).orElse(500),
                !config.getOptionalValue("metering.outbox.enabled", Boolean.class).orElse(true),
                config.getOptionalValue("metering.outbox.max-refusals", Integer.class).orElse(5));
    }

    /**
     * A publisher with its own producer: what a freshly started instance would build. Tests use it to
     * play "the process restarted".
     */
    public OutboxPublisher(Pool pool, Properties producerConfig, int batchSize, boolean paused) {
        this(pool, producerConfig, batchSize, paused, 5);
    }

    /** As above, dead-lettering a row after {@code maxRefusals} refusals that retrying cannot fix. */
    public OutboxPublisher(Pool pool, Properties producerConfig, int batchSize, boolean paused, int maxRefusals) {
        this.maxRefusals = Math.max(1, maxRefusals);
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
            List<Send> sends = new ArrayList<>(pending.size());
            for (Row row : pending) {
                long position = row.getLong("position");
                try {
                    CloudEvent envelope = CloudEvents.read(Map.of(),
                            row.getString("payload").getBytes(StandardCharsets.UTF_8));
                    ProducerRecord<String, byte[]> record = new ProducerRecord<>(row.getString("topic"),
                            row.getString("record_key"), CloudEvents.dataBytes(envelope));
                    CloudEvents.binaryHeaders(envelope).forEach((k, v) -> record.headers().add(k, v));
                    sends.add(new Send(position, record.key(), kafka.send(record), null));
                } catch (RuntimeException e) {
                    // unreadable row or a send refused before it left (e.g. too large): the row's own fault
                    if (!refusedByKafka(e) && !(e instanceof dev.metering.contracts.InvalidEventException)) {
                        throw e;
                    }
                    sends.add(new Send(position, row.getString("record_key"), null, e));
                }
            }
            kafka.flush();
            // every acknowledged row is marked, except rows of the refused row's key after it: they stay to
            // be sent again behind it (consumers deduplicate by CloudEvents id), so order per key holds
            List<Long> positions = new ArrayList<>(pending.size());
            Send refused = null;
            Throwable refusal = null;
            for (Send send : sends) {
                Throwable error = send.error();
                if (error == null) {
                    try {
                        send.ack().get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (ExecutionException e) {
                        error = e.getCause() == null ? e : e.getCause();
                    }
                }
                if (error == null) {
                    if (refused == null || !refused.key().equals(send.key())) {
                        positions.add(send.position());
                    }
                    continue;
                }
                if (!refusedByKafka(error) && !(error instanceof dev.metering.contracts.InvalidEventException)) {
                    throw new IllegalStateException("publishing the outbox failed: " + error, error);
                }
                if (refused == null) {
                    refused = send;
                    refusal = error;
                }
            }
            if (!positions.isEmpty()) {
                conn.preparedQuery("update outbox set published_at = now() where position = any($1)")
                        .executeAndAwait(Tuple.of(positions.toArray(new Long[0])));
            }
            if (refused != null) {
                refusedRow(conn, refused.position(), refusal);
            }
            tx.commitAndAwait();
            return positions.size();
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

    /** One row's send: its acknowledgement, or the error that refused it before it left. */
    private record Send(long position, String key, Future<RecordMetadata> ack, Throwable error) {
    }

    /**
     * Counts a refusal of the row at {@code position}; after {@link #maxRefusals} (at once for a row that
     * cannot even be read) moves it to {@code outbox_dead_letters} in the current transaction, so the relay
     * goes on with the next rows.
     */
    private void refusedRow(SqlConnection conn, long position, Throwable error) {
        boolean unreadable = error instanceof dev.metering.contracts.InvalidEventException;
        int refusals = this.refusals.merge(position, 1, Integer::sum);
        String reason = error.getClass().getSimpleName() + ": " + String.valueOf(error.getMessage());
        if (!unreadable && refusals < maxRefusals) {
            LOG.warnf("outbox row %d refused by Kafka (%d of %d before it is dead-lettered): %s", position, refusals,
                    maxRefusals, reason);
            return;
        }
        int moved = conn.preparedQuery("insert into outbox_dead_letters (position, event_id, topic, record_key, type,"
                + " payload, created_at, refusals, last_error) select position, event_id, topic, record_key, type,"
                + " payload, created_at, $2, $3 from outbox where position = $1 on conflict (position) do nothing")
                .executeAndAwait(Tuple.of(position, refusals, reason.length() > 2000 ? reason.substring(0, 2000) : reason))
                .rowCount();
        conn.preparedQuery("delete from outbox where position = $1").executeAndAwait(Tuple.of(position));
        this.refusals.remove(position);
        if (moved > 0) {
            deadLettered.incrementAndGet();
        }
        LOG.errorf("outbox row %d dead-lettered after %d refusal(s): %s; listed at GET /v1/admin/outbox/dead-letters",
                position, refusals, reason);
    }

    /**
     * A refusal that is the record's own fault, so retrying it can never succeed: too large, an invalid or
     * forbidden topic, a record the broker rejects, a value that cannot be serialised. Broker trouble,
     * timeouts and authentication failures are not: they stop the relay until they pass.
     */
    static boolean refusedByKafka(Throwable e) {
        return e instanceof org.apache.kafka.common.errors.RecordTooLargeException
                || e instanceof org.apache.kafka.common.errors.RecordBatchTooLargeException
                || e instanceof org.apache.kafka.common.errors.InvalidTopicException
                || e instanceof org.apache.kafka.common.errors.TopicAuthorizationException
                || e instanceof org.apache.kafka.common.InvalidRecordException
                || e instanceof org.apache.kafka.common.errors.SerializationException
                || e instanceof org.apache.kafka.common.errors.PolicyViolationException;
    }

    /** Rows moved to {@code outbox_dead_letters} by this publisher since it started. */
    public long deadLettered() {
        return deadLettered.get();
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
