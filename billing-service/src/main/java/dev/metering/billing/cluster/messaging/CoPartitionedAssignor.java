package dev.metering.billing.cluster.messaging;

import dev.metering.billing.cluster.service.Ownership;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Configurable;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * The billing group's partition assignor. Partition p of every subscribed topic goes to the same member
 * (the topics are co-partitioned by customer id, so a member then holds ALL facts of its customers); a member
 * keeps the partitions it already held in memory as far as a fair share allows (fewer reloads on rebalance);
 * and every member receives the whole partition → owner-URL map, each member having advertised its URL in its
 * subscription, so any instance can ask the owner of a partition (Kafka Streams' {@code application.server}
 * idea, on the plain consumer).
 */
public class CoPartitionedAssignor implements ConsumerPartitionAssignor, Configurable {

    /** Consumer config entry holding this instance's {@link Ownership} (an object, like Kafka Streams does). */
    public static final String OWNERSHIP = "billing.ownership.instance";
    /** Consumer config entry holding the partitions this instance holds in memory (a {@code Supplier<Set<Integer>>}). */
    public static final String HELD = "billing.held.partitions";
    static final String NAME = "billing-copartitioned";

    private static final Logger LOG = Logger.getLogger(CoPartitionedAssignor.class);

    private Ownership ownership;
    private java.util.function.Supplier<Set<Integer>> held = Set::of;

    @Override
    @SuppressWarnings("unchecked")
    public void configure(Map<String, ?> configs) {
        Object o = configs.get(OWNERSHIP);
        if (o instanceof Ownership own) {
            ownership = own;
        }
        Object h = configs.get(HELD);
        if (h instanceof java.util.function.Supplier<?> s) {
            held = (java.util.function.Supplier<Set<Integer>>) s;
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ByteBuffer subscriptionUserData(Set<String> topics) {
        String url = ownership == null ? "" : ownership.advertisedUrl();
        return encodeSubscription(url, held.get());
    }

    @Override
    public GroupAssignment assign(Cluster metadata, GroupSubscription groupSubscription) {
        Map<String, Subscription> members = new TreeMap<>(groupSubscription.groupSubscription());
        Set<String> topics = new TreeSet<>();
        members.values().forEach(s -> topics.addAll(s.topics()));
        Map<String, Integer> counts = new TreeMap<>();
        for (String t : topics) {
            Integer n = metadata.partitionCountForTopic(t);
            if (n != null) {
                counts.put(t, n);
            }
        }
        if (counts.values().stream().distinct().count() > 1) {
            LOG.errorf("the billing topics are not co-partitioned (partition counts %s): partition p of each topic "
                    + "must hold the same customers; assigning the partitions all topics have", counts);
        }
        int n = counts.isEmpty() ? 0 : Collections.min(counts.values());
        Map<String, String> urls = new HashMap<>();
        Map<String, Set<Integer>> heldBy = new HashMap<>();
        members.forEach((id, s) -> {
            Decoded d = decodeSubscription(s.userData());
            urls.put(id, d.url());
            heldBy.put(id, d.held());
        });
        Map<String, Set<Integer>> plan = plan(new ArrayList<>(members.keySet()), heldBy, n);
        Map<Integer, String> owners = new TreeMap<>();
        plan.forEach((id, ps) -> ps.forEach(p -> owners.put(p, urls.get(id))));
        ByteBuffer ownersData = encodeOwners(owners, n);
        Map<String, Assignment> out = new HashMap<>();
        plan.forEach((id, ps) -> {
            List<TopicPartition> tps = new ArrayList<>();
            for (String t : members.get(id).topics()) {
                if (counts.containsKey(t)) {
                    ps.forEach(p -> tps.add(new TopicPartition(t, p)));
                }
            }
            out.put(id, new Assignment(tps, ownersData.duplicate()));
        });
        return new GroupAssignment(out);
    }

    /**
     * Partitions 0..n-1 over the members (sorted ids): fair shares (sizes differ by at most one), each member
     * first keeping what it holds. Pure and deterministic.
     */
    static Map<String, Set<Integer>> plan(List<String> memberIds, Map<String, Set<Integer>> held, int n) {
        List<String> ids = new ArrayList<>(memberIds);
        Collections.sort(ids);
        Map<String, Set<Integer>> plan = new TreeMap<>();
        ids.forEach(id -> plan.put(id, new TreeSet<>()));
        if (ids.isEmpty()) {
            return plan;
        }
        int base = n / ids.size();
        int extra = n % ids.size();
        // the members holding the most get the larger shares: fewer partitions move
        List<String> bySize = new ArrayList<>(ids);
        bySize.sort((a, b) -> Integer.compare(held.getOrDefault(b, Set.of()).size(), held.getOrDefault(a, Set.of()).size()));
        Map<String, Integer> capacity = new HashMap<>();
        for (int i = 0; i < bySize.size(); i++) {
            capacity.put(bySize.get(i), base + (i < extra ? 1 : 0));
        }
        boolean[] taken = new boolean[n];
        for (String id : ids) {
            for (int p : new TreeSet<>(held.getOrDefault(id, Set.of()))) {
                if (p >= 0 && p < n && !taken[p] && plan.get(id).size() < capacity.get(id)) {
                    plan.get(id).add(p);
                    taken[p] = true;
                }
            }
        }
        for (int p = 0; p < n; p++) {
            if (taken[p]) {
                continue;
            }
            String best = null;
            for (String id : ids) {
                if (plan.get(id).size() < capacity.get(id)
                        && (best == null || plan.get(id).size() < plan.get(best).size())) {
                    best = id;
                }
            }
            plan.get(best).add(p);
            taken[p] = true;
        }
        return plan;
    }

    @Override
    public void onAssignment(Assignment assignment, ConsumerGroupMetadata metadata) {
        if (ownership == null) {
            return;
        }
        Owners owners = decodeOwners(assignment.userData());
        Set<Integer> mine = new TreeSet<>();
        assignment.partitions().forEach(tp -> mine.add(tp.partition()));
        ownership.assigned(new Ownership.View(metadata == null ? -1 : metadata.generationId(), owners.partitions(),
                owners.urls(), mine, false));
    }

    record Decoded(String url, Set<Integer> held) {
    }

    static ByteBuffer encodeSubscription(String url, Set<Integer> held) {
        StringBuilder sb = new StringBuilder("v1\n").append(url == null ? "" : url).append('\n');
        new TreeSet<>(held).forEach(p -> sb.append(p).append(','));
        return ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    static Decoded decodeSubscription(ByteBuffer data) {
        if (data == null || !data.hasRemaining()) {
            return new Decoded("", Set.of());
        }
        String[] lines = text(data).split("\n", -1);
        if (lines.length < 2 || !lines[0].equals("v1")) {
            return new Decoded("", Set.of());
        }
        Set<Integer> held = new TreeSet<>();
        if (lines.length > 2) {
            for (String p : lines[2].split(",")) {
                if (!p.isBlank()) {
                    try {
                        held.add(Integer.parseInt(p.trim()));
                    } catch (NumberFormatException e) {
                        // a member of another version: ignore what it holds
                    }
                }
            }
        }
        return new Decoded(lines[1], held);
    }

    record Owners(int partitions, Map<Integer, String> urls) {
    }

    static ByteBuffer encodeOwners(Map<Integer, String> owners, int partitions) {
        StringBuilder sb = new StringBuilder("v1 ").append(partitions).append('\n');
        owners.forEach((p, url) -> sb.append(p).append('=').append(url).append('\n'));
        return ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    static Owners decodeOwners(ByteBuffer data) {
        Map<Integer, String> out = new TreeMap<>();
        if (data == null || !data.hasRemaining()) {
            return new Owners(0, out);
        }
        String[] lines = text(data).split("\n");
        if (lines.length == 0 || !lines[0].startsWith("v1 ")) {
            return new Owners(0, out);
        }
        int partitions = Integer.parseInt(lines[0].substring(3).trim());
        for (int i = 1; i < lines.length; i++) {
            int eq = lines[i].indexOf('=');
            if (eq > 0) {
                out.put(Integer.parseInt(lines[i].substring(0, eq)), lines[i].substring(eq + 1));
            }
        }
        return new Owners(partitions, out);
    }

    private static String text(ByteBuffer data) {
        ByteBuffer copy = data.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
