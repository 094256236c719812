package dev.metering.billing.usage;

import dev.metering.billing.account.BillingState;
import dev.metering.contracts.ProductCode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A partner's units seen per product on each of the last days (the usage page's 60-day chart), from the
 * projection's day buckets: a unit counts on a day when it sent a heartbeat in that day's bucket (user-licensed
 * products count a user once per customer, R17). Days are the day buckets, aligned to the close's time of day
 * (R22). Pure.
 */
public final class DailyActive {

    /** At most this many days: a unit remembers {@link ActivityWindow#BUCKETS} buckets. */
    public static final int MAX_DAYS = ActivityWindow.BUCKETS;

    private DailyActive() {
    }

    /** One day: the date its bucket starts on (UTC), the bucket's end instant, the units per product. */
    public record Day(LocalDate day, Instant end, Map<ProductCode, Integer> units, int total) {
    }

    /**
     * {@code counts[product ordinal][k]} for the buckets {@code lastBucket - days + 1 + k}, over the customers the
     * partner manages at {@code at} that {@code include} accepts, billed as on the usage page at {@code at}.
     */
    public static int[][] counts(String partnerId, Instant at, int days, BillingState state, UsageProjection usage,
            Predicate<String> include) {
        int lastBucket = usage.window().bucketOf(at.toEpochMilli());
        int[][] sum = new int[ProductCode.values().length][days];
        for (String customerId : state.customersOf(partnerId, at)) {
            CustomerUnits units = include.test(customerId) ? usage.find(customerId) : null;
            if (units == null) {
                continue;
            }
            add(sum, units.seenPerDay(lastBucket, days, state.resolverAt(customerId, at, false)));
        }
        return sum;
    }

    /** Adds {@code part} into {@code sum} (both [product][day]). */
    public static void add(int[][] sum, int[][] part) {
        for (int p = 0; p < sum.length && p < part.length; p++) {
            for (int k = 0; k < sum[p].length && k < part[p].length; k++) {
                sum[p][k] += part[p][k];
            }
        }
    }

    /** The days, oldest first, of {@code counts} whose last bucket holds {@code at}. */
    public static List<Day> days(Instant at, int[][] counts, ActivityWindow window) {
        int days = counts.length == 0 ? 0 : counts[0].length;
        int lastBucket = window.bucketOf(at.toEpochMilli());
        ProductCode[] products = ProductCode.values();
        List<Day> out = new ArrayList<>(days);
        for (int k = 0; k < days; k++) {
            long end = window.endOf(lastBucket - days + 1 + k);
            EnumMap<ProductCode, Integer> units = new EnumMap<>(ProductCode.class);
            int total = 0;
            for (ProductCode p : products) {
                units.put(p, counts[p.ordinal()][k]);
                total += counts[p.ordinal()][k];
            }
            LocalDate day = Instant.ofEpochMilli(end - ActivityWindow.DAY_MS).atOffset(ZoneOffset.UTC).toLocalDate();
            out.add(new Day(day, Instant.ofEpochMilli(end), units, total));
        }
        return out;
    }
}
