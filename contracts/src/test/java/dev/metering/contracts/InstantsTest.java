package dev.metering.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written instant codec agrees with java.time everywhere. */
class InstantsTest {

    @Test
    void formatAndParseAgreeWithJavaTimeOnRandomInstants() {
        Random random = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            long seconds = random.nextLong() % 253_402_300_799L;
            int nanos = switch (random.nextInt(4)) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(seconds, nanos);
            String text = instant.toString();
            assertThat(Instants.format(instant)).isEqualTo(text);
            assertThat(Instants.parse(text)).isEqualTo(instant);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "2026-11-22T11:00:00Z", "2026-11-22t11:00:00z", "2026-11-22T11:00:00.5Z",
            "2026-11-22T11:00:00.123456789Z", "2024-02-29T00:00:00Z", "2026-11-22T12:30:00+01:00",
            "2026-11-22T11:00:00.000Z", "0000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z", "2026-12-31T23:59:60Z" })
    void acceptsWhatJavaTimeAccepts(String text) {
        Instant expected;
        try {
            expected = Instant.parse(text);
        } catch (DateTimeParseException e) {
            expected = java.time.OffsetDateTime.parse(text).toInstant();
        }
        assertThat(Instants.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = { "2026-02-29T00:00:00Z", "2026-11-31T00:00:00Z", "2026-13-01T00:00:00Z",
            "2026-11-22T25:00:00Z", "2026-11-22T11:60:00Z", "2026-11-22T11:00:00.1234567890Z",
            "2026-11-22T11:00:00", "2026-11-22 11:00:00Z", "２026-11-22T11:00:00Z", "2026-1a-22T11:00:00Z", "" })
    void refusesWhatJavaTimeRefuses(String text) {
        assertThatThrownBy(() -> Instants.parse(text)).isInstanceOf(DateTimeParseException.class);
    }

    @Test
    void formatsOutOfRangeYearsLikeJavaTime() {
        Instant far = Instant.parse("+12345-01-01T00:00:00Z");
        assertThat(Instants.format(far)).isEqualTo(far.toString());
        assertThat(Instants.format(Instant.MIN)).isEqualTo(Instant.MIN.toString());
        assertThat(Instants.format(Instant.EPOCH)).isEqualTo("1970-01-01T00:00:00Z");
    }

    @Test
    void theReceiveTimeCacheAnswersLikeJavaTimeWhileOtherInstantsAreFormattedInBetween() {
        java.util.Random random = new java.util.Random(3);
        Instant received = Instant.parse("2026-11-22T10:00:00.5Z");
        for (int i = 0; i < 10_000; i++) {
            if (i % 100 == 0) {
                received = received.plusNanos(random.nextInt(1_000_000_000));
            }
            Instant occurred = Instant.ofEpochSecond(1_700_000_000L + random.nextInt(100_000_000), random.nextInt(3) * 1000);
            assertThat(Instants.format(occurred)).isEqualTo(occurred.toString());
            assertThat(Instants.formatReceivedAt(received)).isEqualTo(received.toString());
        }
        assertThat(Instants.formatReceivedAt(Instant.MAX)).isEqualTo(Instant.MAX.toString());
    }
}
