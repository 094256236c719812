package dev.metering.billing.usage.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.metering.billing.account.BillingState;
import dev.metering.billing.cluster.messaging.CoPartitionedAssignor;
import dev.metering.billing.cluster.service.Ownership;
import dev.metering.billing.cluster.messaging.Partitions;
import dev.metering.billing.config.BillingConfig;
import dev.metering.billing.invoice.service.AdjustmentService;
import dev.metering.billing.invoice.projection.ClosedPeriods;
import dev.metering.billing.invoice.store.InvoiceStore;
import dev.metering.billing.usage.ActivityWindow;
import dev.metering.billing.usage.CustomerUnits;
import dev.metering.billing.usage.UsageProjection;
import dev.metering.billing.usage.store.FoldStore;
import dev.metering.contracts.CloudEvent;
import dev.metering.contracts.CloudEvents;
import dev.metering.contracts.InvalidEventException;
import dev.metering.contracts.Json;
import dev.metering.contracts.MeteringEvent;
import dev.metering.contracts.Topics;
import dev.metering.contracts.customer.CustomerEvent;
import dev.metering.contracts.license.LicenseEvent;
import dev.metering.contracts.telemetry.TelemetryEvent;
import dev.metering.platform.kafka.ConsumedText;
import dev.metering.platform.kafka.KafkaClientConfig;
import dev.metering.platform.kafka.Lz4Native;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

/**
 * Folds {@code telemetry.heartbeats}, {@code customers.events} and {@code licenses.events} into the
 * in-memory projections, in batches: poll → fold (visible to real-time usage at once) → store the
 * batch in ONE transaction with its next offsets ({@link FoldStore}) → commit to Kafka
 * (informational) → reconcile closed periods that received late facts (R28). On start the
 * projections are loaded from PostgreSQL and every assigned partition is positioned at the offset
 * stored with the last batch, so nothing is lost and nothing is counted twice (folding is idempotent
 * anyway, R21). A bad record becomes a dead letter (table {@code dead_letters}) with its reason and
 * never blocks the partition.
 *
 * <p>Two threads, so that polling (fetch, decompression, record parsing in the Kafka client) runs
 * while the previous records are decoded and folded: {@code billing-fold-poll} owns the one plain Kafka
 * consumer and hands each poll's records, in order, through a small bounded queue to
 * {@code billing-fold}, the only writer of the projections, which folds them, stores each batch
 * (ONE transaction with its next offsets) and hands the stored offsets back for the Kafka commit. Before
 * partitions are revoked or sought, and before a failed consumer is replaced, the poller waits until
 * everything it handed over is stored, so the stored offsets are exact whenever they are read.
 */
@ApplicationScoped
public class FoldingConsumer {

    private static final Logger LOG = Logger.getLogger(FoldingConsumer.class);
    static final List<String> TOPICS = List.of(Topics.TELEMETRY_HEARTBEATS, Topics.CUSTOMERS_EVENTS,
            Topics.LICENSES_EVENTS);

    private final BillingConfig config;
    private final KafkaClientConfig kafka;
    private final FoldStore store;
    private final InvoiceStore invoices;
    private final UsageProjection usage;
    private final BillingState state;
    private final ClosedPeriods closedPeriods;
    private final AdjustmentService adjustments;
    private final Ownership ownership;
    private final Event<PartitionsLoaded> loaded;

    private volatile boolean running;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    /** Partitions whose customers are in memory (loaded, and folded since). */
    private final Set<Integer> held = new ConcurrentSkipListSet<>();
    /** The next offset last stored (or loaded) per topic partition held: the fence's expectation. */
    private final Map<TopicPartition, Long> expected = new ConcurrentHashMap<>();
    /** Partitions of the customer-keyed topics, once described. */
    private volatile int partitionCount;
    /** Why the fold cannot run (topics not co-partitioned), or null. */
    private volatile String fatal;
    private PartnerDirectory partners;
    private Admin admin;
    private volatile Progress lastProgress;
    private Thread thread;
    private final AtomicLong folded = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong commitFailures = new AtomicLong();

    public FoldingConsumer(BillingConfig config, KafkaClientConfig kafka, FoldStore store, InvoiceStore invoices,
            UsageProjection usage, BillingState state, ClosedPeriods closedPeriods, AdjustmentService adjustments,
            Ownership ownership, Event<PartitionsLoaded> loaded) {
        this.config = config;
        this.kafka = kafka;
        this.store = store;
        this.invoices = invoices;
        this.usage = usage;
        this.state = state;
        this.closedPeriods = closedPeriods;
        this.adjustments = adjustments;
        this.ownership = ownership;
        this.loaded = loaded;
    }

    void onStart(@Observes StartupEvent event) throws SQLException {
        start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        stop();
    }

    private synchronized void start() throws SQLException {
        if (config.consumer().lz4Native()) {
            boolean loaded = Lz4Native.load();
            LOG.infof("lz4 decompression: native library %s, codec %s", loaded ? "loaded" : "not available",
                    Lz4Native.codec());
        }
        invoices.closedPeriods().forEach(closedPeriods::put);
        ownership.advertisedUrl(config.cluster().advertisedUrl().filter(u -> !u.isBlank())
                .orElseGet(FoldingConsumer::defaultAdvertisedUrl));
        if (!config.consumer().enabled()) {
            store.load(usage, state); // a quiet instance (tests): everything stored, nothing folded
            return;
        }
        if (admin == null) {
            admin = Admin.create(clientProperties("billing-admin"));
        }
        partners = new PartnerDirectory(clientProperties("billing-partners"), state);
        partners.start();
        if (config.consumer().enabled()) {
            running = true;
            thread = new Thread(this::run, "billing-fold-poll");
            thread.setDaemon(true);
            thread.start();
        }
    }

    private synchronized void stop() throws InterruptedException {
        running = false;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            thread.join(30_000);
            thread = null;
        }
        if (partners != null) {
            partners.stop();
            partners = null;
        }
        ownership.stopped();
    }

    @jakarta.annotation.PreDestroy
    void closeAdmin() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }

    /**
     * What a process restart does, inside this process: stop consuming, forget the in-memory
     * projections, load them from PostgreSQL and resume from the stored offsets. Used by operators
     * after restoring a backup and by tests proving that a restart neither loses nor double counts.
     */
    public synchronized void restartFromStore() throws SQLException, InterruptedException {
        stop();
        usage.clear();
        state.clear();
        held.clear();
        expected.clear();
        start();
        // like a process start: answers come once the group has assigned the partitions and they are loaded
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (config.consumer().enabled() && !ownership.view().settled() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    /**
     * Where the fold stands: every partition of the three topics owned (this instance settled), partners read
     * to the end, and every partition's STORED position (whoever owns it) at the end offset taken now; with
     * the lag per topic partition.
     */
    public record Progress(boolean caughtUp, String reason, Map<TopicPartition, Long> lag) {
    }

    /** True when {@link #progress()} says caught up, asked now. */
    public boolean caughtUp() {
        return progress().caughtUp();
    }

    /** The last {@link #progress()} computed (for metrics between health checks), or null. */
    public Progress lastProgress() {
        return lastProgress;
    }

    /** {@link Progress} at this moment: end offsets are taken from the broker now and compared with the store. */
    public synchronized Progress progress() {
        Progress p = computeProgress();
        lastProgress = p;
        return p;
    }

    private Progress computeProgress() {
        if (!config.consumer().enabled()) {
            return new Progress(true, "the fold is disabled", Map.of());
        }
        if (fatal != null) {
            return new Progress(false, fatal, Map.of());
        }
        Ownership.View view = ownership.view();
        if (!view.settled()) {
            return new Progress(false, "this instance has not been assigned its partitions yet", Map.of());
        }
        if (!view.complete()) {
            return new Progress(false, "not every partition has an owner", Map.of());
        }
        Map<TopicPartition, Long> ends;
        Map<TopicPartition, Long> stored;
        try {
            ends = endOffsets(view.partitions());
            stored = store.offsets();
        } catch (Exception e) {
            return new Progress(false, "cannot read positions: " + e, Map.of());
        }
        Map<TopicPartition, Long> lag = new TreeMap<>(java.util.Comparator.comparing(TopicPartition::topic)
                .thenComparingInt(TopicPartition::partition));
        boolean caughtUp = true;
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            long behind = Math.max(0, e.getValue() - stored.getOrDefault(e.getKey(), 0L));
            lag.put(e.getKey(), behind);
            caughtUp &= behind == 0;
        }
        if (!caughtUp) {
            return new Progress(false, "stored positions are behind the end offsets", lag);
        }
        if (partners == null || !partners.reached(ends)) {
            return new Progress(false, "partner events not read to the end yet", lag);
        }
        return new Progress(true, "caught up", lag);
    }

    /** The end offsets of every partition of the three topics, taken from the broker now. */
    public Map<TopicPartition, Long> endOffsets(int partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
        for (String topic : TOPICS) {
            for (int p = 0; p < partitions; p++) {
                ask.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
        }
        Map<TopicPartition, Long> out = new HashMap<>();
        admin.listOffsets(ask).all().get(10, TimeUnit.SECONDS).forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    /** The next offsets this instance has stored for its partitions (every topic). */
    public Map<TopicPartition, Long> storedPositions() {
        return Map.copyOf(expected);
    }

    /** Partitions whose customers this instance holds. */
    public Set<Integer> held() {
        return Set.copyOf(held);
    }

    public int partitionCount() {
        return partitionCount;
    }

    /** Whether this instance holds the customer's partition (always, when the fold is disabled). */
    public boolean owns(String customerId) {
        if (!config.consumer().enabled()) {
            return true;
        }
        int n = partitionCount;
        return n > 0 && held.contains(Partitions.of(customerId, n));
    }

    /**
     * {@code http://<this host's address>:<port>}: the pod's IP in Kubernetes, the container's in Compose;
     * {@code billing.cluster.advertised-url} overrides it.
     */
    static String defaultAdvertisedUrl() {
        int port = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getOptionalValue("quarkus.http.port", Integer.class).orElse(8084);
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostAddress();
        } catch (java.io.IOException e) {
            host = "127.0.0.1";
        }
        return "http://" + host + ":" + port;
    }

    /** The service's one Kafka client configuration (TLS/SASL included) with this client's id. */
    private Properties clientProperties(String clientId) {
        return kafka.properties(clientId);
    }

    /**
     * Waits until the three topics exist and checks they are co-partitioned (equal partition counts); names the
     * partition of rows stored before rows named it.
     */
    private boolean describeTopics() {
        while (running) {
            try {
                Map<String, org.apache.kafka.clients.admin.TopicDescription> topics = admin.describeTopics(TOPICS)
                        .allTopicNames().get(10, TimeUnit.SECONDS);
                Map<String, Integer> counts = new TreeMap<>();
                topics.forEach((name, d) -> counts.put(name, d.partitions().size()));
                if (counts.values().stream().distinct().count() > 1) {
                    fatal = "the topics " + TOPICS + " must have equal partition counts (they are keyed by customer id "
                            + "and an instance owns partition p of all three), but have " + counts;
                    LOG.error(fatal + "; billing folds nothing until this is fixed");
                    return false;
                }
                partitionCount = counts.get(Topics.TELEMETRY_HEARTBEATS);
                lastRoutedId = null; // the folding thread starts after this (Thread.start orders it)
                int n = partitionCount;
                store.partitioner(id -> Partitions.of(id, n));
                store.nameMissingPartitions();
                LOG.infof("folding %s, %d partitions each", TOPICS, partitionCount);
                return true;
            } catch (Exception e) {
                LOG.infof("waiting for the topics %s: %s", TOPICS, e.getMessage());
                sleep(1000);
            }
        }
        return false;
    }

    public long folded() {
        return folded.get();
    }

    public long deadLettered() {
        return deadLettered.get();
    }

    public long batches() {
        return batches.get();
    }

    /** Offset commits to Kafka that failed (each followed by a commit of every stored offset Kafka lacks). */
    public long commitFailures() {
        return commitFailures.get();
    }

    private void run() {
        if (!describeTopics()) {
            return;
        }
        Properties p = clientProperties("billing-fold");
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.consumer().groupId());
        p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) config.consumer().sessionTimeout().toMillis());
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) config.consumer().sessionTimeout().toMillis() / 3);
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CoPartitionedAssignor.class.getName());
        p.put(CoPartitionedAssignor.OWNERSHIP, ownership);
        p.put(CoPartitionedAssignor.HELD, (java.util.function.Supplier<Set<Integer>>) () -> Set.copyOf(held));
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.min(config.consumer().maxBatchRecords(),
                config.consumer().maxPollRecords()));
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, config.consumer().fetchMaxBytes());
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, config.consumer().maxPartitionFetchBytes());
        while (running) {
            Folder folder = new Folder();
            Thread folding = new Thread(folder, "billing-fold");
            folding.setDaemon(true);
            folding.start();
            try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer())) {
                consumer = c;
                OffsetCommits commits = new OffsetCommits(c::commitAsync, () -> Map.copyOf(expected), c::assignment,
                        System::nanoTime, Duration.ofSeconds(1), commitFailures);
                c.subscribe(TOPICS, new ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                        // everything handed to the folder is stored before partitions move or are sought; the
                        // customers stay in memory in case the same partitions come back (checked on assignment)
                        folder.drain(folding);
                        ownership.rebalancing();
                    }

                    @Override
                    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                        folder.drain(folding);
                        takeOver(c, partitions);
                    }
                });
                try {
                    poll(c, folder, folding, commits);
                } finally {
                    // store what was handed over, then send its offsets while the consumer is still open:
                    // tools that read the group's lag (and a new member) see the last stored batch too
                    folder.finish(folding);
                    commitStored(c, folder);
                }
            } catch (WakeupException e) {
                if (running) {
                    LOG.warn("consumer woken up unexpectedly; restarting", e);
                }
            } catch (RuntimeException e) {
                LOG.error("folding consumer failed; restarting from the stored offsets in 1 s", e);
                sleep(1000);
            } finally {
                consumer = null;
                // the folder stores what it was handed, then ends: a new consumer starts from stored offsets
                folder.finish(folding);
            }
        }
    }

    /** Commits (synchronously, informational) every offset the folder has stored and not yet committed. */
    private static void commitStored(KafkaConsumer<byte[], byte[]> c, Folder folder) {
        Map<TopicPartition, OffsetAndMetadata> all = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> commit;
        while ((commit = folder.commits.poll()) != null) {
            all.putAll(commit); // later batches carry later offsets
        }
        if (all.isEmpty()) {
            return;
        }
        try {
            c.commitSync(all, Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            // the offsets that count are in PostgreSQL; Kafka's copy catches up with the next batch
            LOG.debugf("committing the last stored offsets to Kafka failed: %s", e);
        }
    }

    /**
     * Takes over the assigned partitions: drops the customers of partitions no longer owned, keeps those of
     * partitions still owned ONLY when nobody stored them since this instance did (stored positions equal the
     * ones it stored last), loads the others' snapshots and facts from PostgreSQL, and positions the consumer
     * at the stored offsets. Memory follows the share of partitions.
     */
    private void takeOver(KafkaConsumer<byte[], byte[]> c, Collection<TopicPartition> partitions) {
        Set<Integer> next = new TreeSet<>();
        partitions.forEach(tp -> next.add(tp.partition()));
        Map<TopicPartition, Long> stored;
        try {
            stored = store.offsets(next);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read stored offsets", e);
        }
        Set<Integer> keep = new TreeSet<>();
        for (int part : held) {
            if (next.contains(part) && unchangedSinceStored(part, stored)) {
                keep.add(part);
            }
        }
        Set<Integer> drop = new TreeSet<>(held);
        drop.removeAll(keep);
        Set<Integer> load = new TreeSet<>(next);
        load.removeAll(keep);
        ownership.membershipLock().lock();
        try {
            forget(drop);
            if (!load.isEmpty()) {
                try {
                    store.load(load, usage, state);
                } catch (SQLException e) {
                    forget(load);
                    throw new IllegalStateException("cannot load partitions " + load, e);
                }
            }
            held.addAll(load);
        } finally {
            ownership.membershipLock().unlock();
        }
        expected.keySet().removeIf(tp -> !keep.contains(tp.partition()));
        stored.forEach((tp, o) -> {
            if (load.contains(tp.partition())) {
                expected.put(tp, o);
            }
        });
        seekToStoredOffsets(c, partitions, stored);
        ownership.settle(next);
        LOG.infof("owning partitions %s (kept %s in memory, loaded %s, dropped %s)", next, keep, load, drop);
        readyTarget = null;
        if (!load.isEmpty()) {
            try {
                loaded.fire(new PartitionsLoaded(Set.copyOf(load)));
            } catch (RuntimeException e) {
                LOG.error("reconciling loaded partitions failed", e);
            }
        }
    }

    /**
     * Readiness: this instance owns its partitions (settled, every partition owned) and has stored its partitions
     * up to the end offsets they had when first asked after the assignment (the backlog it took over). Unlike
     * {@link #caughtUp()} it does not flap under a steady stream of new records.
     */
    public synchronized boolean ready() {
        if (!config.consumer().enabled()) {
            return true;
        }
        Ownership.View view = ownership.view();
        if (fatal != null || !view.settled() || !view.complete()) {
            return false;
        }
        if (readyTarget == null || readyGeneration != view.generation()) {
            try {
                Map<TopicPartition, Long> ends = endOffsets(view.partitions());
                ends.keySet().removeIf(tp -> !view.mine().contains(tp.partition()));
                readyTarget = ends;
                readyGeneration = view.generation();
            } catch (Exception e) {
                return false;
            }
        }
        for (Map.Entry<TopicPartition, Long> e : readyTarget.entrySet()) {
            if (e.getValue() > 0 && expected.getOrDefault(e.getKey(), 0L) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private Map<TopicPartition, Long> readyTarget;
    private int readyGeneration = -2;

    private boolean unchangedSinceStored(int part, Map<TopicPartition, Long> stored) {
        for (String topic : TOPICS) {
            TopicPartition tp = new TopicPartition(topic, part);
            if (!java.util.Objects.equals(stored.get(tp), expected.get(tp))) {
                return false;
            }
        }
        return true;
    }

    /** Forgets the customers of these partitions (memory and expectations). */
    private void forget(Set<Integer> parts) {
        if (parts.isEmpty()) {
            return;
        }
        ownership.membershipLock().lock();
        try {
            forgetLocked(parts);
        } finally {
            ownership.membershipLock().unlock();
        }
    }

    private void forgetLocked(Set<Integer> parts) {
        int n = partitionCount;
        usage.removeIf(id -> parts.contains(Partitions.of(id, n)));
        state.removeCustomersIf(id -> parts.contains(Partitions.of(id, n)));
        held.removeAll(parts);
        expected.keySet().removeIf(tp -> parts.contains(tp.partition()));
    }

    private void seekToStoredOffsets(KafkaConsumer<byte[], byte[]> c, Collection<TopicPartition> partitions,
            Map<TopicPartition, Long> stored) {
        List<TopicPartition> fresh = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> known = new HashMap<>();
        for (TopicPartition tp : partitions) {
            Long next = stored.get(tp);
            if (next != null) {
                c.seek(tp, next);
                known.put(tp, new OffsetAndMetadata(next));
            } else {
                fresh.add(tp);
            }
        }
        if (!fresh.isEmpty()) {
            c.seekToBeginning(fresh);
        }
        if (!known.isEmpty()) {
            // Kafka's copy of the offsets (what lag tools read) may be behind PostgreSQL's after a crash
            c.commitAsync(known, null);
        }
    }

    /**
     * The polling thread: the only user of the consumer. It hands every non-empty poll to the folder
     * (a bounded queue: it waits when the folder is behind), tells it when a poll found nothing, and
     * commits to Kafka the offsets of the batches the folder has stored (informational: operators and the
     * launcher read the group's lag). After a failed commit, and on idle polls, it commits again every stored
     * offset Kafka lacks ({@link OffsetCommits}), so Kafka's copy never stays behind for good.
     */
    private void poll(KafkaConsumer<byte[], byte[]> c, Folder folder, Thread folding, OffsetCommits commits) {
        Duration pollTimeout = config.consumer().pollTimeout();
        while (running) {
            Map<TopicPartition, OffsetAndMetadata> commit;
            while ((commit = folder.commits.poll()) != null) {
                commits.commit(commit);
            }
            boolean idle = pollOnce(c, pollTimeout, folder, folding);
            commits.repair(idle);
        }
    }

    /** One poll, handed over (no reference to the records stays here while the next poll waits); true when idle. */
    private static boolean pollOnce(KafkaConsumer<byte[], byte[]> c, Duration timeout, Folder folder,
            Thread folding) {
        ConsumerRecords<byte[], byte[]> records = c.poll(timeout);
        if (records.isEmpty()) {
            folder.queue.offer(IDLE);
            return true;
        }
        folder.hand(records, folding);
        return false;
    }

    /** Queue markers: a poll found nothing / store what you have now / store and end. */
    private static final Object IDLE = new Object();
    private static final Object FLUSH = new Object();
    private static final Object END = new Object();

    /**
     * The folding thread: the only writer of the projections. It takes the polled records in order,
     * decodes and folds them into a batch, and stores the batch in ONE transaction with its next
     * offsets when a poll found nothing, after {@code maxBatchRecords} records or after
     * {@code maxBatchTime}, whichever comes first; then it reconciles late facts (R28).
     */
    private final class Folder implements Runnable {

        final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(1);
        final Queue<Map<TopicPartition, OffsetAndMetadata>> commits = new ConcurrentLinkedQueue<>();
        /** Polls handed over / polls whose records are stored (or dead-lettered and stored). */
        final AtomicLong handed = new AtomicLong();
        final AtomicLong stored = new AtomicLong();
        final HeartbeatScanner scanner = new HeartbeatScanner();

        /**
         * Hands one poll over, with the header check of the hot path already done here, on the polling
         * thread (reading the header keys is a good part of a record's cost; it runs while the folder
         * folds the previous poll).
         */
        void hand(ConsumerRecords<byte[], byte[]> records, Thread folding) {
            boolean[] plain = new boolean[records.count()];
            int i = 0;
            for (TopicPartition tp : records.partitions()) {
                List<ConsumerRecord<byte[], byte[]>> list = records.records(tp);
                if (Topics.TELEMETRY_HEARTBEATS.equals(tp.topic())) {
                    for (ConsumerRecord<byte[], byte[]> r : list) {
                        plain[i++] = TelemetryDecoder.isPlainHeartbeat(r.headers());
                    }
                } else {
                    i += list.size();
                }
            }
            Polled polled = new Polled(records, plain);
            handed.incrementAndGet();
            try {
                while (!queue.offer(polled, 100, TimeUnit.MILLISECONDS)) {
                    if (!folding.isAlive()) {
                        throw new IllegalStateException("the folding thread ended");
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while handing records to the folder", e);
            }
        }

        /** Waits until everything handed over is stored (rebalance: stored offsets are then exact). */
        void drain(Thread folding) {
            if (stored.get() == handed.get()) {
                return;
            }
            try {
                while (folding.isAlive() && !queue.offer(FLUSH, 100, TimeUnit.MILLISECONDS)) {
                    // the folder is busy; it takes FLUSH after what it holds
                }
                while (stored.get() != handed.get() && folding.isAlive()) {
                    Thread.sleep(2);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Lets the folder store what it was handed and end; waits for it. */
        void finish(Thread folding) {
            try {
                while (folding.isAlive() && !queue.offer(END, 100, TimeUnit.MILLISECONDS)) {
                    // the folder is busy storing; it will take END after what it holds
                }
                folding.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void run() {
            long maxNanos = config.consumer().maxBatchTime().toNanos();
            int maxRecords = config.consumer().maxBatchRecords();
            try {
                while (true) {
                    Object item = queue.take();
                    if (item == END) {
                        return;
                    }
                    if (item == IDLE) {
                        continue;
                    }
                    if (item == FLUSH) {
                        continue;
                    }
                    Batch batch = new Batch();
                    long start = System.nanoTime();
                    int polls = 0;
                    boolean end = false;
                    while (true) {
                        handle((Polled) item, batch);
                        polls++;
                        item = null; // the folded records are garbage now, even while we wait for more
                        long left = maxNanos - (System.nanoTime() - start);
                        if (batch.records >= maxRecords || left <= 0) {
                            break;
                        }
                        item = queue.poll(left, TimeUnit.NANOSECONDS);
                        if (item == null || item == IDLE || item == FLUSH) {
                            break;
                        }
                        if (item == END) {
                            end = true;
                            break;
                        }
                    }
                    try {
                        complete(batch, start);
                    } catch (FoldStore.Fenced e) {
                        // another instance owns a partition of this batch now: forget everything held (it may
                        // hold records of that partition that were never stored) and let the consumer rejoin
                        LOG.warnf("stopped folding: %s; re-joining the group", e.getMessage());
                        forget(Set.copyOf(held));
                        return;
                    }
                    stored.addAndGet(polls);
                    if (end) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }


        /** Stores the batch (ONE transaction with its next offsets), then commits and reconciles. */
        private void complete(Batch batch, long start) {
            long foldedAt = System.nanoTime();
            storeUntilDone(batch);
            long done = System.nanoTime();
            if (done - start > 1_000_000_000L) {
                LOG.infof("slow batch: %d records, %d customers, fold %d ms, store %d ms", batch.records,
                        batch.touched.size(), (foldedAt - start) / 1_000_000, (done - foldedAt) / 1_000_000);
            }
            expected.putAll(batch.nextOffsets);
            Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
            batch.nextOffsets.forEach((tp, o) -> commit.put(tp, new OffsetAndMetadata(o)));
            commits.add(commit);
            folded.addAndGet(batch.records - batch.dead.size());
            deadLettered.addAndGet(batch.dead.size());
            batches.incrementAndGet();
            if (!batch.late.isEmpty()) {
                try {
                    adjustments.reconcile(batch.late);
                } catch (RuntimeException e) {
                    LOG.error("reconciling late facts failed", e);
                }
            }
        }

        /** One poll's records, partition by partition (offsets tracked per partition, not per record). */
        private void handle(Polled polled, Batch batch) {
            ConsumerRecords<byte[], byte[]> records = polled.records();
            boolean[] plain = polled.plainHeartbeat();
            int i = 0;
            for (TopicPartition tp : records.partitions()) {
                List<ConsumerRecord<byte[], byte[]>> list = records.records(tp);
                if (list.isEmpty()) {
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> r : list) {
                    if (!plain[i++] || !foldPlainHeartbeat(r, batch)) {
                        FoldingConsumer.this.handle(r, batch);
                    }
                }
                batch.records += list.size();
                batch.nextOffsets.put(tp, list.get(list.size() - 1).offset() + 1);
            }
        }

        /**
         * The hot path: a device heartbeat (plain headers, checked by the poller) whose value has the
         * plain shape ingest writes, folded without decoding it into an event ({@link HeartbeatScanner}).
         * False when the value is anything else; the general path then folds it or dead-letters it with
         * the precise reason.
         */
        private boolean foldPlainHeartbeat(ConsumerRecord<byte[], byte[]> r, Batch batch) {
            HeartbeatScanner s = scanner;
            // the scanner takes printable ASCII only; an id too long to store goes to the general path, which
            // dead-letters it (a 9 000-character id on its own customer's partition was once folded here)
            if (!s.scan(r.value()) || tooLong(s.customerId()) || tooLong(s.deviceId()) || tooLong(s.userId())
                    || !routed(s.customerId(), r)) {
                return false;
            }
            CustomerUnits units = usage.heartbeat(s.customerId(), s.deviceId(), s.products(), s.userId(),
                    s.occurredAt());
            batch.touch(units);
            markIfLate(r, units.customerId(), s.occurredAt(), true, batch);
            return true;
        }
    }

    private static boolean tooLong(String id) {
        return id != null && id.length() > SafeText.MAX_ID_LENGTH;
    }

    /** One poll's records and, per record in partition order, whether its headers are a plain heartbeat's. */
    private record Polled(ConsumerRecords<byte[], byte[]> records, boolean[] plainHeartbeat) {
    }

    private void storeUntilDone(Batch batch) {
        Map<TopicPartition, Long> expectedNow = new HashMap<>();
        batch.nextOffsets.keySet().forEach(tp -> {
            Long o = expected.get(tp);
            if (o != null) {
                expectedNow.put(tp, o);
            }
        });
        FoldStore.Batch stored = new FoldStore.Batch(batch.touched.values(), batch.facts, batch.dead,
                batch.nextOffsets, expectedNow);
        long backoff = 200;
        while (true) {
            try {
                store.store(stored);
                return;
            } catch (FoldStore.Fenced e) {
                throw e;
            } catch (SQLException | RuntimeException e) {
                // The projections in memory already hold the batch; retrying the store is safe (upserts).
                LOG.errorf("storing a batch of %d records failed, retrying in %d ms: %s", batch.records, backoff, e);
                sleep(backoff);
                backoff = Math.min(backoff * 2, 10_000);
            }
        }
    }

    /** The general path of one record (any topic); the caller counts it and tracks its offset. */
    private void handle(ConsumerRecord<byte[], byte[]> r, Batch batch) {
        Map<String, byte[]> headers = headers(r);
        try {
            if (Topics.TELEMETRY_HEARTBEATS.equals(r.topic())) {
                TelemetryEvent telemetry = TelemetryDecoder.decode(headers, r.value());
                requireStorable(telemetry);
                requireRouted(telemetry.customerId(), r);
                String customerId = usage.apply(telemetry);
                batch.touch(usage.find(customerId));
                markIfLate(r, customerId, telemetry.occurredAt().toEpochMilli(), true, batch);
                return;
            }
            CloudEvent envelope = CloudEvents.read(headers, r.value());
            MeteringEvent event = CloudEvents.unwrap(envelope);
            if (event instanceof CustomerEvent ce) {
                requireRouted(ce.customerId(), r);
            } else if (event instanceof LicenseEvent le) {
                requireRouted(le.customerId(), r);
            }
            // every string of the data (names too, at any depth) follows the platform's text rule and no id is too
            // long: checked on the tree, since its JSON text escapes control characters (a name with a BEL passed)
            String problem = ConsumedText.problem(envelope.data());
            if (problem != null) {
                throw new Unstorable(problem);
            }
            String data = Json.mapper().writeValueAsString(envelope.data());
            requireId("id", envelope.id());
            requireId("subject", envelope.subject());
            if (event instanceof CustomerEvent ce) {
                requireId("customerId", ce.customerId());
            } else if (event instanceof LicenseEvent le) {
                requireId("customerId", le.customerId());
            }
            if (state.apply(event)) {
                batch.facts.add(new FoldStore.Fact(envelope.id(), r.topic(), r.partition(), envelope.type(),
                        envelope.subject(), data));
                if (event instanceof CustomerEvent ce) {
                    markIfLate(r, ce.customerId(), 0, false, batch);
                } else if (event instanceof LicenseEvent le) {
                    markIfLate(r, le.customerId(), 0, false, batch);
                }
            }
        } catch (Misrouted e) {
            dead(r, headers, "misrouted", e.getMessage(), batch);
        } catch (Unstorable e) {
            dead(r, headers, "invalid-characters", e.getMessage(), batch);
        } catch (InvalidEventException e) {
            dead(r, headers, e.reason(), e.getMessage(), batch);
        } catch (IllegalArgumentException e) {
            dead(r, headers, "invalid-event", e.getMessage(), batch);
        } catch (JsonProcessingException | RuntimeException e) {
            dead(r, headers, "unprocessable", e.toString(), batch);
        }
    }

    /**
     * Whether the record sits on the partition its customer belongs to. A customer's facts must all be on one
     * partition (one owner); a record keyed otherwise would put part of a customer on another instance.
     */
    private boolean routed(String customerId, ConsumerRecord<byte[], byte[]> r) {
        if (customerId == null) {
            return true;
        }
        if (!customerId.equals(lastRoutedId)) {
            // consecutive records are mostly of one customer (ingest batches per customer): hash once per run
            lastRoutedPartition = Partitions.of(customerId, partitionCount);
            lastRoutedId = customerId;
        }
        return lastRoutedPartition == r.partition();
    }

    /** The last customer id {@link #routed} hashed and its partition (used by the folding thread only). */
    private String lastRoutedId;
    private int lastRoutedPartition;

    private void requireRouted(String customerId, ConsumerRecord<byte[], byte[]> r) {
        if (!routed(customerId, r)) {
            throw new Misrouted("customer " + customerId + " belongs to partition "
                    + Partitions.of(customerId, partitionCount) + " of " + partitionCount + ", the record is on "
                    + r.partition() + " (records about a customer must be keyed by its id)");
        }
    }

    /** Refuses a telemetry event whose ids PostgreSQL could not store (NUL, lone surrogate, too long). */
    private static void requireStorable(TelemetryEvent t) {
        requireId("customerId", t.customerId());
        if (t instanceof dev.metering.contracts.telemetry.DeviceHeartbeat h) {
            requireId("deviceId", h.deviceId());
            requireId("userId", h.userId());
        } else if (t instanceof dev.metering.contracts.telemetry.FirewallHeartbeat f) {
            requireId("serialNumber", f.serialNumber());
        } else if (t instanceof dev.metering.contracts.telemetry.DeviceRemoved d) {
            requireId("deviceId", d.deviceId());
        }
    }

    private static void requireId(String field, String value) {
        String problem = SafeText.idProblem(value);
        if (problem != null) {
            throw new Unstorable(field + " " + problem);
        }
    }

    private static final class Unstorable extends RuntimeException {
        Unstorable(String message) {
            super(message);
        }
    }

    private static final class Misrouted extends RuntimeException {
        Misrouted(String message) {
            super(message);
        }
    }

    private static Map<String, byte[]> headers(ConsumerRecord<byte[], byte[]> r) {
        Map<String, byte[]> headers = new HashMap<>();
        for (Header h : r.headers()) {
            headers.put(h.key(), h.value());
        }
        return headers;
    }

    /**
     * R28: a fact appended after a period's close that can change its count (a heartbeat or removal
     * inside (S − 30 d, S]; any billing fact of the customer) marks the customer for reconciliation.
     */
    private void markIfLate(ConsumerRecord<byte[], byte[]> r, String customerId, long occurredAt, boolean telemetry,
            Batch batch) {
        Map<YearMonth, ClosedPeriods.Closed> all = closedPeriods.all();
        if (all.isEmpty()) {
            return;
        }
        for (ClosedPeriods.Closed closed : all.values()) {
            if (r.timestamp() <= closed.runAt().toEpochMilli()) {
                continue;
            }
            long s = closed.closedAt().toEpochMilli();
            if (telemetry && (occurredAt > s || occurredAt <= s - ActivityWindow.WINDOW_MS)) {
                continue;
            }
            batch.late.computeIfAbsent(closed.period(), k -> new TreeSet<>()).add(customerId);
        }
    }

    private void dead(ConsumerRecord<byte[], byte[]> r, Map<String, byte[]> headers, String reason, String detail,
            Batch batch) {
        Map<String, String> h = new TreeMap<>();
        headers.forEach((k, v) -> h.put(SafeText.storable(k), SafeText.storable(v == null ? null
                : new String(v, StandardCharsets.UTF_8))));
        String headersJson;
        try {
            headersJson = Json.mapper().writeValueAsString(h);
        } catch (JsonProcessingException e) {
            headersJson = "{}";
        }
        LOG.debugf("dead letter %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), reason);
        batch.dead.add(new FoldStore.DeadLetter(r.topic(), r.partition(), r.offset(),
                r.key() == null ? null : SafeText.storable(new String(r.key(), StandardCharsets.UTF_8)), reason,
                SafeText.storable(detail), headersJson, r.value()));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Batch {
        int records;
        final Map<String, CustomerUnits> touched = new LinkedHashMap<>();
        final List<FoldStore.Fact> facts = new ArrayList<>();
        final List<FoldStore.DeadLetter> dead = new ArrayList<>();
        final Map<TopicPartition, Long> nextOffsets = new HashMap<>();
        final Map<YearMonth, Set<String>> late = new TreeMap<>();
        private CustomerUnits lastTouched;

        void touch(CustomerUnits units) {
            if (units != lastTouched) {
                touched.putIfAbsent(units.customerId(), units);
                lastTouched = units;
            }
        }
    }
}
