package dev.metering.billing.cluster.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Who owns which partition of the customer-keyed topics, as the billing consumer group's last rebalance
 * decided it ({@link CoPartitionedAssignor} hands every member the whole map, with each owner's advertised
 * URL, the way Kafka Streams' interactive queries learn {@code application.server}). Between the start of a
 * rebalance and the moment this instance has loaded its new partitions the view is unsettled: answers that
 * need every partition are refused (503) rather than partial.
 */
@ApplicationScoped
public class Ownership {

    /**
     * One rebalance's outcome: the partition count, each partition's owner URL, the partitions this
     * instance owns, and whether this instance has loaded them (settled).
     */
    public record View(int generation, int partitions, Map<Integer, String> owners, Set<Integer> mine,
            boolean settled) {

        public static final View NONE = new View(-1, 0, Map.of(), Set.of(), false);

        public View {
            owners = Map.copyOf(owners);
            mine = Set.copyOf(mine);
        }

        /** Every partition has an owner (the group's membership covers the topics). */
        public boolean complete() {
            if (partitions == 0) {
                return false;
            }
            for (int p = 0; p < partitions; p++) {
                if (!owners.containsKey(p)) {
                    return false;
                }
            }
            return true;
        }

        /** Partitions by owner URL, sorted. */
        public Map<String, Set<Integer>> byOwner() {
            Map<String, Set<Integer>> out = new TreeMap<>();
            owners.forEach((p, url) -> out.computeIfAbsent(url, k -> new TreeSet<>()).add(p));
            return out;
        }
    }

    private volatile View view = View.NONE;
    private final ReentrantLock membership = new ReentrantLock();

    /**
     * Held while the customers in memory change (partitions loaded or forgotten) and while adjustments are
     * computed from them, so an adjustment never sees half of a partition.
     */
    public ReentrantLock membershipLock() {
        return membership;
    }
    private volatile View pending;

    public View view() {
        return view;
    }

    /** The assignor's answer for this member (called by the consumer before the partitions are handed over). */
    public void assigned(View next) {
        pending = next;
    }

    /** A rebalance began: until {@link #settle} this instance answers for no partition. */
    public void rebalancing() {
        View v = view;
        view = new View(v.generation(), v.partitions(), v.owners(), Set.of(), false);
    }

    /** This instance has loaded the partitions it was assigned: answers may use them. */
    public void settle(Set<Integer> loaded) {
        View p = pending;
        if (p == null) {
            return;
        }
        view = new View(p.generation(), p.partitions(), p.owners(), loaded, true);
    }

    /** The consumer stopped: this instance owns nothing. */
    public void stopped() {
        pending = null;
        view = View.NONE;
    }

    /** The URL other members of the group reach this instance at (set once at start). */
    private volatile String advertisedUrl = "";

    public String advertisedUrl() {
        return advertisedUrl;
    }

    public void advertisedUrl(String url) {
        advertisedUrl = url;
    }
}
