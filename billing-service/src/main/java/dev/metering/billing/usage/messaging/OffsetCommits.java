package dev.metering.billing.usage.messaging;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Kafka's copy of the fold's offsets. The offsets that count are stored in PostgreSQL with every batch; the
 * group's committed offsets are a copy for operators, lag tools and the launcher. A commit can fail (a
 * rebalance, the coordinator moving, a broker restart); the next batch's commit repairs only the partitions it
 * touches, so a quiet partition's copy used to stay behind for good. Here a failed commit is followed by a
 * commit of every stored offset still behind, and an idle poll re-commits whatever Kafka's copy lacks; both at
 * most once per {@code retryEvery}. Used by the polling thread only: the callbacks run inside its polls.
 */
final class OffsetCommits {

    private static final Logger LOG = Logger.getLogger(OffsetCommits.class);

    /** The consumer's {@code commitAsync}. */
    interface Committer {
        void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback);
    }

    private final Committer committer;
    private final Supplier<Map<TopicPartition, Long>> stored;
    private final Supplier<Set<TopicPartition>> assignment;
    private final LongSupplier nanoClock;
    private final long retryNanos;
    /** The offsets Kafka acknowledged, per partition (the highest). */
    private final Map<TopicPartition, Long> acknowledged = new HashMap<>();
    private final AtomicLong failures;
    private boolean failed;
    private long lastRepair;
    private boolean repaired;

    /**
     * @param stored the next offsets stored in PostgreSQL per partition held
     * @param assignment the partitions the consumer is assigned now (only those can be committed)
     * @param failures counts failed commits (a metric)
     */
    OffsetCommits(Committer committer, Supplier<Map<TopicPartition, Long>> stored,
            Supplier<Set<TopicPartition>> assignment, LongSupplier nanoClock, java.time.Duration retryEvery,
            AtomicLong failures) {
        this.committer = committer;
        this.stored = stored;
        this.assignment = assignment;
        this.nanoClock = nanoClock;
        this.retryNanos = retryEvery.toNanos();
        this.failures = failures;
    }

    /** Commits a stored batch's offsets. */
    void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (!offsets.isEmpty()) {
            committer.commitAsync(offsets, this::completed);
        }
    }

    /**
     * After a failed commit, and on an idle poll ({@code idle}), commits every stored offset of the assigned
     * partitions that Kafka has not acknowledged, at most once per {@code retryEvery}.
     */
    void repair(boolean idle) {
        if (!failed && !idle) {
            return;
        }
        long now = nanoClock.getAsLong();
        if (repaired && now - lastRepair < retryNanos) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> behind = behind();
        failed = false;
        if (behind.isEmpty()) {
            return;
        }
        repaired = true;
        lastRepair = now;
        committer.commitAsync(behind, this::completed);
    }

    /** Stored offsets of the assigned partitions that Kafka has not acknowledged. */
    Map<TopicPartition, OffsetAndMetadata> behind() {
        Set<TopicPartition> assigned = assignment.get();
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        stored.get().forEach((tp, offset) -> {
            if (assigned.contains(tp) && acknowledged.getOrDefault(tp, -1L) < offset) {
                out.put(tp, new OffsetAndMetadata(offset));
            }
        });
        return out;
    }

    private void completed(Map<TopicPartition, OffsetAndMetadata> offsets, Exception e) {
        if (e != null) {
            failed = true;
            failures.incrementAndGet();
            LOG.debugf("committing offsets to Kafka failed (the stored offsets are committed again): %s", e);
            return;
        }
        offsets.forEach((tp, o) -> acknowledged.merge(tp, o.offset(), Math::max));
    }
}
