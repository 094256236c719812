package dev.metering.billing.usage;

import java.util.Arrays;

/**
 * A fixed-capacity array of epoch-millisecond instants (or {@link #NONE}), exact to the millisecond, in the
 * narrowest of three layouts that holds every value set so far:
 * <ul>
 * <li>4 bytes each, an unsigned offset from a base instant, while all values lie within 2<sup>32</sup> − 2 ms
 * (49.7 days) of each other: a customer's latest heartbeats usually do. A value outside the range moves the base
 * (one pass over the values, leaving a quarter of the free range below the values and three quarters above, as
 * time moves forward) while the values span at most 3/4 of the range (37 days), else widens;</li>
 * <li>6 bytes while every value fits 48 signed bits (±4 000 years around 1970): the low 32 bits in an
 * {@code int[]}, the high 16 in a {@code char[]};</li>
 * <li>8 bytes, a {@code long[]}.</li>
 * </ul>
 * Widening copies once and never narrows back. Not thread-safe; the owner synchronises.
 */
final class PackedInstants {

    static final long NONE = Long.MIN_VALUE;
    /** The 48-bit pattern standing for {@link #NONE}; a real value equal to it widens. */
    private static final long NONE_48 = -(1L << 47);
    private static final long MAX_48 = (1L << 47) - 1;
    /** The 32-bit offset standing for {@link #NONE} in the 4-byte layout. */
    private static final int NONE_32 = -1;
    private static final long MAX_OFFSET = 0xFFFF_FFFEL;
    /** The largest span of values the 4-byte layout moves its base for, rather than widen. */
    private static final long REBASE_SPAN = 3L << 30;

    private int[] low;
    private char[] high; // 6-byte layout only
    private long[] wide; // 8-byte layout only
    private boolean relative = true; // the 4-byte layout: low holds offsets from base
    private boolean based;
    private long base;

    PackedInstants(int capacity) {
        low = new int[capacity];
        Arrays.fill(low, NONE_32);
    }

    int capacity() {
        return wide != null ? wide.length : low.length;
    }

    /** Bytes per element: 4, 6 or 8. */
    int width() {
        return wide != null ? 8 : relative ? 4 : 6;
    }

    long get(int i) {
        if (relative) {
            int v = low[i];
            return v == NONE_32 ? NONE : base + (v & 0xFFFF_FFFFL);
        }
        if (wide != null) {
            return wide[i];
        }
        long v = ((long) (short) high[i] << 32) | (low[i] & 0xFFFF_FFFFL);
        return v == NONE_48 ? NONE : v;
    }

    void set(int i, long value) {
        if (relative) {
            if (value == NONE) {
                low[i] = NONE_32;
                return;
            }
            if (value > NONE_48 && value <= MAX_48) {
                if (!based) {
                    based = true;
                    base = value - (1L << 30);
                }
                long offset = value - base;
                if (offset >= 0 && offset <= MAX_OFFSET) {
                    low[i] = (int) offset;
                    return;
                }
                if (rebase(i, value)) {
                    low[i] = (int) (value - base);
                    return;
                }
            }
            toSixBytes();
        }
        if (wide == null) {
            long v;
            if (value == NONE) {
                v = NONE_48;
            } else if (value > NONE_48 && value <= MAX_48) {
                v = value;
            } else {
                widen();
                wide[i] = value;
                return;
            }
            low[i] = (int) v;
            high[i] = (char) (v >>> 32);
            return;
        }
        wide[i] = value;
    }

    /** Grows or shrinks to {@code capacity} elements, keeping the first ones (new ones are {@link #NONE}). */
    void resize(int capacity) {
        if (wide != null) {
            int n = wide.length;
            wide = Arrays.copyOf(wide, capacity);
            if (capacity > n) {
                Arrays.fill(wide, n, capacity, NONE);
            }
            return;
        }
        int n = low.length;
        low = Arrays.copyOf(low, capacity);
        if (relative) {
            if (capacity > n) {
                Arrays.fill(low, n, capacity, NONE_32);
            }
            return;
        }
        high = Arrays.copyOf(high, capacity);
        for (int i = n; i < capacity; i++) {
            low[i] = (int) NONE_48;
            high[i] = (char) (NONE_48 >>> 32);
        }
    }

    long retainedBytes() {
        if (wide != null) {
            return 40 + 16 + wide.length * 8L;
        }
        long bytes = 40 + 16 + ((low.length * 4L + 7) / 8 * 8);
        return relative ? bytes : bytes + 16 + ((high.length * 2L + 7) / 8 * 8);
    }

    /**
     * Moves the 4-byte layout's base so that element {@code i}'s new value and every other value fit, if they span
     * at most {@link #REBASE_SPAN}; false (nothing changed) if not.
     */
    private boolean rebase(int i, long value) {
        long min = value;
        long max = value;
        for (int j = 0; j < low.length; j++) {
            if (j != i && low[j] != NONE_32) {
                long v = base + (low[j] & 0xFFFF_FFFFL);
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        if (max - min > REBASE_SPAN) {
            return false;
        }
        long newBase = min - (MAX_OFFSET - (max - min)) / 4;
        for (int j = 0; j < low.length; j++) {
            if (j != i && low[j] != NONE_32) {
                low[j] = (int) (base + (low[j] & 0xFFFF_FFFFL) - newBase);
            }
        }
        base = newBase;
        return true;
    }

    private void toSixBytes() {
        int n = low.length;
        int[] l = new int[n];
        char[] h = new char[n];
        for (int j = 0; j < n; j++) {
            long v = get(j);
            long p = v == NONE ? NONE_48 : v;
            l[j] = (int) p;
            h[j] = (char) (p >>> 32);
        }
        low = l;
        high = h;
        relative = false;
    }

    private void widen() {
        int n = low.length;
        long[] w = new long[n];
        for (int i = 0; i < n; i++) {
            w[i] = get(i);
        }
        wide = w;
        low = null;
        high = null;
    }
}
