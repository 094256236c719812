package dev.metering.billing.invoice;

import java.time.Instant;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * R22: when a period is closed. Period {@code yyyy-MM} closes on day {@code dayOfMonth} of the
 * following month at {@code time} UTC; the default (day 1, 00:00) is the end of the month itself. A
 * deployment can move it (e.g. day 23), which is what the FAQ's "install after the 23rd, remove
 * before the 22nd" trick implies. Pure.
 */
public record CloseSchedule(int dayOfMonth, LocalTime time) {

    public CloseSchedule {
        if (dayOfMonth < 1 || dayOfMonth > 28) {
            throw new IllegalArgumentException("close day must be 1..28 (exists in every month): " + dayOfMonth);
        }
    }

    public static CloseSchedule monthEnd() {
        return new CloseSchedule(1, LocalTime.MIDNIGHT);
    }

    /** The snapshot instant S of a period. */
    public Instant closeOf(YearMonth period) {
        return period.plusMonths(1).atDay(dayOfMonth).atTime(time).toInstant(ZoneOffset.UTC);
    }

    /** The latest period whose close instant is at or before {@code now}. */
    public YearMonth lastClosedAt(Instant now) {
        YearMonth p = YearMonth.from(now.atOffset(ZoneOffset.UTC));
        while (closeOf(p).isAfter(now)) {
            p = p.minusMonths(1);
        }
        return p;
    }

    /** Milliseconds after 00:00 UTC of the close: the alignment of the projections' day buckets. */
    public long alignmentMs() {
        return time.toNanoOfDay() / 1_000_000L;
    }
}
