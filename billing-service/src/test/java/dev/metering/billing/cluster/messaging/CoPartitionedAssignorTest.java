package dev.metering.billing.cluster.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.billing.cluster.service.Ownership;
import dev.metering.contracts.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Assignment;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.GroupSubscription;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The billing group's assignment (R21: the answer never depends on how the work is split, so every customer's
 * facts must reach ONE owner): partition p of every topic to the same member, fair shares, members keep what they
 * hold, every member learns every owner's URL.
 */
class CoPartitionedAssignorTest {

    static final List<String> TOPICS = List.of(Topics.TELEMETRY_HEARTBEATS, Topics.CUSTOMERS_EVENTS,
            Topics.LICENSES_EVENTS);

    @Test
    void givenThreeMembersAndTwelvePartitions_whenAssigned_thenPartitionPOfEveryTopicGoesToOneMemberInFairShares() {
        Map<String, Assignment> out = assign(12, Map.of("m-a", sub("http://a", Set.of()), "m-b", sub("http://b",
                Set.of()), "m-c", sub("http://c", Set.of())));

        Map<Integer, String> ownerOf = new HashMap<>();
        out.forEach((member, a) -> {
            Set<Integer> parts = new TreeSet<>();
            for (TopicPartition tp : a.partitions()) {
                parts.add(tp.partition());
                String earlier = ownerOf.putIfAbsent(tp.partition(), member);
                assertThat(earlier == null || earlier.equals(member)).as("partition " + tp.partition()
                        + " of every topic goes to one member").isTrue();
            }
            assertThat(parts).hasSize(4);
            assertThat(a.partitions()).hasSize(12); // 4 partitions x 3 topics
        });
        assertThat(ownerOf).hasSize(12);
    }

    @Test
    void givenMembersHoldingPartitions_whenAMemberJoins_thenOnlyTheShareItNeedsMoves() {
        Map<String, Set<Integer>> held = Map.of("m-a", Set.of(0, 1, 2, 3, 4, 5), "m-b", Set.of(6, 7, 8, 9, 10, 11));
        Map<String, Set<Integer>> plan = CoPartitionedAssignor.plan(List.of("m-a", "m-b", "m-c"), held, 12);

        assertThat(plan.get("m-a")).hasSize(4).isSubsetOf(held.get("m-a"));
        assertThat(plan.get("m-b")).hasSize(4).isSubsetOf(held.get("m-b"));
        assertThat(plan.get("m-c")).hasSize(4);
        Set<Integer> all = new TreeSet<>();
        plan.values().forEach(all::addAll);
        assertThat(all).hasSize(12);
    }

    @Test
    void givenOneMemberLeft_whenAssigned_thenItTakesEveryPartitionAndKeepsItsOwn() {
        Map<String, Set<Integer>> plan = CoPartitionedAssignor.plan(List.of("m-a"), Map.of("m-a", Set.of(3)), 12);
        assertThat(plan.get("m-a")).hasSize(12);
    }

    @Test
    void givenAnAssignment_whenAMemberReceivesIt_thenItKnowsEveryOwnersUrlAndItsOwnPartitions() {
        Ownership ownership = new Ownership();
        CoPartitionedAssignor assignor = new CoPartitionedAssignor();
        assignor.configure(Map.of(CoPartitionedAssignor.OWNERSHIP, ownership));
        Map<String, Assignment> out = assign(4, Map.of("m-a", sub("http://a", Set.of()), "m-b",
                sub("http://b", Set.of())));

        assignor.onAssignment(out.get("m-a"), new ConsumerGroupMetadata("g", 7, "m-a", java.util.Optional.empty()));
        ownership.settle(Set.of(0, 1));

        Ownership.View view = ownership.view();
        assertThat(view.generation()).isEqualTo(7);
        assertThat(view.partitions()).isEqualTo(4);
        assertThat(view.complete()).isTrue();
        assertThat(view.byOwner().keySet()).containsExactly("http://a", "http://b");
        Set<Integer> mine = new TreeSet<>();
        out.get("m-a").partitions().forEach(tp -> mine.add(tp.partition()));
        assertThat(view.byOwner().get("http://a")).isEqualTo(mine);
    }

    @Test
    void givenARebalance_whenItStarts_thenThisInstanceAnswersForNoPartitionUntilSettled() {
        Ownership ownership = new Ownership();
        ownership.assigned(new Ownership.View(1, 2, Map.of(0, "http://a", 1, "http://a"), Set.of(0, 1), false));
        ownership.settle(Set.of(0, 1));
        assertThat(ownership.view().settled()).isTrue();

        ownership.rebalancing();

        assertThat(ownership.view().settled()).isFalse();
        assertThat(ownership.view().mine()).isEmpty();
    }

    static Subscription sub(String url, Set<Integer> held) {
        return new Subscription(TOPICS, CoPartitionedAssignor.encodeSubscription(url, held));
    }

    static Map<String, Assignment> assign(int partitions, Map<String, Subscription> members) {
        Node node = new Node(0, "localhost", 9092);
        List<PartitionInfo> infos = new ArrayList<>();
        for (String t : TOPICS) {
            for (int p = 0; p < partitions; p++) {
                infos.add(new PartitionInfo(t, p, node, new Node[] {node}, new Node[] {node}));
            }
        }
        Cluster cluster = new Cluster("c", List.of(node), infos, Set.of(), Set.of());
        return new CoPartitionedAssignor().assign(cluster, new GroupSubscription(members)).groupAssignment();
    }
}
