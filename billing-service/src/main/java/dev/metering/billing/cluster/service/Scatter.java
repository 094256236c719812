package dev.metering.billing.cluster.service;

import dev.metering.billing.cluster.messaging.Partitions;
import dev.metering.billing.config.BillingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
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
 * answer, the answer is a 503 with {@code Retry-After}: never a silently partial answer. The usage rows
 * ({@code UsageShards}) predate this and do the same by hand.
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
        if (!config.consumer().enabled()) {
            return List.of(local.get());
        }
        Ownership.View view = ownership.view();
        if (!view.settled() || !view.complete()) {
            throw Peers.unavailable("partitions-rebalancing",
                    "not every partition of billing has a settled owner (rebalance or failover); retry");
        }
        Map<String, String> headers = Map.of("Authorization", authorization == null ? "" : authorization);
        List<CompletableFuture<Peers.Answer>> calls = new ArrayList<>();
        List<String> urls = new ArrayList<>();
        view.byOwner().forEach((url, parts) -> {
            if (!view.mine().containsAll(parts)) {
                urls.add(url);
                calls.add(peers.get(url, pathAndQuery, headers));
            }
        });
        List<T> out = new ArrayList<>();
        out.add(local.get());
        long deadline = System.nanoTime() + config.cluster().peerTimeout().toNanos();
        for (int i = 0; i < calls.size(); i++) {
            out.add(Peers.await(urls.get(i), calls.get(i), deadline, type));
        }
        Set<Integer> covered = new TreeSet<>();
        for (T part : out) {
            for (int p : partitions.apply(part)) {
                if (!covered.add(p)) {
                    throw Peers.unavailable("partitions-rebalancing", "partition " + p + " answered twice; retry");
                }
            }
        }
        if (covered.size() != view.partitions()) {
            throw Peers.unavailable("partitions-rebalancing", "only partitions " + covered + " of "
                    + view.partitions() + " answered; retry");
        }
        return out;
    }
}
