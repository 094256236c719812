package dev.metering.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatenciesTest {

    @Test
    void givenOneToAThousandMilliseconds_whenPercentilesTaken_thenWithinTheHistogramsPrecision() {
        // shuffled: the sample arrives in completion order, not sorted
        long[] nanos = LongStream.rangeClosed(1, 1000).map(ms -> ((ms * 7919) % 1000 + 1) * 1_000_000L).toArray();

        Latencies latencies = Latencies.ofNanos(nanos);

        assertThat(latencies.count()).isEqualTo(1000);
        assertThat(latencies.millisAt(50)).isCloseTo(500, within(0.5));
        assertThat(latencies.millisAt(99)).isCloseTo(990, within(1.0));
        assertThat(latencies.millisAt(100)).isCloseTo(1000, within(1.0));
    }

    @Test
    void givenOneSlowOutlier_whenP99Taken_thenTheOutlierShowsOnlyAtTheTop() {
        long[] nanos = new long[100];
        java.util.Arrays.fill(nanos, 2_000_000L);
        nanos[37] = 900_000_000L;

        Latencies latencies = Latencies.ofNanos(nanos);

        assertThat(latencies.millisAt(99)).isCloseTo(2.0, within(0.01));
        assertThat(latencies.millisAt(100)).isCloseTo(900, within(1.0));
    }

    @Test
    void givenNoSample_whenAPercentileIsAsked_thenNaN() {
        assertThat(Latencies.ofNanos(new long[0]).millisAt(99)).isNaN();
    }
}
