package dev.metering.billing.usage.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.billing.usage.UsageCache;
import dev.metering.billing.usage.UsageReport;
import dev.metering.contracts.ProductCode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * R20/R21 across instances: the merge of the owners' shards (that they cover every partition once is
 * {@code ScatterTest}'s), and when a peer's real-time shard counts as unchanged.
 */
class UsageShardsTest {

    static UsageReport.Row row(String customer, int units) {
        return new UsageReport.Row(customer, "Customer " + customer, "MONTHLY", false,
                Map.of(ProductCode.ENDPOINT_STANDARD, units), units);
    }

    static final UsageReport.Summary TWO = new UsageReport.Summary(2, 2, 0);

    @Nested
    class R21_theMergeOfTheOwnersParts {

        @Test
        void rowsOfAllOwnersAreSortedByCustomerAndSummariesAdded() {
            // given two owners of two partitions each
            UsageShards.Shard a = new UsageShards.Shard(Set.of(0, 1), List.of(row("c-b", 1), row("c-d", 2)), TWO);
            UsageShards.Shard b = new UsageShards.Shard(Set.of(2, 3), List.of(row("c-a", 3), row("c-c", 4)), TWO);
            // when merged
            UsageCache.Snapshot all = UsageShards.merge(List.of(a, b));
            // then
            assertThat(all.rows()).extracting(UsageReport.Row::customerId).containsExactly("c-a", "c-b", "c-c", "c-d");
            assertThat(all.summary()).isEqualTo(new UsageReport.Summary(4, 4, 0));
        }
    }

    @Nested
    class R20_aPeersShardKeepsItsTagOnlyWhileProvablyUnchanged {

        final UsageReport.Row one = row("c-1", 1);
        final UsageReport.Row two = row("c-2", 2);
        final UsageShards.Shard before = new UsageShards.Shard(Set.of(0), List.of(one, two), TWO);

        @Test
        void theSameCachedRowObjectsSummaryAndPartitionsAreUnchanged() {
            assertThat(UsageShards.unchanged(before, new UsageShards.Shard(Set.of(0), List.of(one, two), TWO)))
                    .isTrue();
        }

        @Test
        void aRowRecomputedIsAChangeEvenWhenItLooksEqual() {
            // the cache builds a new row object whenever a customer's counts may have changed
            UsageShards.Shard recomputed = new UsageShards.Shard(Set.of(0), List.of(one, row("c-2", 2)), TWO);
            assertThat(UsageShards.unchanged(before, recomputed)).isFalse();
        }

        @Test
        void otherPartitionsASummaryChangeOrAnotherCustomerAreChanges() {
            assertThat(UsageShards.unchanged(before, new UsageShards.Shard(Set.of(0, 1), List.of(one, two), TWO)))
                    .isFalse();
            assertThat(UsageShards.unchanged(before, new UsageShards.Shard(Set.of(0), List.of(one, two),
                    new UsageReport.Summary(2, 1, 1)))).isFalse();
            assertThat(UsageShards.unchanged(before, new UsageShards.Shard(Set.of(0), List.of(one), TWO))).isFalse();
        }
    }
}
