package dev.metering.billing.account;

import java.util.Map;
import java.util.TreeMap;

/**
 * Values with the instant they take effect. Two facts at the same instant resolve to the greater value
 * (a fixed, arrival-independent tie-break), so folding any permutation of the same facts, with
 * duplicates, gives the same timeline (R21 applied to billing state).
 *
 * <p>Memory: most timelines (a customer's partner, its billing type) hold one point; it is kept in two fields,
 * and a sorted map is made only when a second instant arrives.
 */
final class Timeline {

    /** Marks "no value from here on" (a cleared selection, a deregistered firewall). */
    static final String CLEARED = "";

    private long firstAt;
    private String firstValue; // the only point while points == null; null when empty
    private TreeMap<Long, String> points; // every point, once there are two instants

    void put(long at, String value) {
        if (points != null) {
            points.merge(at, value, Timeline::greater);
        } else if (firstValue == null) {
            firstAt = at;
            firstValue = value;
        } else if (firstAt == at) {
            firstValue = greater(firstValue, value);
        } else {
            points = new TreeMap<>();
            points.put(firstAt, firstValue);
            points.put(at, value);
            firstValue = null;
        }
    }

    /** The value in force at {@code s}, or null (also for {@link #CLEARED}). */
    String at(long s) {
        String v;
        if (points != null) {
            Map.Entry<Long, String> e = points.floorEntry(s);
            v = e == null ? null : e.getValue();
        } else {
            v = firstValue != null && firstAt <= s ? firstValue : null;
        }
        return v == null || v.equals(CLEARED) ? null : v;
    }

    /** The first instant after {@code s} at which a value takes effect, or {@link Long#MAX_VALUE}. */
    long next(long s) {
        if (points == null) {
            return firstValue != null && firstAt > s ? firstAt : Long.MAX_VALUE;
        }
        Long k = points.higherKey(s);
        return k == null ? Long.MAX_VALUE : k;
    }

    boolean isEmpty() {
        return points == null && firstValue == null;
    }

    private static String greater(String a, String b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    @Override
    public String toString() {
        if (points != null) {
            return points.toString();
        }
        return firstValue == null ? "{}" : "{" + firstAt + "=" + firstValue + "}";
    }
}
