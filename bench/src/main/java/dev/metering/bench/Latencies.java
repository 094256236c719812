package dev.metering.bench;

import org.HdrHistogram.Histogram;

/**
 * A latency sample as an HdrHistogram (3 significant digits: any percentile is within 0.1 % of the recorded
 * value), so the bench reports percentiles the way latency tools do instead of computing them by hand.
 */
public final class Latencies {

    private final Histogram histogram;

    private Latencies(Histogram histogram) {
        this.histogram = histogram;
    }

    /** The sample, in nanoseconds, in any order. */
    public static Latencies ofNanos(long[] nanos) {
        Histogram histogram = new Histogram(3); // auto-resizing: no upper bound to guess
        for (long value : nanos) {
            histogram.recordValue(Math.max(0, value));
        }
        return new Latencies(histogram);
    }

    public long count() {
        return histogram.getTotalCount();
    }

    /** The p-th percentile (0..100) in milliseconds; NaN for an empty sample. */
    public double millisAt(double percentile) {
        if (histogram.getTotalCount() == 0) {
            return Double.NaN;
        }
        return histogram.getValueAtPercentile(percentile) / 1e6;
    }
}
