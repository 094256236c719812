package dev.metering.billing.account;

import java.util.Map;
import java.util.TreeMap;

/**
 * Values with the instant they take effect. Two facts at the same instant resolve to the greater value
 * (a fixed, arrival-independent tie-break), so folding any permutation of the same facts, with
 * duplicates, gives the same timeline (R21 applied to billing state).
 */
final class Timeline {

    /** Marks "no value from here on" (a cleared selection, a deregistered firewall). */
    static final String CLEARED = "";

    private final TreeMap<Long, String> points = new TreeMap<>();

    void put(long at, String value) {
        points.merge(at, value, (a, b) -> a.compareTo(b) >= 0 ? a : b);
    }

    /** The value in force at {@code s}, or null (also for {@link #CLEARED}). */
    String at(long s) {
        Map.Entry<Long, String> e = points.floorEntry(s);
        return e == null || e.getValue().equals(CLEARED) ? null : e.getValue();
    }

    /** The first instant after {@code s} at which a value takes effect, or {@link Long#MAX_VALUE}. */
    long next(long s) {
        Long k = points.higherKey(s);
        return k == null ? Long.MAX_VALUE : k;
    }

    boolean isEmpty() {
        return points.isEmpty();
    }

    @Override
    public String toString() {
        return points.toString();
    }
}
