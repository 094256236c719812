package dev.metering.billing.usage.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.junit.jupiter.api.Test;

/**
 * #14, finding 9: after a failed commit, Kafka's copy of billing's offsets (what operators and the launcher read
 * as the group's lag) catches up with what is stored in PostgreSQL, even for a partition that receives nothing
 * more. A focused unit test of the retry logic: the broker is replaced by a recording committer whose answers
 * the test chooses, because a real broker cannot be made to refuse one chosen commit on demand.
 */
class OffsetCommitsTest {

    static final TopicPartition HEARTBEATS_0 = new TopicPartition("telemetry.heartbeats", 0);
    static final TopicPartition CUSTOMERS_0 = new TopicPartition("customers.events", 0);
    static final TopicPartition HEARTBEATS_1 = new TopicPartition("telemetry.heartbeats", 1);

    final List<Map<TopicPartition, OffsetAndMetadata>> sent = new ArrayList<>();
    final List<OffsetCommitCallback> callbacks = new ArrayList<>();
    final Map<TopicPartition, Long> stored = new HashMap<>();
    Set<TopicPartition> assigned = Set.of(HEARTBEATS_0, CUSTOMERS_0);
    long now = 0;
    final AtomicLong failures = new AtomicLong();
    final OffsetCommits commits = new OffsetCommits((offsets, callback) -> {
        sent.add(Map.copyOf(offsets));
        callbacks.add(callback);
    }, () -> Map.copyOf(stored), () -> assigned, () -> now, Duration.ofSeconds(1), failures);

    @Test
    void aFailedCommitIsFollowedByACommitOfEveryStoredOffsetKafkaLacks() {
        // given two batches stored; the first commit succeeded, the second (heartbeats up to 120) failed
        stored.put(HEARTBEATS_0, 100L);
        stored.put(CUSTOMERS_0, 7L);
        commits.commit(Map.of(HEARTBEATS_0, new OffsetAndMetadata(100), CUSTOMERS_0, new OffsetAndMetadata(7)));
        answer(0, null);
        stored.put(HEARTBEATS_0, 120L);
        commits.commit(Map.of(HEARTBEATS_0, new OffsetAndMetadata(120)));
        answer(1, new RebalanceInProgressException("rebalance"));
        assertThat(failures).hasValue(1);

        // when the next poll brings records (not idle) and nothing more arrives for that partition
        commits.repair(false);

        // then the stored offset Kafka lacks is committed again, and only that one
        assertThat(sent).hasSize(3);
        assertThat(sent.get(2)).isEqualTo(Map.of(HEARTBEATS_0, new OffsetAndMetadata(120)));

        // and once Kafka acknowledged it, idle polls commit nothing more
        answer(2, null);
        now += Duration.ofSeconds(5).toNanos();
        commits.repair(true);
        assertThat(sent).hasSize(3);
        assertThat(commits.behind()).isEmpty();
    }

    @Test
    void aRepairThatFailsAgainIsRetriedButAtMostOncePerInterval() {
        stored.put(HEARTBEATS_0, 50L);
        commits.commit(Map.of(HEARTBEATS_0, new OffsetAndMetadata(50)));
        answer(0, new RebalanceInProgressException("rebalance"));
        commits.repair(false);
        assertThat(sent).hasSize(2);
        answer(1, new org.apache.kafka.common.errors.TimeoutException("coordinator moved"));

        // within the interval: nothing is sent, however many polls
        now += Duration.ofMillis(300).toNanos();
        commits.repair(false);
        commits.repair(true);
        assertThat(sent).hasSize(2);

        // after it: sent again, and the success ends the repairs
        now += Duration.ofSeconds(1).toNanos();
        commits.repair(true);
        assertThat(sent).hasSize(3).last().isEqualTo(Map.of(HEARTBEATS_0, new OffsetAndMetadata(50)));
        answer(2, null);
        now += Duration.ofSeconds(5).toNanos();
        commits.repair(true);
        assertThat(sent).hasSize(3);
        assertThat(failures).hasValue(2);
    }

    @Test
    void anIdlePollCommitsStoredOffsetsKafkaNeverAcknowledgedOnlyForAssignedPartitions() {
        // given offsets loaded from PostgreSQL on assignment (a restart after kill -9: Kafka's copy is older),
        // and a partition held before that is no longer assigned
        stored.put(HEARTBEATS_0, 900L);
        stored.put(CUSTOMERS_0, 30L);
        stored.put(HEARTBEATS_1, 400L);

        // when a poll finds nothing
        commits.repair(true);

        // then the assigned partitions' stored offsets are committed (never another member's partition)
        assertThat(sent).containsExactly(Map.of(HEARTBEATS_0, new OffsetAndMetadata(900), CUSTOMERS_0,
                new OffsetAndMetadata(30)));
    }

    private void answer(int commit, Exception e) {
        callbacks.get(commit).onComplete(sent.get(commit), e);
    }
}
