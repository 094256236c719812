package dev.metering.billing.usage;

import java.util.Arrays;

/**
 * A fixed-capacity array of non-negative ints stored in the narrowest of {@code byte} / {@code char} /
 * {@code int} that holds every value set so far: 1 byte per element while all values are at most 255,
 * 2 while at most 65 535, else 4. Widening copies once. Not thread-safe; the owner synchronises.
 */
final class PackedInts {

    private byte[] bytes;
    private char[] chars;
    private int[] ints;

    PackedInts(int capacity) {
        bytes = new byte[capacity];
    }

    int capacity() {
        return bytes != null ? bytes.length : chars != null ? chars.length : ints.length;
    }

    /** Bytes per element: 1, 2 or 4. */
    int width() {
        return bytes != null ? 1 : chars != null ? 2 : 4;
    }

    int get(int i) {
        if (bytes != null) {
            return bytes[i] & 0xFF;
        }
        if (chars != null) {
            return chars[i];
        }
        return ints[i];
    }

    void set(int i, int value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative value " + value);
        }
        if (bytes != null) {
            if (value <= 0xFF) {
                bytes[i] = (byte) value;
                return;
            }
            widen(value);
        }
        if (chars != null) {
            if (value <= 0xFFFF) {
                chars[i] = (char) value;
                return;
            }
            widen(value);
        }
        ints[i] = value;
    }

    /** Grows or shrinks to {@code capacity} elements, keeping the first ones (new ones are 0). */
    void resize(int capacity) {
        if (bytes != null) {
            bytes = Arrays.copyOf(bytes, capacity);
        } else if (chars != null) {
            chars = Arrays.copyOf(chars, capacity);
        } else {
            ints = Arrays.copyOf(ints, capacity);
        }
    }

    /** Sets every element to 0, keeping the width and capacity. */
    void clear() {
        if (bytes != null) {
            Arrays.fill(bytes, (byte) 0);
        } else if (chars != null) {
            Arrays.fill(chars, (char) 0);
        } else {
            Arrays.fill(ints, 0);
        }
    }

    long retainedBytes() {
        return 16 + 16 + ((long) capacity() * width() + 7) / 8 * 8;
    }

    private void widen(int value) {
        int n = capacity();
        if (value <= 0xFFFF) {
            chars = new char[n];
            for (int i = 0; i < n; i++) {
                chars[i] = (char) (bytes[i] & 0xFF);
            }
            bytes = null;
            return;
        }
        ints = new int[n];
        for (int i = 0; i < n; i++) {
            ints[i] = get(i);
        }
        bytes = null;
        chars = null;
    }
}
