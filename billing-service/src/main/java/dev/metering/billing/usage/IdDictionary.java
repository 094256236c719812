package dev.metering.billing.usage;

import java.util.Arrays;

/**
 * Interns string ids (devices, users) to dense ints 0..n-1 with an open-addressing table: about 8 bytes
 * of table per id plus the id itself, instead of a HashMap entry and a boxed Integer per id.
 * Not thread-safe; the owner synchronises.
 */
final class IdDictionary {

    private String[] ids = new String[4];
    private int[] table = new int[8]; // slot -> index + 1, 0 = empty
    private int size;

    int size() {
        return size;
    }

    String id(int index) {
        return ids[index];
    }

    long retainedBytes(boolean withIds) {
        long bytes = 16 + 16 + 16 + (long) ids.length * 4 + (long) table.length * 4;
        if (withIds) {
            for (int i = 0; i < size; i++) {
                bytes += 24 + 16 + ((ids[i].length() + 7) / 8) * 8; // String + Latin-1 byte[]
            }
        }
        return bytes;
    }

    /** The index of {@code id}, or -1. */
    int find(String id) {
        int mask = table.length - 1;
        for (int slot = mix(id.hashCode()) & mask;; slot = (slot + 1) & mask) {
            int v = table[slot];
            if (v == 0) {
                return -1;
            }
            if (ids[v - 1].equals(id)) {
                return v - 1;
            }
        }
    }

    /** The index of {@code id}, adding it when new. */
    int intern(String id) {
        int found = find(id);
        if (found >= 0) {
            return found;
        }
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
        }
        ids[size] = id;
        size++;
        if (size * 2 > table.length) {
            rehash(table.length * 2);
        } else {
            place(size - 1);
        }
        return size - 1;
    }

    private void rehash(int capacity) {
        table = new int[capacity];
        for (int i = 0; i < size; i++) {
            place(i);
        }
    }

    private void place(int index) {
        int mask = table.length - 1;
        int slot = mix(ids[index].hashCode()) & mask;
        while (table[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        table[slot] = index + 1;
    }

    private static int mix(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
