package dev.metering.billing.usage.messaging;

import dev.metering.contracts.ProductCode;
import dev.metering.contracts.telemetry.DeviceKind;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The fold's hot path for a {@code device-heartbeat} value: one pass over the bytes, no tokenizer, no
 * event record, no {@code Instant}; it extracts only what the fold needs (customerId, deviceId,
 * products, userId, occurredAt in epoch milliseconds) and validates the other fields exactly as far as
 * binding them with the contracts' mapper would.
 *
 * <p>It accepts ONLY the plain shape telemetry-ingest writes, and only a heartbeat the fold will
 * accept: an object of the known fields (any order, whitespace allowed, unknown fields with string or
 * null values ignored) whose strings are printable ASCII without escapes, instants
 * {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}, enum names spelled exactly, non-blank customerId and deviceId,
 * at least one product and an occurredAt. Anything else (escapes, non-ASCII, numbers, nested values,
 * duplicate fields, a missing or blank required field, trailing bytes ...) answers {@code false}, and the
 * caller takes the general path, which folds it or dead-letters it with the precise reason.
 *
 * <p>Not thread-safe: one instance per folding thread (it holds the last result and a one-entry
 * cache of the customer id, since a partition's records come in runs of one customer).
 */
final class HeartbeatScanner {

    private static final byte[][] FIELDS = {
        ascii("eventId"), ascii("customerId"), ascii("deviceId"), ascii("deviceKind"), ascii("products"),
        ascii("userId"), ascii("hostname"), ascii("agentVersion"), ascii("occurredAt"), ascii("receivedAt") };
    private static final int EVENT_ID = 0;
    private static final int CUSTOMER_ID = 1;
    private static final int DEVICE_ID = 2;
    private static final int DEVICE_KIND = 3;
    private static final int PRODUCTS = 4;
    private static final int USER_ID = 5;
    private static final int OCCURRED_AT = 8;
    private static final int RECEIVED_AT = 9;
    private static final int UNKNOWN = -1;

    private static final byte[][] PRODUCT_NAMES = names(ProductCode.values());
    private static final byte[][] KIND_NAMES = names(DeviceKind.values());

    // ---- the last result (valid after scan returned true)
    private String customerId;
    private String deviceId;
    private String userId;
    private int products;
    private long occurredAt;

    // ---- scratch
    private byte[] json;
    private int pos;
    private int end;
    private int strFrom;
    private int strTo;
    private byte[] lastCustomerBytes = new byte[0];
    private String lastCustomer;

    /** Non-blank. */
    String customerId() {
        return customerId;
    }

    /** Non-blank. */
    String deviceId() {
        return deviceId;
    }

    /** Null when absent, null or blank (as the fold treats it). */
    String userId() {
        return userId;
    }

    /** Bit {@code 1 << ordinal} per product; never 0. */
    int products() {
        return products;
    }

    /** {@code occurredAt.toEpochMilli()}. */
    long occurredAt() {
        return occurredAt;
    }

    /** True when {@code value} is a plain, valid heartbeat the fold accepts; see the class comment. */
    boolean scan(byte[] value) {
        if (value == null) {
            return false;
        }
        json = value;
        pos = 0;
        end = value.length;
        try {
            return scanObject();
        } finally {
            json = null;
        }
    }

    private boolean scanObject() {
        skipWs();
        if (!take('{')) {
            return false;
        }
        int seen = 0;
        int custFrom = -1;
        int custTo = -1;
        int devFrom = -1;
        int devTo = -1;
        int userFrom = -1;
        int userTo = -1;
        int prods = 0;
        long occurred = Long.MIN_VALUE;
        skipWs();
        if (pos < end && json[pos] == '}') {
            return false; // no fields: the required ones are missing
        }
        while (true) {
            skipWs();
            if (!string()) {
                return false;
            }
            int field = field(strFrom, strTo);
            skipWs();
            if (!take(':')) {
                return false;
            }
            skipWs();
            if (pos >= end) {
                return false;
            }
            if (field != UNKNOWN) {
                if ((seen & (1 << field)) != 0) {
                    return false; // duplicate field: left to the general path
                }
                seen |= 1 << field;
            }
            byte b = json[pos];
            if (b == 'n') {
                if (!literalNull()) {
                    return false;
                }
                if (field == CUSTOMER_ID || field == DEVICE_ID || field == PRODUCTS || field == OCCURRED_AT) {
                    return false; // required by the fold
                }
            } else if (b == '"') {
                if (!string()) {
                    return false;
                }
                switch (field) {
                    case CUSTOMER_ID -> {
                        custFrom = strFrom;
                        custTo = strTo;
                    }
                    case DEVICE_ID -> {
                        devFrom = strFrom;
                        devTo = strTo;
                    }
                    case USER_ID -> {
                        userFrom = strFrom;
                        userTo = strTo;
                    }
                    case DEVICE_KIND -> {
                        if (match(KIND_NAMES, strFrom, strTo) < 0) {
                            return false;
                        }
                    }
                    case OCCURRED_AT -> {
                        occurred = epochMilli(json, strFrom, strTo);
                        if (occurred == Long.MIN_VALUE) {
                            return false;
                        }
                    }
                    case RECEIVED_AT -> {
                        if (epochMilli(json, strFrom, strTo) == Long.MIN_VALUE) {
                            return false;
                        }
                    }
                    case PRODUCTS -> {
                        return false; // a string where an array belongs
                    }
                    default -> {
                        // eventId, hostname, agentVersion, unknown fields: any string
                    }
                }
            } else if (b == '[' && field == PRODUCTS) {
                pos++;
                skipWs();
                if (pos < end && json[pos] == ']') {
                    return false; // no product: the general path names the reason
                }
                while (true) {
                    skipWs();
                    if (!string()) {
                        return false;
                    }
                    int p = match(PRODUCT_NAMES, strFrom, strTo);
                    if (p < 0) {
                        return false;
                    }
                    prods |= 1 << p;
                    skipWs();
                    if (take(',')) {
                        continue;
                    }
                    if (take(']')) {
                        break;
                    }
                    return false;
                }
            } else {
                return false;
            }
            skipWs();
            if (take(',')) {
                continue;
            }
            if (take('}')) {
                break;
            }
            return false;
        }
        skipWs();
        if (pos != end || prods == 0 || occurred == Long.MIN_VALUE || blank(custFrom, custTo)
                || blank(devFrom, devTo)) {
            return false;
        }
        customerId = customer(custFrom, custTo);
        deviceId = new String(json, devFrom, devTo - devFrom, StandardCharsets.ISO_8859_1);
        userId = blank(userFrom, userTo) ? null
                : new String(json, userFrom, userTo - userFrom, StandardCharsets.ISO_8859_1);
        products = prods;
        occurredAt = occurred;
        return true;
    }

    private String customer(int from, int to) {
        byte[] last = lastCustomerBytes;
        if (Arrays.equals(last, 0, last.length, json, from, to)) {
            return lastCustomer;
        }
        lastCustomerBytes = Arrays.copyOfRange(json, from, to);
        lastCustomer = new String(lastCustomerBytes, StandardCharsets.ISO_8859_1);
        return lastCustomer;
    }

    /** Absent, empty or only spaces (the only whitespace a plain string may hold). */
    private boolean blank(int from, int to) {
        if (from < 0) {
            return true;
        }
        for (int i = from; i < to; i++) {
            if (json[i] != ' ') {
                return false;
            }
        }
        return true;
    }

    private void skipWs() {
        while (pos < end) {
            byte b = json[pos];
            if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                pos++;
            } else {
                return;
            }
        }
    }

    private boolean take(char c) {
        if (pos < end && json[pos] == c) {
            pos++;
            return true;
        }
        return false;
    }

    private boolean literalNull() {
        if (pos + 4 <= end && json[pos + 1] == 'u' && json[pos + 2] == 'l' && json[pos + 3] == 'l') {
            pos += 4;
            return true;
        }
        return false;
    }

    /** A string of printable ASCII without escapes at pos: sets [strFrom, strTo) and moves past it. */
    private boolean string() {
        if (pos >= end || json[pos] != '"') {
            return false;
        }
        int i = pos + 1;
        while (i < end) {
            byte b = json[i];
            if (b == '"') {
                strFrom = pos + 1;
                strTo = i;
                pos = i + 1;
                return true;
            }
            if (b < 0x20 || b > 0x7e || b == '\\') {
                return false; // escapes, control characters, non-ASCII (negative bytes): general path
            }
            i++;
        }
        return false;
    }

    private int field(int from, int to) {
        int len = to - from;
        for (int f = 0; f < FIELDS.length; f++) {
            byte[] name = FIELDS[f];
            if (name.length == len && json[from] == name[0] && Arrays.equals(name, 0, len, json, from, to)) {
                return f;
            }
        }
        return UNKNOWN;
    }

    private int match(byte[][] names, int from, int to) {
        int len = to - from;
        for (int i = 0; i < names.length; i++) {
            byte[] name = names[i];
            if (name.length == len && Arrays.equals(name, 0, len, json, from, to)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * {@code Instant.parse(text).toEpochMilli()} for {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} in
     * {@code b[from, to)}; {@link Long#MIN_VALUE} for any other shape or an invalid date.
     */
    static long epochMilli(byte[] b, int from, int to) {
        int n = to - from;
        if (n < 20 || n > 30 || b[from + 4] != '-' || b[from + 7] != '-' || b[from + 10] != 'T'
                || b[from + 13] != ':' || b[from + 16] != ':' || b[to - 1] != 'Z') {
            return Long.MIN_VALUE;
        }
        int year = digits(b, from, 4);
        int month = digits(b, from + 5, 2);
        int day = digits(b, from + 8, 2);
        int hour = digits(b, from + 11, 2);
        int minute = digits(b, from + 14, 2);
        int second = digits(b, from + 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month) || hour < 0
                || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return Long.MIN_VALUE;
        }
        int millis = 0;
        if (n > 20) {
            int fraction = n - 21;
            if (b[from + 19] != '.' || fraction == 0) {
                return Long.MIN_VALUE;
            }
            int f = digits(b, from + 20, fraction);
            if (f < 0) {
                return Long.MIN_VALUE;
            }
            for (int i = fraction; i < 3; i++) {
                f *= 10;
            }
            for (int i = 3; i < fraction; i++) {
                f /= 10;
            }
            millis = f;
        }
        long seconds = epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second;
        return seconds * 1000L + millis;
    }

    private static int digits(byte[] b, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    private static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
    private static long epochDay(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[][] names(Enum<?>[] values) {
        byte[][] out = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            out[i] = ascii(values[i].name());
        }
        return out;
    }
}
