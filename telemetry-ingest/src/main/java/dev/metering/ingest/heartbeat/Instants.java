package dev.metering.ingest.heartbeat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Fast RFC 3339 instants for the hot path. {@code java.time}'s formatter-based parse and print cost
 * more than everything else of validating a heartbeat; the common shape
 * {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z} is handled by hand, everything else falls back to
 * {@code java.time} (same results, verified against it in the tests).
 */
public final class Instants {

    private Instants() {
    }

    /** Parses an RFC 3339 instant ({@code Z} or an offset); throws {@link DateTimeParseException}. */
    public static Instant parse(String s) {
        Instant fast = parseUtc(s);
        if (fast != null) {
            return fast;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            return OffsetDateTime.parse(s).toInstant();
        }
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} (T/t, Z/z), or null when the text has another shape. */
    static Instant parseUtc(String s) {
        return dev.metering.contracts.Instants.parseUtc(s);
    }

    /** The last formatted instant: a batch shares one receive time, so this hits for most items. */
    private record Formatted(Instant instant, String text) {
    }

    private static volatile Formatted last = new Formatted(Instant.EPOCH, "1970-01-01T00:00:00Z");

    /** The last formatted receive time, apart from {@link #last}: every item of a batch shares it. */
    private static volatile Formatted lastReceived = new Formatted(Instant.EPOCH, "1970-01-01T00:00:00Z");

    /**
     * {@link #format} for a receive time: cached in its own slot, so formatting each item's own
     * {@code occurredAt} in between does not evict the batch's shared receive time.
     */
    public static String formatReceivedAt(Instant instant) {
        Formatted cached = lastReceived;
        if (cached.instant().equals(instant)) {
            return cached.text();
        }
        String text = format(instant);
        lastReceived = new Formatted(instant, text);
        return text;
    }

    /** Exactly {@link Instant#toString()}, without the formatter for years 0000-9999. */
    public static String format(Instant instant) {
        Formatted cached = last;
        if (cached.instant().equals(instant)) {
            return cached.text();
        }
        long seconds = instant.getEpochSecond();
        if (seconds < -62_167_219_200L || seconds > 253_402_300_799L) {
            return instant.toString();
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        char[] buf = new char[30];
        put(buf, 0, t.getYear(), 4);
        buf[4] = '-';
        put(buf, 5, t.getMonthValue(), 2);
        buf[7] = '-';
        put(buf, 8, t.getDayOfMonth(), 2);
        buf[10] = 'T';
        put(buf, 11, t.getHour(), 2);
        buf[13] = ':';
        put(buf, 14, t.getMinute(), 2);
        buf[16] = ':';
        put(buf, 17, t.getSecond(), 2);
        int pos = 19;
        int nanos = instant.getNano();
        if (nanos > 0) {
            buf[pos++] = '.';
            if (nanos % 1_000_000 == 0) {
                put(buf, pos, nanos / 1_000_000, 3);
                pos += 3;
            } else if (nanos % 1000 == 0) {
                put(buf, pos, nanos / 1000, 6);
                pos += 6;
            } else {
                put(buf, pos, nanos, 9);
                pos += 9;
            }
        }
        buf[pos++] = 'Z';
        String text = new String(buf, 0, pos);
        last = new Formatted(instant, text);
        return text;
    }

    /** {@code value} as exactly {@code width} decimal digits, zero-padded, at {@code buf[from]}. */
    private static void put(char[] buf, int from, int value, int width) {
        for (int i = from + width - 1; i >= from; i--) {
            buf[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
