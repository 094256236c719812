package dev.metering.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** min / median / max over repeats (percentiles of a latency sample: {@link Latencies}). */
public record Stats(double min, double median, double max) {

    public static Stats of(List<Double> values) {
        if (values.isEmpty()) {
            return new Stats(Double.NaN, Double.NaN, Double.NaN);
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Stats(sorted.get(0), median, sorted.get(n - 1));
    }
}
