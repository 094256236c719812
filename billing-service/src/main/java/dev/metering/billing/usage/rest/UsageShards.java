package dev.metering.billing.usage.rest;

import dev.metering.billing.account.BillingState;
import dev.metering.billing.cluster.service.Scatter;
import dev.metering.billing.cluster.service.Scatter.Tagged;
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
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A partner's usage rows from every partition (R20, R21), through {@link Scatter}: this instance's own partitions
 * from memory (the real-time cache for "now"), the others' from their owners over HTTP with the caller's own
 * token (so the owner applies the same tenancy rule), merged. While a partition has no settled owner, or an owner
 * does not answer, the answer is a 503 with {@code Retry-After}: never a silently partial page. In real time a
 * peer's unchanged part is a 304 to the {@code If-None-Match} of the part held from it.
 */
@ApplicationScoped
public class UsageShards {

    static final String ROWS_PATH = "/internal/v1/usage/rows";

    private final Scatter scatter;
    private final BillingState state;
    private final UsageProjection usage;
    private final UsageCache cache;

    public UsageShards(Scatter scatter, BillingState state, UsageProjection usage, UsageCache cache) {
        this.scatter = scatter;
        this.state = state;
        this.usage = usage;
        this.cache = cache;
    }

    /** One owner's part: the partitions it answered for, its rows (by customer id) and its summary counts. */
    public record Shard(Set<Integer> partitions, List<UsageReport.Row> rows, UsageReport.Summary summary) {
    }

    /**
     * The real-time shard last answered per partner, with its tag. The usage cache hands out the SAME immutable row
     * objects while a customer's counts cannot have changed, so "every row is the same object, summary and
     * partitions equal" proves the shard unchanged: the tag stays and a peer holding it gets a 304 instead of
     * the rows again (measured by bin/bench's usage-across-instances row). Tags carry a per-process nonce: a
     * restarted instance at the same URL never repeats a tag.
     */
    private final ConcurrentHashMap<String, Tagged<Shard>> served = new ConcurrentHashMap<>();
    /** Real-time shards fetched from peers, per peer URL and partner, with the tag they came with. */
    private final ConcurrentHashMap<String, Tagged<Shard>> fetched = new ConcurrentHashMap<>();
    private final String nonce = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong tags = new AtomicLong();
    /** Bound of the two maps above (partners): beyond it they are cleared, which only costs full answers. */
    static final int MAX_TAGGED = 20_000;

    /** This instance's part, for its own partitions; 503 while it has none settled. */
    public Shard local(String partnerId, Instant at, boolean realtime) {
        return scatter.local((mine, include) -> {
            if (realtime) {
                UsageCache.Snapshot snap = cache.snapshot(partnerId, at);
                return new Shard(mine, snap.rows(), snap.summary());
            }
            return new Shard(mine, UsageReport.rows(partnerId, at, state, usage),
                    UsageReport.summary(partnerId, at, state));
        });
    }

    /** {@link #local} with its entity tag: the same tag while the real-time shard is unchanged. */
    public Tagged<Shard> localTagged(String partnerId, Instant at, boolean realtime) {
        Shard shard = local(partnerId, at, realtime);
        if (!realtime) {
            return new Tagged<>(shard, null);
        }
        Tagged<Shard> last = served.get(partnerId);
        if (last != null && unchanged(last.part(), shard)) {
            return last;
        }
        Tagged<Shard> fresh = new Tagged<>(shard, "\"" + nonce + "-" + tags.incrementAndGet() + "\"");
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
        if (before.rows() == now.rows()) {
            return true; // the cache's same snapshot
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
        String path = ROWS_PATH + "?at=" + URLEncoder.encode(at.toString(), StandardCharsets.UTF_8) + "&realtime="
                + realtime;
        return merge(scatter.gather(path, authorization, Shard.class, () -> local(partnerId, at, realtime),
                Shard::partitions, realtime ? fetchedFor(partnerId) : null));
    }

    /** The real-time shards held from peers for one partner. */
    private Scatter.PeerParts<Shard> fetchedFor(String partnerId) {
        return new Scatter.PeerParts<>() {
            @Override
            public Tagged<Shard> held(String url) {
                return fetched.get(url + '\n' + partnerId);
            }

            @Override
            public void keep(String url, Tagged<Shard> part) {
                if (fetched.size() >= MAX_TAGGED) {
                    fetched.clear();
                }
                fetched.put(url + '\n' + partnerId, part);
            }
        };
    }

    /** The merge of shards that cover every partition once ({@link Scatter}): rows by customer id, summaries added. */
    static UsageCache.Snapshot merge(List<Shard> shards) {
        List<UsageReport.Row> rows = new ArrayList<>();
        int all = 0;
        int partnerOwned = 0;
        int customerOwned = 0;
        for (Shard s : shards) {
            rows.addAll(s.rows());
            all += s.summary().allCustomers();
            partnerOwned += s.summary().usingPartnerOwnedLicences();
            customerOwned += s.summary().usingCustomerOwnedLicences();
        }
        rows.sort(Comparator.comparing(UsageReport.Row::customerId));
        return new UsageCache.Snapshot(rows, new UsageReport.Summary(all, partnerOwned, customerOwned));
    }
}
