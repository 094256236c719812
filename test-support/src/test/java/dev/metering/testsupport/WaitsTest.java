package dev.metering.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/** The tests' one way to wait: what a test author relies on when a wait passes and when it fails. */
class WaitsTest {

    @Test
    void givenAConditionThatComesTrue_whenAwaited_thenItReturnsAsSoonAsItHolds_onTheTestsOwnThread() {
        AtomicInteger polls = new AtomicInteger();
        Thread test = Thread.currentThread();

        Waits.await("the third poll", () -> Thread.currentThread() == test && polls.incrementAndGet() == 3);

        assertThat(polls).hasValue(3);
    }

    @Test
    void givenAConditionThatNeverHolds_whenAwaited_thenTheTimeoutNamesWhatWasAwaited() {
        assertThatThrownBy(() -> Waits.await("the invoice on the distributor's topic", Duration.ofMillis(300),
                () -> false)).isInstanceOf(ConditionTimeoutException.class)
                .hasMessageContaining("the invoice on the distributor's topic");
    }

    @Test
    void givenAConditionThatThrows_whenAwaited_thenTheWaitFailsAtOnceWithThatError() {
        long t0 = System.nanoTime();

        assertThatThrownBy(() -> Waits.await("a broken probe", () -> {
            throw new IllegalStateException("no such table");
        })).isInstanceOf(IllegalStateException.class).hasMessage("no such table");

        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Waits.TIMEOUT);
    }

    @Test
    void givenAConditionThatTurnsFalseDuringTheQuietStretch_whenHeld_thenTheWaitFails() {
        AtomicInteger polls = new AtomicInteger();

        assertThatThrownBy(() -> Waits.holdsFor("no duplicate", Duration.ofMillis(600), Duration.ofMillis(300),
                () -> assertThat(polls.incrementAndGet()).as("records").isLessThan(2)))
                .isInstanceOf(ConditionTimeoutException.class)
                .hasMessageContaining("no duplicate, all through 600 ms").hasMessageContaining("records");
    }

    @Test
    void givenAConditionThatHoldsThroughout_whenHeld_thenTheWaitLastsTheQuietStretch() {
        long t0 = System.nanoTime();

        Waits.holdsFor("no duplicate", Duration.ofMillis(600), () -> { });

        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(600));
    }
}
