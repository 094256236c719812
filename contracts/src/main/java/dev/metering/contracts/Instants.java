package dev.metering.contracts;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The one hot-path parser and printer for the instants the platform writes ({@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}),
 * shared by telemetry-ingest (validation, writing) and billing-service (decoding). {@code java.time}'s formatter-based parse costs
 * more than the rest of handling a heartbeat; callers fall back to {@code java.time} for any other shape.
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

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} (T/t, Z/z), or null when the text has another shape or is invalid. */
    public static Instant parseUtc(String s) {
        int n = s.length();
        if (n < 20 || n > 30 || s.charAt(4) != '-' || s.charAt(7) != '-' || (s.charAt(10) != 'T' && s.charAt(10) != 't')
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        char last = s.charAt(n - 1);
        if (last != 'Z' && last != 'z') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) {
            return null; // let java.time produce the precise error (or accept what it accepts)
        }
        int nanos = 0;
        if (n > 20) {
            if (s.charAt(19) != '.' || n == 21) {
                return null;
            }
            int fractionDigits = n - 21;
            int f = digits(s, 20, fractionDigits);
            if (f < 0) {
                return null;
            }
            nanos = f;
            for (int i = fractionDigits; i < 9; i++) {
                nanos *= 10;
            }
        }
        if (day > 28 && day > LocalDate.of(year, month, 1).lengthOfMonth()) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600L + minute * 60L + second, nanos);
    }

    /** The non-negative number in {@code s[from, from+count)}, or -1 when a character is not a digit. */
    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
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
