package dev.metering.billing.usage.service;

import dev.metering.billing.account.BillingState;
import dev.metering.billing.cluster.service.Scatter;
import dev.metering.billing.usage.DailyActive;
import dev.metering.billing.usage.UsageProjection;
import dev.metering.contracts.ProductCode;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** The partner's units seen per product and day ({@link DailyActive}), from every partition's owner. */
@ApplicationScoped
public class DailyUsage {

    public static final String PATH = "/internal/v1/usage/daily";

    private final Scatter scatter;
    private final BillingState state;
    private final UsageProjection usage;

    public DailyUsage(Scatter scatter, BillingState state, UsageProjection usage) {
        this.scatter = scatter;
        this.state = state;
        this.usage = usage;
    }

    /** One owner's part: its partitions, and counts[product ordinal][day] over the partner's customers in them. */
    public record Shard(Set<Integer> partitions, int[][] counts) {
    }

    /** The answer: the days (oldest first) ending with the one holding {@code at}. */
    public record Report(String partnerId, Instant at, List<ProductCode> products, List<DailyActive.Day> days) {
    }

    public Shard local(String partnerId, Instant at, int days) {
        return scatter.local((mine, include) -> new Shard(mine,
                DailyActive.counts(partnerId, at, days, state, usage, include)));
    }

    public Report report(String partnerId, Instant at, int days, String authorization) {
        String path = PATH + "?at=" + URLEncoder.encode(at.toString(), StandardCharsets.UTF_8) + "&days=" + days;
        int[][] sum = new int[ProductCode.values().length][days];
        scatter.gather(path, authorization, Shard.class, () -> local(partnerId, at, days), Shard::partitions)
                .forEach(s -> DailyActive.add(sum, s.counts()));
        return new Report(partnerId, at, List.of(ProductCode.values()), DailyActive.days(at, sum, usage.window()));
    }
}
