package dev.metering.launcher.simulator;

import dev.metering.contracts.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a consumer group is behind the topics it reads, from the broker's own bookkeeping (end offsets
 * minus the group's committed offsets). The simulator waits for billing-service's group to reach zero
 * before it closes the month, so the close sees every fact it sent (billing commits a batch's offsets
 * only after folding and storing it).
 */
public final class ConsumerLag {

    public static final List<String> BILLING_TOPICS = List.of(Topics.TELEMETRY_HEARTBEATS, Topics.CUSTOMERS_EVENTS,
            Topics.LICENSES_EVENTS);

    private ConsumerLag() {
    }

    public static long lag(String bootstrapServers, String group, List<String> topics) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(p)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).forEach((name, d) ->
                    d.partitions().forEach(info -> request.put(new TopicPartition(name, info.partition()),
                            OffsetSpec.latest())));
            Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(request).all().get(10, TimeUnit.SECONDS);
            long lag = 0;
            for (Map.Entry<TopicPartition, ListOffsetsResultInfo> e : ends.entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                lag += e.getValue().offset() - (c == null ? 0 : c.offset());
            }
            return lag;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the lag of consumer group " + group + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Waits until the group's lag is zero (twice in a row, 0.5 s apart); false on timeout. */
    public static boolean awaitZero(String bootstrapServers, String group, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int zeros = 0;
        while (System.nanoTime() < deadline) {
            zeros = lag(bootstrapServers, group, BILLING_TOPICS) == 0 ? zeros + 1 : 0;
            if (zeros >= 2) {
                return true;
            }
            Http.sleep(500);
        }
        return false;
    }
}
