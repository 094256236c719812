package dev.metering.billing.usage.messaging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.metering.contracts.ProductCode;
import dev.metering.contracts.telemetry.DeviceHeartbeat;
import dev.metering.contracts.telemetry.DeviceKind;
import java.io.IOException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * A streaming parser for the hottest record of all, {@link DeviceHeartbeat}'s JSON: one pass over the
 * tokens, no tree, no reflection, and a fast path for the UTC instants ingest writes. Same result as
 * binding with the contracts' mapper (unknown fields ignored); returns null for anything it is not
 * sure about, and the caller falls back to the general decoder.
 */
final class HeartbeatParser {

    private static final JsonFactory FACTORY = new JsonFactory();

    private HeartbeatParser() {
    }

    static DeviceHeartbeat parse(byte[] json) {
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String eventId = null;
            String customerId = null;
            String deviceId = null;
            DeviceKind kind = null;
            Set<ProductCode> products = null;
            String userId = null;
            String hostname = null;
            String agentVersion = null;
            Instant occurredAt = null;
            Instant receivedAt = null;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                if (v == JsonToken.VALUE_NULL) {
                    continue;
                }
                switch (field) {
                    case "eventId" -> eventId = text(p, v);
                    case "customerId" -> customerId = text(p, v);
                    case "deviceId" -> deviceId = text(p, v);
                    case "deviceKind" -> kind = DeviceKind.valueOf(text(p, v));
                    case "userId" -> userId = text(p, v);
                    case "hostname" -> hostname = text(p, v);
                    case "agentVersion" -> agentVersion = text(p, v);
                    case "occurredAt" -> occurredAt = instant(text(p, v));
                    case "receivedAt" -> receivedAt = instant(text(p, v));
                    case "products" -> {
                        if (v != JsonToken.START_ARRAY) {
                            return null;
                        }
                        products = EnumSet.noneOf(ProductCode.class);
                        JsonToken e;
                        while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                            products.add(ProductCode.valueOf(text(p, e)));
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT) {
                return null;
            }
            return new DeviceHeartbeat(eventId, customerId, deviceId, kind, products, userId, hostname, agentVersion,
                    occurredAt, receivedAt);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String text(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException("not a string");
        }
        return p.getText();
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} without a formatter; anything else via {@link Instant#parse}. */
    static Instant instant(String s) {
        int n = s.length();
        if (n < 20 || n > 30 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z') {
            return Instant.parse(s);
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        int nanos = 0;
        if (n > 20) {
            if (s.charAt(19) != '.' || n == 21) {
                return Instant.parse(s);
            }
            int fraction = n - 21;
            nanos = digits(s, 20, fraction);
            for (int i = fraction; i < 9; i++) {
                nanos *= 10;
            }
        } else if (n != 20) {
            return Instant.parse(s);
        }
        if (year < 0 || hour < 0 || minute < 0 || second < 0 || nanos < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
            return Instant.parse(s); // let the JDK reject it with its own message
        }
        if (day > 28 && day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
            return Instant.parse(s);
        }
        long epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600L + minute * 60L + second, nanos);
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1_000_000_000;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
