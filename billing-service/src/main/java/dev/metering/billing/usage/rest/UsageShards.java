package dev.metering.billing.usage.rest;

import dev.metering.billing.account.BillingState;
import dev.metering.billing.cluster.service.Ownership;
import dev.metering.billing.cluster.service.Peers;
import dev.metering.billing.config.BillingConfig;
import dev.metering.billing.usage.UsageCache;
import dev.metering.billing.usage.UsageProjection;
import dev.metering.billing.usage.UsageReport;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A partner's usage rows from every partition (R20, R21): this instance's own partitions from memory (the
 * real-time cache for "now"), the others' from their owners over HTTP with the caller's own token (so the
 * owner applies the same tenancy rule), merged. While a partition has no settled owner, or an owner does not
 * answer, the answer is a 503 with {@code Retry-After}: never a silently partial page.
 */
@ApplicationScoped
public class UsageShards {

    static final String ROWS_PATH = "/internal/v1/usage/rows";

    private final Ownership ownership;
    private final Peers peers;
    private final BillingState state;
    private final UsageProjection usage;
    private final UsageCache cache;
    private final BillingConfig config;

    public UsageShards(Ownership ownership, Peers peers, BillingState state, UsageProjection usage, UsageCache cache,
            BillingConfig config) {
        this.ownership = ownership;
        this.peers = peers;
        this.state = state;
        this.usage = usage;
        this.cache = cache;
        this.config = config;
    }

    /** One owner's part: the partitions it answered for, its rows (by customer id) and its summary counts. */
    public record Shard(Set<Integer> partitions, List<UsageReport.Row> rows, UsageReport.Summary summary) {
    }

    /** A shard with its entity tag (null for a shard at a past instant, which is computed afresh each time). */
    public record Tagged(Shard shard, String tag) {
    }

    /**
     * The real-time shard last answered per partner, with its tag. The usage cache hands out the SAME immutable row
     * objects while a customer's counts cannot have changed, so "every row is the same object, summary and
     * partitions equal" proves the shard unchanged: the tag stays and a peer holding it gets a 304 instead of
     * the rows again (measured by bin/bench's usage-across-instances row). Tags carry a per-process nonce: a
     * restarted instance at the same URL never repeats a tag.
     */
    private final ConcurrentHashMap<String, Tagged> served = new ConcurrentHashMap<>();
    /** Real-time shards fetched from peers, per peer URL and partner, with the tag they came with. */
    private final ConcurrentHashMap<String, Tagged> fetched = new ConcurrentHashMap<>();
    private final String nonce = java.util.UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong tags = new AtomicLong();
    /** Bound of the two maps above (partners): beyond it they are cleared, which only costs full answers. */
    static final int MAX_TAGGED = 20_000;

    /** Whether this instance alone answers for every partition (a single instance, or the fold disabled). */
    public boolean allLocal() {
        if (!config.consumer().enabled()) {
            return true;
        }
        Ownership.View v = ownership.view();
        return v.settled() && v.complete() && v.mine().size() == v.partitions();
    }

    /** This instance's part, for its own partitions; 503 while it has none settled. */
    public Shard local(String partnerId, Instant at, boolean realtime) {
        Ownership.View before = ownership.view();
        if (config.consumer().enabled() && !before.settled()) {
            throw Peers.unavailable("partitions-rebalancing", "billing's partitions are being reassigned; retry");
        }
        Shard shard;
        if (realtime) {
            UsageCache.Snapshot snap = cache.snapshot(partnerId, at);
            shard = new Shard(before.mine(), snap.rows(), snap.summary());
        } else {
            shard = new Shard(before.mine(), UsageReport.rows(partnerId, at, state, usage),
                    UsageReport.summary(partnerId, at, state));
        }
        if (config.consumer().enabled() && ownership.view().generation() != before.generation()) {
            throw Peers.unavailable("partitions-rebalancing", "billing's partitions were reassigned; retry");
        }
        return shard;
    }

    /** {@link #local} with its entity tag: the same tag while the real-time shard is unchanged. */
    public Tagged localTagged(String partnerId, Instant at, boolean realtime) {
        Shard shard = local(partnerId, at, realtime);
        if (!realtime) {
            return new Tagged(shard, null);
        }
        Tagged last = served.get(partnerId);
        if (last != null && unchanged(last.shard(), shard)) {
            return last;
        }
        Tagged fresh = new Tagged(shard, "\"" + nonce + "-" + tags.incrementAndGet() + "\"");
        if (served.size() >= MAX_TAGGED) {
            served.clear();
        }
        served.put(partnerId, fresh);
        return fresh;
    }

    /** The same partitions, summary and row OBJECTS (the cache's rows are immutable: identity proves equality). */
    static boolean unchanged(Shard before, Shard now) {
        if (!before.partitions().equals(now.partitions()) || !before.summary().equals(now.summary())
                || before.rows().size() != now.rows().size()) {
            return false;
        }
        for (int i = 0; i < now.rows().size(); i++) {
            if (before.rows().get(i) != now.rows().get(i)) {
                return false;
            }
        }
        return true;
    }

    /** Every partition's rows (sorted by customer id) and the summary, for the calling partner. */
    public UsageCache.Snapshot gather(String partnerId, Instant at, boolean realtime, String authorization) {
        if (allLocal()) {
            Shard s = local(partnerId, at, realtime);
            return new UsageCache.Snapshot(s.rows(), s.summary());
        }
        Ownership.View view = ownership.view();
        if (!view.settled() || !view.complete()) {
            throw Peers.unavailable("partitions-rebalancing",
                    "not every partition of billing has a settled owner (rebalance or failover); retry");
        }
        String query = "?at=" + URLEncoder.encode(at.toString(), StandardCharsets.UTF_8) + "&realtime=" + realtime;
        List<CompletableFuture<Peers.Answer>> calls = new ArrayList<>();
        List<String> urls = new ArrayList<>();
        List<Tagged> held = new ArrayList<>();
        view.byOwner().forEach((url, parts) -> {
            if (!view.mine().containsAll(parts)) {
                // the peer checks the caller's token before it answers, 304 included
                Map<String, String> headers = new java.util.HashMap<>();
                headers.put("Authorization", authorization == null ? "" : authorization);
                Tagged mine = realtime ? fetched.get(url + '\n' + partnerId) : null;
                if (mine != null) {
                    headers.put("If-None-Match", mine.tag());
                }
                urls.add(url);
                held.add(mine);
                calls.add(peers.get(url, ROWS_PATH + query, headers));
            }
        });
        List<Shard> shards = new ArrayList<>();
        shards.add(local(partnerId, at, realtime));
        long deadline = System.nanoTime() + config.cluster().peerTimeout().toNanos();
        for (int i = 0; i < calls.size(); i++) {
            Tagged mine = held.get(i);
            Peers.Answer a = Peers.awaitAnswer(urls.get(i), calls.get(i), deadline, mine != null);
            if (a.status() == 304) {
                shards.add(mine.shard());
                continue;
            }
            Shard shard = Peers.read(urls.get(i), a, Shard.class);
            if (realtime && a.etag() != null) {
                if (fetched.size() >= MAX_TAGGED) {
                    fetched.clear();
                }
                fetched.put(urls.get(i) + '\n' + partnerId, new Tagged(shard, a.etag()));
            }
            shards.add(shard);
        }
        return merge(shards, view.partitions());
    }

    /** The merge: every partition exactly once, rows by customer id, summaries added. */
    static UsageCache.Snapshot merge(List<Shard> shards, int partitions) {
        Set<Integer> covered = new TreeSet<>();
        List<UsageReport.Row> rows = new ArrayList<>();
        int all = 0;
        int partnerOwned = 0;
        int customerOwned = 0;
        for (Shard s : shards) {
            for (int p : s.partitions()) {
                if (!covered.add(p)) {
                    throw Peers.unavailable("partitions-rebalancing", "partition " + p + " answered twice; retry");
                }
            }
            rows.addAll(s.rows());
            all += s.summary().allCustomers();
            partnerOwned += s.summary().usingPartnerOwnedLicences();
            customerOwned += s.summary().usingCustomerOwnedLicences();
        }
        if (covered.size() != partitions) {
            throw Peers.unavailable("partitions-rebalancing", "only partitions " + covered + " of " + partitions
                    + " answered; retry");
        }
        rows.sort(Comparator.comparing(UsageReport.Row::customerId));
        return new UsageCache.Snapshot(rows, new UsageReport.Summary(all, partnerOwned, customerOwned));
    }
}
