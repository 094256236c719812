package dev.metering.ingest.heartbeat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer for the hand-written JSON of the ingest hot path (the Kafka value and the
 * per-item answer): raw bytes, and strings that need no escaping written byte by byte. What needs
 * escaping is left to the caller (Jackson's encoder or a fallback to Jackson altogether).
 */
public final class JsonBytes {

    private byte[] buf;
    private int pos;

    public JsonBytes(int capacity) {
        buf = new byte[Math.max(capacity, 16)];
    }

    public void put(byte c) {
        ensure(1);
        buf[pos++] = c;
    }

    public void put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        pos += bytes.length;
    }

    /**
     * Writes {@code "s"} and returns true when {@code s} is plain ASCII (no control character, quote or
     * backslash, nothing above 0x7e); otherwise writes nothing and returns false.
     */
    public boolean plainString(String s) {
        int n = s.length();
        ensure(n + 2);
        byte[] b = buf;
        int p = pos;
        b[p++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
            b[p++] = (byte) c;
        }
        b[p++] = '"';
        pos = p;
        return true;
    }

    /** A copy of what was written. */
    public byte[] toBytes() {
        return Arrays.copyOf(buf, pos);
    }

    public static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private void ensure(int extra) {
        if (pos + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + extra));
        }
    }
}
