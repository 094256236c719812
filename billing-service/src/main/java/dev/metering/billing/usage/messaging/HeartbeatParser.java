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

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} without a formatter (shared contracts parser); anything else via {@link Instant#parse}. */
    static Instant instant(String s) {
        Instant fast = dev.metering.contracts.Instants.parseUtc(s);
        return fast != null ? fast : Instant.parse(s);
    }
}
