package dev.metering.billing.invoice;

import java.time.Instant;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * R22: when a period is closed. Period {@code yyyy-MM} closes on day {@code dayOfMonth} of the
 * following month at {@code time} UTC; the default (day 1, 00:00) is the end of the month itself. A
 * deployment can move it (e.g. day 23), which is what the FAQ's "install after the 23rd, remove
 * before the 22nd" trick implies. Days 29–31 close on the last day of a month that is shorter (day 31:
 * 28 February, 30 April, 31 May), so every period has exactly one close instant and they keep their order.
 * Pure.
 */
public record CloseSchedule(int dayOfMonth, LocalTime time) {

    public CloseSchedule {
        if (dayOfMonth < 1 || dayOfMonth > 31) {
            throw new IllegalArgumentException("close day must be 1..31: " + dayOfMonth);
        }
        if (time == null) {
            throw new IllegalArgumentException("close time is required");
        }
    }

    public static CloseSchedule monthEnd() {
        return new CloseSchedule(1, LocalTime.MIDNIGHT);
    }

    /** The snapshot instant S of a period. */
    public Instant closeOf(YearMonth period) {
        YearMonth closing = period.plusMonths(1);
        return closing.atDay(Math.min(dayOfMonth, closing.lengthOfMonth())).atTime(time).toInstant(ZoneOffset.UTC);
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
