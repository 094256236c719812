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
    void aCloseDayAShorterMonthLacksFallsOnItsLastDay() {
        CloseSchedule on31st = new CloseSchedule(31, LocalTime.of(12, 0));
        assertThat(on31st.closeOf(YearMonth.of(2026, 12))).isEqualTo(Instant.parse("2027-01-31T12:00:00Z"));
        assertThat(on31st.closeOf(YearMonth.of(2027, 1))).isEqualTo(Instant.parse("2027-02-28T12:00:00Z"));
        assertThat(on31st.closeOf(YearMonth.of(2028, 1))).isEqualTo(Instant.parse("2028-02-29T12:00:00Z"));
        assertThat(on31st.closeOf(YearMonth.of(2026, 10))).isEqualTo(Instant.parse("2026-11-30T12:00:00Z"));
        assertThat(new CloseSchedule(29, LocalTime.MIDNIGHT).closeOf(YearMonth.of(2027, 1)))
                .isEqualTo(Instant.parse("2027-02-28T00:00:00Z"));
    }

    @Test
    void withAClampedCloseDayEveryPeriodStillClosesOnceAndInOrder() {
        CloseSchedule on30th = new CloseSchedule(30, LocalTime.MIDNIGHT);
        // 2027-02-28 is the close of January (February has no 30th); March closes on 30 April
        assertThat(on30th.lastClosedAt(Instant.parse("2027-02-28T00:00:00Z"))).isEqualTo(YearMonth.of(2027, 1));
        assertThat(on30th.lastClosedAt(Instant.parse("2027-02-27T23:59:59Z"))).isEqualTo(YearMonth.of(2026, 12));
        assertThat(on30th.lastClosedAt(Instant.parse("2027-03-29T23:59:59Z"))).isEqualTo(YearMonth.of(2027, 1));
        assertThat(on30th.lastClosedAt(Instant.parse("2027-03-30T00:00:00Z"))).isEqualTo(YearMonth.of(2027, 2));
        YearMonth p = YearMonth.of(2026, 1);
        for (int i = 0; i < 48; i++, p = p.plusMonths(1)) {
            assertThat(on30th.closeOf(p)).isBefore(on30th.closeOf(p.plusMonths(1)));
            assertThat(on30th.lastClosedAt(on30th.closeOf(p))).isEqualTo(p);
        }
    }

    @Test
    void closeDaysOutsideAMonthAreRefused() {
        assertThatThrownBy(() -> new CloseSchedule(0, LocalTime.MIDNIGHT)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1..31");
        assertThatThrownBy(() -> new CloseSchedule(32, LocalTime.MIDNIGHT)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1..31");
    }
}
