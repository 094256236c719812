package dev.metering.billing.invoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalTime;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

/** R22: the close instant of a period. */
class CloseScheduleTest {

    @Test
    void theDefaultClosesAPeriodAtMidnightUtcOnTheFirstOfTheNextMonth() {
        assertThat(CloseSchedule.monthEnd().closeOf(YearMonth.of(2026, 12)))
                .isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(CloseSchedule.monthEnd().alignmentMs()).isZero();
    }

    @Test
    void aDeploymentCanCloseOnAnotherDayAndTime() {
        CloseSchedule on23rd = new CloseSchedule(23, LocalTime.of(6, 0));
        assertThat(on23rd.closeOf(YearMonth.of(2026, 10))).isEqualTo(Instant.parse("2026-11-23T06:00:00Z"));
        assertThat(on23rd.alignmentMs()).isEqualTo(6 * 3_600_000L);
    }

    @Test
    void theLastClosedPeriodIsTheLatestWhoseCloseHasPassed() {
        CloseSchedule s = CloseSchedule.monthEnd();
        assertThat(s.lastClosedAt(Instant.parse("2026-11-01T00:00:00Z"))).isEqualTo(YearMonth.of(2026, 10));
        assertThat(s.lastClosedAt(Instant.parse("2026-10-31T23:59:59Z"))).isEqualTo(YearMonth.of(2026, 9));
    }

    @Test
    void closeDaysThatSomeMonthsLackAreRefused() {
        assertThatThrownBy(() -> new CloseSchedule(31, LocalTime.MIDNIGHT)).isInstanceOf(IllegalArgumentException.class);
    }
}
