package dev.metering.testsupport;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ThrowingRunnable;

/**
 * Awaitility with the project's defaults, so that every module's tests wait the same way: the condition is
 * evaluated on the test's own thread, first at once and then every {@link #POLL}, for at most {@link #TIMEOUT}
 * (generous: the CI machine has two cores); an exception the condition throws fails the wait at once; a timeout
 * names what was awaited.
 */
public final class Waits {

    public static final Duration TIMEOUT = Duration.ofSeconds(30);
    public static final Duration POLL = Duration.ofMillis(100);
    static final Duration QUIET_POLL = Duration.ofMillis(250);
    /** How long after a quiet stretch a {@link #holdsFor} may still see it: the polls themselves take time. */
    static final Duration QUIET_SLACK = Duration.ofSeconds(5);

    private Waits() {
    }

    /** The defaults, named {@code what}, to refine: {@code await(what).atMost(...).untilAsserted(...)}. */
    public static ConditionFactory await(String what) {
        return Awaitility.await(what).pollInSameThread().pollDelay(Duration.ZERO).pollInterval(POLL)
                .atMost(TIMEOUT);
    }

    /** Waits until {@code condition} holds, at most {@link #TIMEOUT}. */
    public static void await(String what, BooleanSupplier condition) {
        await(what, TIMEOUT, condition);
    }

    /** Waits until {@code condition} holds, at most {@code timeout}. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        await(what).atMost(timeout).until(condition::getAsBoolean);
    }

    /**
     * Fails unless {@code assertion} passes all through {@code quiet}: "nothing more arrives" (a duplicate, a
     * misrouted delivery), where a test would otherwise sleep and then look once. The assertion is one that
     * only ever turns false (records only accumulate); it is checked every 250 ms, as it usually reads a topic,
     * and one that failed fails the wait, with its own message, once the quiet stretch and a few seconds' slack
     * have passed.
     */
    public static void holdsFor(String what, Duration quiet, ThrowingRunnable assertion) {
        holdsFor(what, quiet, QUIET_SLACK, assertion);
    }

    static void holdsFor(String what, Duration quiet, Duration slack, ThrowingRunnable assertion) {
        await(what + ", all through " + quiet.toMillis() + " ms").pollInterval(QUIET_POLL).during(quiet)
                .atMost(quiet.plus(slack)).untilAsserted(assertion);
    }
}
