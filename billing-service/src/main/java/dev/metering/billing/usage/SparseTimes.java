package dev.metering.billing.usage;

/**
 * Instants (epoch ms) for a few of many dense int keys, e.g. the removal instant of the rare removed device:
 * an open-addressing table (load at most 1/2) instead of a {@code long} for every key. Not thread-safe; the
 * owner synchronises.
 */
final class SparseTimes {

    /** What {@link #get} answers for a key with no instant. */
    static final long NONE = Long.MIN_VALUE;

    private int[] keys = new int[4]; // key + 1, 0 = empty
    private long[] values = new long[4];
    private int size;

    int size() {
        return size;
    }

    long get(int key) {
        int mask = keys.length - 1;
        for (int slot = mix(key) & mask;; slot = (slot + 1) & mask) {
            int k = keys[slot];
            if (k == 0) {
                return NONE;
            }
            if (k == key + 1) {
                return values[slot];
            }
        }
    }

    void put(int key, long value) {
        int mask = keys.length - 1;
        int slot = mix(key) & mask;
        while (keys[slot] != 0 && keys[slot] != key + 1) {
            slot = (slot + 1) & mask;
        }
        if (keys[slot] == 0) {
            if ((size + 1) * 2 > keys.length) {
                grow();
                put(key, value);
                return;
            }
            keys[slot] = key + 1;
            size++;
        }
        values[slot] = value;
    }

    /** The keys, in table order (callers sort when they need an order). */
    int[] keys() {
        int[] out = new int[size];
        int n = 0;
        for (int k : keys) {
            if (k != 0) {
                out[n++] = k - 1;
            }
        }
        return out;
    }

    long retainedBytes() {
        return 24 + 16 + keys.length * 4L + 16 + values.length * 8L;
    }

    private void grow() {
        int[] oldKeys = keys;
        long[] oldValues = values;
        keys = new int[oldKeys.length * 2];
        values = new long[oldKeys.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                put(oldKeys[i] - 1, oldValues[i]);
            }
        }
    }

    private static int mix(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
