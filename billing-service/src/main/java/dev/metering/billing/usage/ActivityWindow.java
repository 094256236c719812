package dev.metering.billing.usage;

/**
 * The 30-day activity window of R16 and the day buckets the projections keep.
 *
 * <p>Buckets are half-open on the left, {@code (start, end]}, and their ends are aligned to the
 * configured time of day of the period close (R22, default 00:00 UTC). Because a close instant S and
 * S − 30 days are both bucket ends, the window (S − 30 days, S] is exactly 30 whole buckets at every
 * close: bit masks answer closes exactly, to the millisecond. Pure, no framework imports.
 */
public final class ActivityWindow {

    public static final long DAY_MS = 86_400_000L;
    /** R16: a unit is active at S when it sent a heartbeat in (S − 30 days, S]. */
    public static final long WINDOW_MS = 30 * DAY_MS;
    /** Buckets remembered per unit: more than the window plus the 35-day retention of heartbeats. */
    public static final int BUCKETS = 64;

    private final long alignmentMs;

    /** @param alignmentMs the close's time of day in milliseconds after 00:00 UTC (0 = midnight). */
    public ActivityWindow(long alignmentMs) {
        if (alignmentMs < 0 || alignmentMs >= DAY_MS) {
            throw new IllegalArgumentException("alignment must be within one day: " + alignmentMs);
        }
        this.alignmentMs = alignmentMs;
    }

    public static ActivityWindow midnightUtc() {
        return new ActivityWindow(0);
    }

    public long alignmentMs() {
        return alignmentMs;
    }

    /** The bucket whose interval (end − 1 day, end] contains {@code t}. */
    public int bucketOf(long t) {
        return (int) -Math.floorDiv(alignmentMs - t, DAY_MS); // ceil((t - alignment) / day)
    }

    /** The (inclusive) end instant of a bucket. */
    public long endOf(int bucket) {
        return alignmentMs + bucket * DAY_MS;
    }

    public boolean isBucketEnd(long t) {
        return Math.floorMod(t - alignmentMs, DAY_MS) == 0;
    }
}
