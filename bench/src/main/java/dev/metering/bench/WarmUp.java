package dev.metering.bench;

import java.util.Locale;

/**
 * #16: a stage warms up by running the same window of work again and again (not counted) until two consecutive
 * windows' rates agree within 5 %, so its repeats measure the system rather than the JIT. How long it took is
 * printed and recorded as a fact of the run; a warm-up that never settles stops after {@link #MAX_WINDOWS} windows
 * and says so.
 */
final class WarmUp {

    static final double STEADY_WITHIN = 0.05;
    static final int MAX_WINDOWS = 20;

    /** One window of the stage's work; returns its rate (work per second, higher is faster). */
    interface Window {
        double run() throws Exception;
    }

    private WarmUp() {
    }

    /**
     * Runs {@code window} until two consecutive rates agree within {@link #STEADY_WITHIN}; records the fact
     * {@code "<what> warm-up"} ({@code windowSize} describes one window, e.g. "50,000 heartbeats").
     */
    static String untilSteady(Results results, String what, String windowSize, String unit, Window window)
            throws Exception {
        long t0 = System.nanoTime();
        double last = Double.NaN;
        int windows = 0;
        boolean steady = false;
        while (!steady && windows < MAX_WINDOWS) {
            double rate = window.run();
            windows++;
            steady = steady(last, rate);
            System.out.printf(Locale.ROOT, "    %s warm-up window %d: %.0f %s%s%n", what, windows, rate, unit,
                    steady ? " (steady: within 5 % of the previous window)" : "");
            last = rate;
        }
        String took = String.format(Locale.ROOT, "%d windows of %s, %.1f s%s", windows, windowSize,
                (System.nanoTime() - t0) / 1e9, steady ? " until two consecutive windows agreed within 5 %"
                        : ": NOT steady after " + MAX_WINDOWS + " windows");
        System.out.println("    " + what + " warm-up: " + took);
        results.fact(what + " warm-up", took);
        return took;
    }

    /** True when {@code rate} is within 5 % of {@code previous} (of the larger of the two). */
    static boolean steady(double previous, double rate) {
        return !Double.isNaN(previous) && Math.abs(rate - previous) <= STEADY_WITHIN * Math.max(rate, previous);
    }
}
