package dev.metering.billing.cluster.service;

import dev.metering.billing.cluster.messaging.Partitions;
import dev.metering.billing.config.BillingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A partner's answer from every partition (R21): this instance computes its own partitions' part, every other
 * owner its part over HTTP with the caller's own token (so each owner applies the same tenancy rule), and the
 * parts must cover every partition exactly once. While a partition has no settled owner, or an owner does not
 * answer, the answer is a 503 with {@code Retry-After}: never a silently partial answer. A caller that keeps the
 * parts peers sent ({@link PeerParts}) asks again with {@code If-None-Match}, and a peer whose part is unchanged
 * answers 304 instead of sending it again (the real-time usage rows).
 */
@ApplicationScoped
public class Scatter {

    private final Ownership ownership;
    private final Peers peers;
    private final BillingConfig config;

    public Scatter(Ownership ownership, Peers peers, BillingConfig config) {
        this.ownership = ownership;
        this.peers = peers;
        this.config = config;
    }

    /** A part with the entity tag it was answered with (null for a part that has none). */
    public record Tagged<T>(T part, String tag) {
    }

    /**
     * The parts peers sent before, each with its entity tag, by peer URL: {@link #gather} asks a peer with
     * {@code If-None-Match} for the part held for it, takes the held part on a 304 and keeps what a peer sends
     * with a tag.
     */
    public interface PeerParts<T> {

        /** The part held for the peer at {@code url}, or null. */
        Tagged<T> held(String url);

        /** Keeps the part the peer at {@code url} answered with its tag. */
        void keep(String url, Tagged<T> part);
    }

    /** Whether this instance alone answers for every partition (a single instance, or the fold disabled). */
    public boolean allLocal() {
        if (!config.consumer().enabled()) {
            return true;
        }
        Ownership.View v = ownership.view();
        return v.settled() && v.complete() && v.mine().size() == v.partitions();
    }

    /**
     * This instance's part: {@code compute} gets the partitions answered for and a filter of the customers in
     * them; 503 while this instance's partitions are not settled or were reassigned meanwhile.
     */
    public <T> T local(BiFunction<Set<Integer>, Predicate<String>, T> compute) {
        if (!config.consumer().enabled()) {
            return compute.apply(Set.of(), id -> true);
        }
        Ownership.View before = ownership.view();
        if (!before.settled()) {
            throw Peers.unavailable("partitions-rebalancing", "billing's partitions are being reassigned; retry");
        }
        int n = before.partitions();
        Set<Integer> mine = before.mine();
        T part = compute.apply(mine, id -> mine.contains(Partitions.of(id, n)));
        if (ownership.view().generation() != before.generation()) {
            throw Peers.unavailable("partitions-rebalancing", "billing's partitions were reassigned; retry");
        }
        return part;
    }

    /**
     * Every owner's part: {@code local} here, {@code pathAndQuery} at every other owner (read as {@code type});
     * the partitions of the parts ({@code partitions}) cover every partition exactly once, or the answer is a 503.
     */
    public <T> List<T> gather(String pathAndQuery, String authorization, Class<T> type, Supplier<T> local,
            Function<T, Set<Integer>> partitions) {
        return gather(pathAndQuery, authorization, type, local, partitions, null);
    }

    /**
     * {@link #gather(String, String, Class, Supplier, Function)}, asking each peer whether the part held for it
     * ({@code held}, when not null) is still its part: a 304 answers with the held part.
     */
    public <T> List<T> gather(String pathAndQuery, String authorization, Class<T> type, Supplier<T> local,
            Function<T, Set<Integer>> partitions, PeerParts<T> held) {
        if (!config.consumer().enabled()) {
            return List.of(local.get());
        }
        Ownership.View view = ownership.view();
        if (!view.settled() || !view.complete()) {
            throw Peers.unavailable("partitions-rebalancing",
                    "not every partition of billing has a settled owner (rebalance or failover); retry");
        }
        List<CompletableFuture<Peers.Answer>> calls = new ArrayList<>();
        List<String> urls = new ArrayList<>();
        List<Tagged<T>> heldParts = new ArrayList<>();
        view.byOwner().forEach((url, parts) -> {
            if (!view.mine().containsAll(parts)) {
                // the peer checks the caller's token before it answers, 304 included
                Map<String, String> headers = new HashMap<>();
                headers.put("Authorization", authorization == null ? "" : authorization);
                Tagged<T> mine = held == null ? null : held.held(url);
                if (mine != null) {
                    headers.put("If-None-Match", mine.tag());
                }
                urls.add(url);
                heldParts.add(mine);
                calls.add(peers.get(url, pathAndQuery, headers));
            }
        });
        List<T> out = new ArrayList<>();
        out.add(local.get());
        long deadline = System.nanoTime() + config.cluster().peerTimeout().toNanos();
        for (int i = 0; i < calls.size(); i++) {
            Tagged<T> mine = heldParts.get(i);
            Peers.Answer a = Peers.awaitAnswer(urls.get(i), calls.get(i), deadline, mine != null);
            if (a.status() == 304) {
                out.add(mine.part());
                continue;
            }
            T part = Peers.read(urls.get(i), a, type);
            if (held != null && a.etag() != null) {
                held.keep(urls.get(i), new Tagged<>(part, a.etag()));
            }
            out.add(part);
        }
        coverEveryPartitionOnce(out.stream().map(partitions).toList(), view.partitions());
        return out;
    }

    /** The parts' partitions cover each of {@code partitions} exactly once, or the answer is a 503 to retry. */
    static void coverEveryPartitionOnce(List<Set<Integer>> parts, int partitions) {
        Set<Integer> covered = new TreeSet<>();
        for (Set<Integer> part : parts) {
            for (int p : part) {
                if (!covered.add(p)) {
                    throw Peers.unavailable("partitions-rebalancing", "partition " + p + " answered twice; retry");
                }
            }
        }
        if (covered.size() != partitions) {
            throw Peers.unavailable("partitions-rebalancing", "only partitions " + covered + " of " + partitions
                    + " answered; retry");
        }
    }
}
