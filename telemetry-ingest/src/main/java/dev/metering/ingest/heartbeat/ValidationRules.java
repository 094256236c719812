package dev.metering.ingest.heartbeat;

import java.time.Duration;

/**
 * Limits of an acceptable item. {@code occurredAt} may lie at most {@code maxFuture} after the receive
 * time (clock skew) and at most {@code maxAge} before it (R16 counts 30 days; 35 leaves room for late delivery).
 */
public record ValidationRules(Duration maxFuture, Duration maxAge) {

    public static final int MAX_ID_LENGTH = 128;
    public static final int MAX_USER_ID_LENGTH = 256;
    public static final int MAX_HOSTNAME_LENGTH = 255;
    public static final int MAX_VERSION_LENGTH = 64;
    public static final int MAX_SERIAL_LENGTH = 64;
    public static final int MAX_MODEL_LENGTH = 64;
    public static final int MAX_TIMESTAMP_LENGTH = 64;
    public static final int MAX_SET_SIZE = 32;

    public static ValidationRules defaults() {
        return new ValidationRules(Duration.ofMinutes(5), Duration.ofDays(35));
    }
}
