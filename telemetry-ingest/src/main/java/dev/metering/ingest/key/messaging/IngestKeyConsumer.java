package dev.metering.ingest.key.messaging;

import dev.metering.contracts.CloudEvent;
import dev.metering.contracts.CloudEvents;
import dev.metering.contracts.EventTypes;
import dev.metering.contracts.MeteringEvent;
import dev.metering.contracts.Topics;
import dev.metering.contracts.customer.CustomerEvent.IngestKeyIssued;
import dev.metering.contracts.customer.CustomerEvent.IngestKeyRevoked;
import dev.metering.ingest.config.IngestConfig;
import dev.metering.ingest.heartbeat.messaging.HeartbeatPublisher;
import dev.metering.ingest.heartbeat.messaging.RejectedRecords;
import dev.metering.ingest.key.store.IngestKeyRegistry;
import dev.metering.ingest.key.KeyEventRules;
import dev.metering.ingest.key.store.IngestKeyStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Learns ingest keys from {@code customers.events} (IngestKeyIssued / IngestKeyRevoked, published by
 * customer-service) with SmallRye Reactive Messaging, like license-service's consumer of the same topic.
 * Every replica must know every key, so each replica reads the topic under a consumer group of its own
 * ({@code ingest.keys.group-id} + {@code -} + {@code ingest.keys.instance-id}, a fresh UUID per start unless
 * a stable id is configured): alone in its group it is assigned every partition. At start the
 * {@code ingest_keys} table is loaded first, so every key another replica already stored is honoured at
 * once; then the stream is followed (from the group's committed position, or from the beginning for a new
 * group; every write is idempotent and a revocation always wins, so replaying is harmless).
 *
 * <p>A record is acknowledged (its position committed) only after the table and the in-memory registry
 * hold what it said, or after its dead letter was acknowledged by the broker. A record that cannot be read,
 * or a key event whose ids or hash cannot be stored (NUL, control characters, lone surrogates, over-long
 * ids, a hash that is not SHA-256 hex, or a value PostgreSQL refuses as data), is never retried: it becomes
 * a dead letter on {@code telemetry.rejected} with its reason and source topic, partition and offset, and
 * the consumer goes on with the next record. Trouble that may pass (database or broker unreachable) is
 * retried in place with an exponential back-off (Mutiny), holding the records behind it until it passes.
 */
@ApplicationScoped
public class IngestKeyConsumer {

    public static final String CHANNEL = "ingest-keys";
    private static final Logger LOG = Logger.getLogger(IngestKeyConsumer.class);
    private static final String ISSUED = EventTypes.typeOf(IngestKeyIssued.class);
    private static final String REVOKED = EventTypes.typeOf(IngestKeyRevoked.class);
    static final Duration FIRST_BACK_OFF = Duration.ofMillis(500);
    static final Duration LONGEST_BACK_OFF = Duration.ofSeconds(30);

    private final IngestConfig config;
    private final IngestKeyStore store;
    private final IngestKeyRegistry registry;
    private final HeartbeatPublisher publisher;
    private final MeterRegistry meters;

    private volatile boolean loaded;

    public IngestKeyConsumer(IngestConfig config, IngestKeyStore store, IngestKeyRegistry registry,
            HeartbeatPublisher publisher, MeterRegistry meters) {
        this.config = config;
        this.store = store;
        this.registry = registry;
        this.publisher = publisher;
        this.meters = meters;
    }

    /** Whether the stored keys are loaded into the registry. */
    public boolean loaded() {
        return loaded;
    }

    /** Loads the table into the registry, normally before the service takes requests; else in the background. */
    void load(@Observes StartupEvent event) {
        try {
            VertxContextSupport.subscribeAndAwait(() -> loadTable().ifNoItem().after(LONGEST_BACK_OFF).fail());
        } catch (Throwable e) {
            LOG.warnf("could not load ingest keys at start (%s); retrying in the background", e.toString());
            VertxContextSupport.subscribe(() -> onCurrentContext(this::loadTable)
                    .onFailure().invoke(f -> LOG.warnf("loading ingest keys failed (%s); retrying", f.toString()))
                    .onFailure().retry().withBackOff(FIRST_BACK_OFF, LONGEST_BACK_OFF).indefinitely().toMulti(),
                    subscriber -> subscriber.with(ignored -> { }));
        }
    }

    private Uni<Void> loadTable() {
        return store.all().invoke(keys -> {
            int live = 0;
            for (IngestKeyStore.StoredKey key : keys) {
                if (key.revokedAt() != null) {
                    registry.revoked(key.keyId());
                } else {
                    registry.issued(key.keyId(), key.customerId(), key.keyHash());
                    live++;
                }
            }
            loaded = true;
            LOG.infof("ingest keys loaded (%d live in the table); following %s", live, Topics.CUSTOMERS_EVENTS);
        }).replaceWithVoid();
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        return onCurrentContext(() -> apply(record))
                .chain(refusal -> refusal == null ? Uni.createFrom().voidItem() : deadLetter(record, refusal))
                .onFailure().invoke(e -> LOG.errorf("key event %s-%d@%d not applied yet (%s); retrying",
                        record.topic(), record.partition(), record.offset(), e.toString()))
                .onFailure().retry().withBackOff(FIRST_BACK_OFF, LONGEST_BACK_OFF).indefinitely();
    }

    /**
     * Stores then honours an issue or revocation; other customer events are none of ingest's business.
     * Emits null when the record was applied or ignored, else the reason it is refused (a dead letter).
     * Fails only on trouble that may pass (database unreachable), which is retried.
     */
    private Uni<String> apply(ConsumerRecord<String, byte[]> record) {
        MeteringEvent event;
        try {
            CloudEvent envelope = CloudEvents.read(headers(record), record.value());
            if (!ISSUED.equals(envelope.type()) && !REVOKED.equals(envelope.type())) {
                return Uni.createFrom().nullItem();
            }
            event = CloudEvents.unwrap(envelope);
        } catch (RuntimeException | StackOverflowError e) {
            // never the payload or its details: it is about credentials
            return Uni.createFrom().item("unreadable-event");
        }
        Uni<Void> applied;
        if (event instanceof IngestKeyIssued issued) {
            String refusal = KeyEventRules.refusal(issued);
            if (refusal != null) {
                return Uni.createFrom().item(refusal);
            }
            String hash = KeyEventRules.normalisedHash(issued.keyHash());
            applied = store.issued(issued.keyId(), issued.customerId(), hash, issued.occurredAt()).invoke(() -> {
                registry.issued(issued.keyId(), issued.customerId(), hash);
                LOG.infof("ingest key %s issued for customer %s", issued.keyId(), issued.customerId());
            });
        } else if (event instanceof IngestKeyRevoked revoked) {
            String refusal = KeyEventRules.refusal(revoked);
            if (refusal != null) {
                return Uni.createFrom().item(refusal);
            }
            applied = store.revoked(revoked.keyId(), revoked.customerId() == null ? "" : revoked.customerId(),
                    revoked.occurredAt()).invoke(() -> {
                        registry.revoked(revoked.keyId());
                        LOG.infof("ingest key %s revoked for customer %s", revoked.keyId(), revoked.customerId());
                    });
        } else {
            return Uni.createFrom().nullItem();
        }
        return applied.replaceWith((String) null)
                .onFailure(e -> dataError(e) != null).recoverWithItem(e -> "store-refused:" + dataError(e));
    }

    /** The dead letter, acknowledged by the broker before the record's position may move past it. */
    private Uni<Void> deadLetter(ConsumerRecord<String, byte[]> record, String refusal) {
        return Uni.createFrom().completionStage(() -> publisher.sendAll(List.of(RejectedRecords.of(record, refusal,
                Instant.now(), config.raw().maxRejectedPayloadBytes()))))
                .invoke(() -> {
                    meters.counter("ingest.keys.rejected", "reason", reasonTag(refusal)).increment();
                    LOG.warnf("key event %s-%d@%d refused (%s): sent to %s", record.topic(), record.partition(),
                            record.offset(), refusal, Topics.TELEMETRY_REJECTED);
                });
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

    /**
     * {@code uni}, subscribed (and after a back-off re-subscribed) on the caller's Vert.x context: Hibernate
     * Reactive runs only there, and a retry's delay would otherwise resume on a worker thread.
     */
    private static <T> Uni<T> onCurrentContext(Supplier<Uni<? extends T>> uni) {
        Context context = Vertx.currentContext();
        Uni<T> deferred = Uni.createFrom().deferred(uni);
        return context == null ? deferred
                : deferred.runSubscriptionOn(task -> context.runOnContext(ignored -> task.run()));
    }

    private static Map<String, byte[]> headers(ConsumerRecord<String, byte[]> record) {
        Map<String, byte[]> headers = new HashMap<>();
        for (Header h : record.headers()) {
            headers.put(h.key(), h.value());
        }
        return headers;
    }
}
