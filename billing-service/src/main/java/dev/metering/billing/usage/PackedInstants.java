package dev.metering.billing.usage;

import java.util.Arrays;

/**
 * A fixed-capacity array of epoch-millisecond instants (or {@link #NONE}) in 6 bytes each while every value
 * fits 48 signed bits (±4 000 years around 1970), else 8: the low 32 bits in an {@code int[]}, the high 16 in a
 * {@code char[]}; a value that does not fit widens everything to a {@code long[]} once. Not thread-safe; the
 * owner synchronises.
 */
final class PackedInstants {

    static final long NONE = Long.MIN_VALUE;
    /** The 48-bit pattern standing for {@link #NONE}; a real value equal to it widens. */
    private static final long NONE_48 = -(1L << 47);
    private static final long MAX_48 = (1L << 47) - 1;

    private int[] low;
    private char[] high;
    private long[] wide;

    PackedInstants(int capacity) {
        low = new int[capacity];
        high = new char[capacity];
    }

    int capacity() {
        return wide != null ? wide.length : low.length;
    }

    /** Bytes per element: 6 or 8. */
    int width() {
        return wide != null ? 8 : 6;
    }

    long get(int i) {
        if (wide != null) {
            return wide[i];
        }
        long v = ((long) (short) high[i] << 32) | (low[i] & 0xFFFF_FFFFL);
        return v == NONE_48 ? NONE : v;
    }

    void set(int i, long value) {
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

    /** Grows or shrinks to {@code capacity} elements, keeping the first ones (new ones are 0, not NONE). */
    void resize(int capacity) {
        if (wide != null) {
            wide = Arrays.copyOf(wide, capacity);
        } else {
            low = Arrays.copyOf(low, capacity);
            high = Arrays.copyOf(high, capacity);
        }
    }

    long retainedBytes() {
        if (wide != null) {
            return 16 + 16 + wide.length * 8L;
        }
        return 16 + 16 + ((low.length * 4L + 7) / 8 * 8) + 16 + ((high.length * 2L + 7) / 8 * 8);
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
