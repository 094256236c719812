package dev.metering.billing.usage;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Interns string ids (devices, users) to dense ints 0..n-1 without keeping a {@code String} per id.
 *
 * <p>Every id is encoded to bytes, one to three per UTF-16 char (ASCII is one byte; like Java's modified UTF-8,
 * lossless for every string, lone surrogates included), except a canonical UUID ({@code 8-4-4-4-12} hex digits, all
 * lower-case or all upper-case): that is a marker byte and its 16 bytes, 17 instead of 36 (issue 16: devices and
 * users named by UUIDs are the common case in the field). The markers 0xF8 and 0xF9 never begin a char's bytes, so
 * both forms live in one dictionary and decode back to the exact string. Those bytes are what {@link #writeId}
 * writes, whatever the layout in memory.
 *
 * <p>Three layouts in memory; the first id chooses, and the first id that does not fit moves every id to the general
 * layout once, keeping its index (issue 16: a customer's devices are usually all of one shape):
 * <ul>
 * <li>fixed-width: while every id is a UUID of one case, the arena holds its 16 bytes at {@code index * 16}: no
 * marker, no offsets, and the table hashes the UUID's own bits (no pass over bytes);</li>
 * <li>numbered: while every id is one ASCII prefix and a decimal number without a leading zero of at most 9 digits
 * ({@code dev-1234-17}, {@code user-1234-8}), the prefix is kept once and each id is its number, 1, 2 or 4 bytes
 * ({@link PackedInts});</li>
 * <li>general: the bytes all ids share at the start (the longest common prefix) are kept once; the rest of each id
 * lies in one arena, id after id, with the end offset of each (1, 2 or 4 bytes). When an id arrives that does not
 * share the whole prefix, the prefix shrinks and the bytes it loses are copied in front of every stored id once (at
 * most once per prefix byte over the dictionary's life). Hashes cover the whole id, so the table stays valid.</li>
 * </ul>
 * An open-addressing table with linear probing maps the hash to index + 1 in 1, 2 or 4 bytes per slot; it doubles
 * when more than 7/8 full, so at the design point's 100 devices a customer has 128 one-byte slots (at load 1/2 it
 * had 256; a lookup of a known id probes about 3 slots at that load; the pure fold of UUID ids measured 2.2 M
 * heartbeats/s before these layouts and 3.2 M/s after, {@code ProjectionPerformanceTest}).
 *
 * <p>Not thread-safe; the owner synchronises.
 */
final class IdDictionary {

    private static final byte[] EMPTY = new byte[0];
    /** First byte of a UUID written in lower-case hex (or digits only), followed by its 16 bytes. */
    static final byte LOWER_UUID = (byte) 0xF8;
    /** First byte of a UUID written in upper-case hex, followed by its 16 bytes. */
    static final byte UPPER_UUID = (byte) 0xF9;
    static final int UUID_CHARS = 36;
    static final int UUID_BYTES = 17;
    private static final char[] LOWER_HEX = "0123456789abcdef".toCharArray();
    private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    /** A UUID's bytes without its marker, in the fixed-width layout. */
    private static final int UUID_WIDTH = UUID_BYTES - 1;

    /**
     * The fixed-width layout's marker ({@link #LOWER_UUID} or {@link #UPPER_UUID}) while every id is a UUID of that
     * case, else 0: the general layout.
     */
    private byte fixed;
    /**
     * The numbered layout: while every id is the same ASCII prefix and a decimal number (no leading zero, at most 9
     * digits, e.g. {@code dev-1234-17}), index -> that number; else null.
     */
    private PackedInts numbers;
    private byte[] prefix = EMPTY;
    private int prefixHash; // the running hash over the prefix bytes
    private byte[] arena = EMPTY;
    private int arenaLength;
    private PackedInts ends; // general layout: index -> end offset of its bytes in the arena (exclusive)
    private PackedInts table = new PackedInts(8); // slot -> index + 1, 0 = empty
    private int size;

    int size() {
        return size;
    }

    /** The id at {@code index}, as a new string. */
    String id(int index) {
        if (fixed != 0) {
            return decode(uuidBytes(index), UUID_BYTES);
        }
        if (numbers != null) {
            return new String(prefix, StandardCharsets.ISO_8859_1) + numbers.get(index);
        }
        int start = start(index);
        int end = ends.get(index);
        int n = prefix.length + end - start;
        byte[] all = new byte[n];
        System.arraycopy(prefix, 0, all, 0, prefix.length);
        System.arraycopy(arena, start, all, prefix.length, end - start);
        return decode(all, n);
    }

    /** The index of {@code id}, or -1. */
    int find(String id) {
        if (numbers != null) {
            int number = numberAfterPrefix(id);
            return number < 0 ? -1 : findNumber(number);
        }
        int n = id.length();
        if (n == UUID_CHARS) {
            byte[] scratch = UUID_SCRATCH.get();
            if (encodeUuid(id, scratch)) {
                return fixed != 0 ? (scratch[0] == fixed ? findUuid(scratch) : -1)
                        : find(scratch, hash(0, scratch, 0, UUID_BYTES));
            }
        }
        if (fixed != 0) {
            return -1; // only UUIDs of one case are stored
        }
        int h = 0;
        for (int i = 0; i < n; i++) {
            char c = id.charAt(i);
            if (c >= 0x80) {
                byte[] encoded = encode(id);
                return find(encoded, hash(0, encoded, 0, encoded.length));
            }
            h = 31 * h + c;
        }
        int mask = table.capacity() - 1;
        for (int slot = mix(h) & mask;; slot = (slot + 1) & mask) {
            int v = table.get(slot);
            if (v == 0) {
                return -1;
            }
            if (equalsAscii(v - 1, id)) {
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
        return add(encode(id));
    }

    /** Drops growth slack: the arena and the offsets to their exact sizes (the table stays a power of two). */
    void trim() {
        if (arena.length != arenaLength) {
            arena = Arrays.copyOf(arena, arenaLength);
        }
        if (ends != null && ends.capacity() != size) {
            ends.resize(size);
        }
        if (numbers != null && numbers.capacity() != size) {
            numbers.resize(size);
        }
    }

    /** Whether every id is kept as a number after the shared prefix (for tests). */
    boolean numbered() {
        return numbers != null;
    }

    /** Whether every id is kept in the fixed-width layout, 16 bytes each (for tests). */
    boolean fixedWidth() {
        return fixed != 0;
    }

    /**
     * Bytes retained: object, arrays and table; the id bytes themselves (arena and shared prefix) only when
     * {@code withIds}.
     */
    long retainedBytes(boolean withIds) {
        long bytes = 40 + (ends == null ? 0 : ends.retainedBytes()) + table.retainedBytes();
        if (withIds) {
            bytes += 16 + (prefix.length + 7) / 8 * 8 + 16 + (arena.length + 7) / 8 * 8;
            bytes += numbers == null ? 0 : numbers.retainedBytes();
        }
        return bytes;
    }

    /** Writes the id's bytes (as encoded here), their count first: one byte, or 255 and an int. */
    void writeId(int index, DataOutput out) throws IOException {
        if (fixed != 0 || numbers != null) {
            byte[] encoded = encodedId(index);
            writeLength(encoded.length, out);
            out.write(encoded);
            return;
        }
        int start = start(index);
        int end = ends.get(index);
        writeLength(prefix.length + end - start, out);
        out.write(prefix, 0, prefix.length);
        out.write(arena, start, end - start);
    }

    private static void writeLength(int length, DataOutput out) throws IOException {
        if (length < 0xFF) {
            out.writeByte(length);
        } else {
            out.writeByte(0xFF);
            out.writeInt(length);
        }
    }

    /** Reads an id written by {@link #writeId} and interns it; returns its index. */
    int internWritten(DataInput in) throws IOException {
        byte[] encoded = readWritten(in);
        int found;
        if (fixed != 0) {
            found = isFixedUuid(encoded) ? findUuid(encoded) : -1;
        } else if (numbers != null) {
            int number = numberAfterPrefix(encoded);
            found = number < 0 ? -1 : findNumber(number);
        } else {
            found = find(encoded, hash(0, encoded, 0, encoded.length));
        }
        return found >= 0 ? found : add(encoded);
    }

    /**
     * Reads an id written by {@link #writeId} of a version that kept every id as its chars' bytes (snapshot
     * formats before 4, UUIDs as 36 bytes), as the string it was, so that interning it encodes it as today.
     */
    static String readWrittenChars(DataInput in) throws IOException {
        byte[] bytes = readWritten(in);
        return decode(bytes, bytes.length);
    }

    private static byte[] readWritten(DataInput in) throws IOException {
        int length = in.readUnsignedByte();
        if (length == 0xFF) {
            length = in.readInt();
        }
        byte[] encoded = new byte[length];
        in.readFully(encoded);
        return encoded;
    }

    /** The shared prefix's length in bytes (for tests). */
    int prefixLength() {
        return prefix.length;
    }

    private int start(int index) {
        return index == 0 ? 0 : ends.get(index - 1);
    }

    /**
     * Where the fold's lookups of UUID ids are encoded: one buffer per thread, so the hot path allocates nothing
     * (a 17-byte array per heartbeat halved the pure fold's rate for UUID ids in {@code ProjectionPerformanceTest}).
     */
    private static final ThreadLocal<byte[]> UUID_SCRATCH = ThreadLocal.withInitial(() -> new byte[UUID_BYTES]);

    private int find(byte[] encoded, int h) {
        int mask = table.capacity() - 1;
        for (int slot = mix(h) & mask;; slot = (slot + 1) & mask) {
            int v = table.get(slot);
            if (v == 0) {
                return -1;
            }
            if (equalsBytes(v - 1, encoded)) {
                return v - 1;
            }
        }
    }

    private int add(byte[] encoded) {
        if (size == 0) {
            if (encoded.length == UUID_BYTES && (encoded[0] == LOWER_UUID || encoded[0] == UPPER_UUID)) {
                fixed = encoded[0];
            } else {
                startNumbered(encoded);
            }
        }
        if (fixed != 0) {
            if (isFixedUuid(encoded)) {
                return addUuid(encoded);
            }
            toGeneral();
        } else if (numbers != null) {
            int number = numberAfterPrefix(encoded);
            if (number >= 0) {
                return addNumber(number);
            }
            toGeneral();
        }
        return addGeneral(encoded);
    }

    /** Enters the numbered layout if the first id is an ASCII prefix and a canonical number of at most 9 digits. */
    private void startNumbered(byte[] encoded) {
        int k = encoded.length;
        while (k > 0 && encoded[k - 1] >= '0' && encoded[k - 1] <= '9') {
            k--;
        }
        int digits = encoded.length - k;
        if (digits == 0 || digits > 9 || (digits > 1 && encoded[k] == '0')) {
            return;
        }
        for (int i = 0; i < k; i++) {
            if (encoded[i] < 0) {
                return; // not ASCII
            }
        }
        prefix = Arrays.copyOf(encoded, k);
        numbers = new PackedInts(4);
    }

    /** The number after the shared prefix in {@code encoded}, or -1 if it is not one (numbered layout). */
    private int numberAfterPrefix(byte[] encoded) {
        int p = prefix.length;
        int digits = encoded.length - p;
        if (digits < 1 || digits > 9 || (digits > 1 && encoded[p] == '0')
                || !Arrays.equals(prefix, 0, p, encoded, 0, p)) {
            return -1;
        }
        int value = 0;
        for (int i = p; i < encoded.length; i++) {
            int d = encoded[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }

    /** As {@link #numberAfterPrefix(byte[])}, for an id as a string (the prefix is ASCII). */
    private int numberAfterPrefix(String id) {
        int p = prefix.length;
        int digits = id.length() - p;
        if (digits < 1 || digits > 9 || (digits > 1 && id.charAt(p) == '0')) {
            return -1;
        }
        for (int i = 0; i < p; i++) {
            if (prefix[i] != id.charAt(i)) {
                return -1;
            }
        }
        int value = 0;
        for (int i = p; i < id.length(); i++) {
            int d = id.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }

    private int addNumber(int number) {
        roomForOneMore(numbers);
        numbers.set(size, number);
        return appended();
    }

    private int findNumber(int number) {
        int mask = table.capacity() - 1;
        for (int slot = mix(number) & mask;; slot = (slot + 1) & mask) {
            int v = table.get(slot);
            if (v == 0) {
                return -1;
            }
            if (numbers.get(v - 1) == number) {
                return v - 1;
            }
        }
    }

    private int addGeneral(byte[] encoded) {
        if (ends == null) {
            ends = new PackedInts(4);
        }
        if (size == 0) {
            prefix = encoded;
            prefixHash = hash(0, encoded, 0, encoded.length);
        } else {
            int common = 0;
            int max = Math.min(prefix.length, encoded.length);
            while (common < max && prefix[common] == encoded[common]) {
                common++;
            }
            if (common < prefix.length) {
                shrinkPrefix(common);
            }
        }
        int rest = encoded.length - prefix.length;
        if (arenaLength + rest > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(arenaLength + rest, arena.length + (arena.length >> 1) + 8));
        }
        System.arraycopy(encoded, prefix.length, arena, arenaLength, rest);
        arenaLength += rest;
        roomForOneMore(ends);
        ends.set(size, arenaLength);
        return appended();
    }

    /** Counts the id just stored at index {@code size} and enters it in the table (growing it when due). */
    private int appended() {
        int index = size++;
        if (overloaded()) {
            rehash(table.capacity() * 2);
        } else {
            place(index);
        }
        return index;
    }

    /** Grows a per-id array by half when it is full. */
    private void roomForOneMore(PackedInts perId) {
        if (size == perId.capacity()) {
            perId.resize(size + (size >> 1) + 4);
        }
    }

    /** Load at most 7/8: at 100 ids a table of 128 one-byte slots instead of 256 (linear probing, see the class). */
    private boolean overloaded() {
        return size * 8L > table.capacity() * 7L;
    }

    private boolean isFixedUuid(byte[] encoded) {
        return encoded.length == UUID_BYTES && encoded[0] == fixed;
    }

    private int addUuid(byte[] encoded) {
        if (arenaLength + UUID_WIDTH > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(arenaLength + UUID_WIDTH, arena.length + (arena.length >> 1) + 8)
                    / UUID_WIDTH * UUID_WIDTH);
        }
        System.arraycopy(encoded, 1, arena, arenaLength, UUID_WIDTH);
        arenaLength += UUID_WIDTH;
        return appended();
    }

    private int findUuid(byte[] encoded) {
        long hi = (long) LONGS.get(encoded, 1);
        long lo = (long) LONGS.get(encoded, 9);
        int mask = table.capacity() - 1;
        for (int slot = uuidHash(hi, lo) & mask;; slot = (slot + 1) & mask) {
            int v = table.get(slot);
            if (v == 0) {
                return -1;
            }
            int at = (v - 1) * UUID_WIDTH;
            if ((long) LONGS.get(arena, at) == hi && (long) LONGS.get(arena, at + 8) == lo) {
                return v - 1;
            }
        }
    }

    /** The table's hash of a UUID in the fixed-width layout: its own bits, mixed (no pass over bytes). */
    private static int uuidHash(long hi, long lo) {
        long x = hi ^ Long.rotateLeft(lo, 29);
        x = (x ^ (x >>> 32)) * 0xD6E8FEB86659FD93L;
        x = (x ^ (x >>> 32)) * 0xD6E8FEB86659FD93L;
        return (int) (x ^ (x >>> 32));
    }

    /** Marker and 16 bytes of the UUID at {@code index} (fixed-width layout). */
    private byte[] uuidBytes(int index) {
        byte[] out = new byte[UUID_BYTES];
        out[0] = fixed;
        System.arraycopy(arena, index * UUID_WIDTH, out, 1, UUID_WIDTH);
        return out;
    }

    /** The id's bytes as the general layout keeps and writes them (fixed-width and numbered layouts). */
    private byte[] encodedId(int index) {
        if (fixed != 0) {
            return uuidBytes(index);
        }
        byte[] digits = Integer.toString(numbers.get(index)).getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = Arrays.copyOf(prefix, prefix.length + digits.length);
        System.arraycopy(digits, 0, out, prefix.length, digits.length);
        return out;
    }

    /**
     * Leaves the fixed-width or numbered layout for good (an id arrived that does not have its shape): every stored id
     * moves to the general layout with its index, as the bytes {@link #encodedId} gives.
     */
    private void toGeneral() {
        int n = size;
        byte[][] all = new byte[n][];
        for (int i = 0; i < n; i++) {
            all[i] = encodedId(i);
        }
        fixed = 0;
        numbers = null;
        size = 0;
        arena = EMPTY;
        arenaLength = 0;
        prefix = EMPTY;
        prefixHash = 0;
        ends = new PackedInts(Math.max(4, n + 1));
        table = new PackedInts(table.capacity());
        for (int i = 0; i < n; i++) {
            addGeneral(all[i]);
        }
    }

    /** Moves prefix bytes [keep, prefix.length) in front of every stored id. */
    private void shrinkPrefix(int keep) {
        int moved = prefix.length - keep;
        byte[] grown = new byte[arenaLength + size * moved + (arena.length - arenaLength)];
        int at = 0;
        int start = 0;
        for (int i = 0; i < size; i++) {
            int end = ends.get(i);
            System.arraycopy(prefix, keep, grown, at, moved);
            at += moved;
            System.arraycopy(arena, start, grown, at, end - start);
            at += end - start;
            start = end;
            ends.set(i, at);
        }
        arena = grown;
        arenaLength = at;
        prefix = Arrays.copyOf(prefix, keep);
        prefixHash = hash(0, prefix, 0, keep);
    }

    private void rehash(int capacity) {
        table = new PackedInts(capacity);
        for (int i = 0; i < size; i++) {
            place(i);
        }
    }

    private void place(int index) {
        int mask = table.capacity() - 1;
        int slot;
        if (fixed != 0) {
            int at = index * UUID_WIDTH;
            slot = uuidHash((long) LONGS.get(arena, at), (long) LONGS.get(arena, at + 8)) & mask;
        } else if (numbers != null) {
            slot = mix(numbers.get(index)) & mask;
        } else {
            int start = start(index);
            slot = mix(hash(prefixHash, arena, start, ends.get(index))) & mask;
        }
        while (table.get(slot) != 0) {
            slot = (slot + 1) & mask;
        }
        table.set(slot, index + 1);
    }

    private boolean equalsAscii(int index, String id) {
        int start = start(index);
        int end = ends.get(index);
        int p = prefix.length;
        if (p + end - start != id.length()) {
            return false;
        }
        for (int i = 0; i < p; i++) {
            if (prefix[i] != id.charAt(i)) {
                return false;
            }
        }
        for (int i = start, j = p; i < end; i++, j++) {
            if (arena[i] != id.charAt(j)) {
                return false;
            }
        }
        return true;
    }

    private boolean equalsBytes(int index, byte[] encoded) {
        int start = start(index);
        int end = ends.get(index);
        int p = prefix.length;
        return p + end - start == encoded.length && Arrays.equals(prefix, 0, p, encoded, 0, p)
                && Arrays.equals(arena, start, end, encoded, p, encoded.length);
    }

    static int hash(int h, byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            h = 31 * h + (bytes[i] & 0xFF);
        }
        return h;
    }

    private static int mix(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    /**
     * A canonical UUID as its marker and 16 bytes; any other string one byte per ASCII char, two below U+0800, else
     * three: lossless for any UTF-16 string.
     */
    static byte[] encode(String s) {
        int n = s.length();
        if (n == UUID_CHARS) {
            byte[] out = new byte[UUID_BYTES];
            if (encodeUuid(s, out)) {
                return out;
            }
        }
        int len = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            len += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
        }
        byte[] out = new byte[len];
        int at = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out[at++] = (byte) c;
            } else if (c < 0x800) {
                out[at++] = (byte) (0xC0 | (c >> 6));
                out[at++] = (byte) (0x80 | (c & 0x3F));
            } else {
                out[at++] = (byte) (0xE0 | (c >> 12));
                out[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[at++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return out;
    }

    static String decode(byte[] bytes, int n) {
        if (n == UUID_BYTES && (bytes[0] == LOWER_UUID || bytes[0] == UPPER_UUID)) {
            char[] hex = bytes[0] == LOWER_UUID ? LOWER_HEX : UPPER_HEX;
            char[] out = new char[UUID_CHARS];
            for (int i = 1, at = 0; i < UUID_BYTES; i++) {
                if (at == 8 || at == 13 || at == 18 || at == 23) {
                    out[at++] = '-';
                }
                out[at++] = hex[(bytes[i] >> 4) & 0xF];
                out[at++] = hex[bytes[i] & 0xF];
            }
            return new String(out);
        }
        int i = 0;
        while (i < n && bytes[i] >= 0) {
            i++;
        }
        if (i == n) {
            return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
        }
        char[] out = new char[n];
        int len = 0;
        for (i = 0; i < n;) {
            int b = bytes[i] & 0xFF;
            if (b < 0x80) {
                out[len++] = (char) b;
                i++;
            } else if (b < 0xE0) {
                out[len++] = (char) (((b & 0x1F) << 6) | (bytes[i + 1] & 0x3F));
                i += 2;
            } else {
                out[len++] = (char) (((b & 0x0F) << 12) | ((bytes[i + 1] & 0x3F) << 6) | (bytes[i + 2] & 0x3F));
                i += 3;
            }
        }
        return new String(out, 0, len);
    }

    /**
     * Writes a 36-char string's 17 bytes into {@code out} when it is a canonical UUID: hyphens at 8, 13, 18 and 23,
     * hex digits elsewhere, letters all lower-case ({@link #LOWER_UUID}, also for digits only) or all upper-case
     * ({@link #UPPER_UUID}); false for anything else (mixed case included: it would not decode to the same string).
     */
    static boolean encodeUuid(String s, byte[] out) {
        boolean lower = false;
        boolean upper = false;
        int at = 1;
        int high = -1;
        for (int i = 0; i < UUID_CHARS; i++) {
            char c = s.charAt(i);
            int v;
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-') {
                    return false;
                }
                continue;
            } else if (c >= '0' && c <= '9') {
                v = c - '0';
            } else if (c >= 'a' && c <= 'f') {
                lower = true;
                v = c - 'a' + 10;
            } else if (c >= 'A' && c <= 'F') {
                upper = true;
                v = c - 'A' + 10;
            } else {
                return false;
            }
            if (high < 0) {
                high = v;
            } else {
                out[at++] = (byte) (high << 4 | v);
                high = -1;
            }
        }
        if (lower && upper) {
            return false;
        }
        out[0] = upper ? UPPER_UUID : LOWER_UUID;
        return true;
    }
}
