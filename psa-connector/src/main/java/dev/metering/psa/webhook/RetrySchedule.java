package dev.metering.psa.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * When a failed delivery is tried next: the schedule's delay after the n-th failure, or never (give up)
 * once the schedule is exhausted or the next try would fall outside the retry window (max age).
 */
public record RetrySchedule(List<Duration> delays, Duration maxAge) {

    /** @return the next attempt's instant, or {@code null} to give up */
    public Instant nextAttempt(int failedAttempts, Instant retryFrom, Instant now) {
        if (failedAttempts < 1 || failedAttempts > delays.size()) {
            return null;
        }
        Instant next = now.plus(delays.get(failedAttempts - 1));
        return next.isAfter(retryFrom.plus(maxAge)) ? null : next;
    }
}
