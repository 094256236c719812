package dev.metering.contracts;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The hot-path parser for the instants the platform writes ({@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}), shared by
 * telemetry-ingest (validation) and billing-service (decoding). {@code java.time}'s formatter-based parse costs
 * more than the rest of handling a heartbeat; callers fall back to {@code java.time} for any other shape.
 */
public final class Instants {

    private Instants() {
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
}
