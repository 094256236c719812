package dev.metering.platform.error;

import dev.metering.platform.error.DomainException.Kind;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * The one rule for a caller-chosen {@code effectiveAt} (billing-type changes, migrations, licence
 * selections), pure: it may not lie before the entity it changes existed ({@code effective-before-creation}),
 * before the start of the previous UTC calendar month ({@code effective-too-far-in-past}: older months may
 * already be invoiced, and an issued invoice never changes, R28), nor more than {@link #MAX_AHEAD_DAYS}
 * days ahead ({@code effective-too-far-in-future}). All three are 400.
 */
public final class EffectiveTimes {

    public static final int MAX_AHEAD_DAYS = 366;

    private EffectiveTimes() {
    }

    /** The earliest instant a change decided at {@code now} may take effect (start of the previous month). */
    public static Instant earliest(Instant now) {
        return YearMonth.from(now.atOffset(ZoneOffset.UTC)).minusMonths(1).atDay(1).atStartOfDay()
                .toInstant(ZoneOffset.UTC);
    }

    public static Instant latest(Instant now) {
        return now.plusSeconds(MAX_AHEAD_DAYS * 86_400L);
    }

    /**
     * @param existsSince when the entity came into existence (null: unknown, not checked)
     * @return {@code effectiveAt}, or {@code now} when it is null
     */
    public static Instant require(Instant effectiveAt, Instant now, Instant existsSince, String what) {
        if (effectiveAt == null) {
            return now;
        }
        if (existsSince != null && effectiveAt.isBefore(existsSince)) {
            throw new DomainException(Kind.INVALID, "effective-before-creation", "effectiveAt " + effectiveAt
                    + " lies before the " + what + " existed (" + existsSince + "); billing would ignore it");
        }
        if (effectiveAt.isBefore(earliest(now))) {
            throw new DomainException(Kind.INVALID, "effective-too-far-in-past", "effectiveAt " + effectiveAt
                    + " lies before " + earliest(now) + ", the start of the previous month: older periods may be"
                    + " invoiced already and an issued invoice never changes (R28)");
        }
        if (effectiveAt.isAfter(latest(now))) {
            throw new DomainException(Kind.INVALID, "effective-too-far-in-future", "effectiveAt " + effectiveAt
                    + " lies more than " + MAX_AHEAD_DAYS + " days ahead");
        }
        return effectiveAt;
    }
}
