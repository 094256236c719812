package dev.metering.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The fold's steady rate (#16 item 0) from the folded counter sampled while billing folds. */
class FoldSteadyTest {

    /**
     * Samples every 50 ms of a counter whose rate climbs from a fifth of {@code fast}/s to {@code fast}/s over
     * {@code warmSeconds} (the JIT warming up), then stays.
     */
    private static ScaleOutStage.Steady sampled(double warmSeconds, double fast, double seconds) {
        int n = (int) Math.round(seconds / 0.05) + 1;
        long[] nanos = new long[n];
        long[] folded = new long[n];
        for (int i = 0; i < n; i++) {
            double t = i * 0.05;
            double warm = Math.min(t, warmSeconds);
            nanos[i] = (long) (t * 1e9);
            folded[i] = Math.round(fast * (0.2 * warm + 0.8 * warm * warm / (2 * warmSeconds))
                    + fast * Math.max(0, t - warmSeconds));
        }
        return ScaleOutStage.Steady.of(nanos, folded, n, 1.0);
    }

    @Test
    void givenAFoldWhoseRateClimbsForThreeSeconds_whenSteadyIsTaken_thenTheRateAfterTheClimbAndWhenItWasKnown() {
        ScaleOutStage.Steady steady = sampled(3.0, 200_000, 10.0);

        assertThat(steady.recordsPerSec()).isCloseTo(200_000, within(1.0));
        // windows 2-3 s (173 k/s) and 3-4 s (200 k/s) differ by 13 %; 3-4 s and 4-5 s agree: known at 5 s
        assertThat(steady.secondsToSteady()).isCloseTo(5.0, within(1e-9));
        assertThat(steady.windows()).isEqualTo(10);
    }

    @Test
    void givenARateThatKeepsClimbingByMoreThanFivePercent_whenSteadyIsTaken_thenNaN() {
        int n = 201;
        long[] nanos = new long[n];
        long[] folded = new long[n];
        for (int i = 0; i < n; i++) {
            double t = i * 0.05;
            nanos[i] = (long) (t * 1e9);
            folded[i] = (long) (100_000 * Math.pow(1.2, t)); // 20 % more every second
        }

        ScaleOutStage.Steady steady = ScaleOutStage.Steady.of(nanos, folded, n, 1.0);

        assertThat(steady.recordsPerSec()).isNaN();
        assertThat(steady.secondsToSteady()).isNaN();
    }

    @Test
    void givenAFoldShorterThanTwoWindows_whenSteadyIsTaken_thenNaN() {
        assertThat(sampled(0.5, 200_000, 1.5).recordsPerSec()).isNaN();
    }
}
