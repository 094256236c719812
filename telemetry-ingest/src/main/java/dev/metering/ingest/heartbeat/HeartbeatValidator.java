package dev.metering.ingest.heartbeat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metering.contracts.Instants;
import dev.metering.contracts.ProductCode;
import dev.metering.contracts.ProductFamily;
import dev.metering.contracts.telemetry.DeviceHeartbeat;
import dev.metering.contracts.telemetry.DeviceKind;
import dev.metering.contracts.telemetry.DeviceRemoved;
import dev.metering.contracts.telemetry.FirewallHeartbeat;
import dev.metering.contracts.telemetry.FirewallSubscription;
import dev.metering.contracts.telemetry.TelemetryEvent;
import dev.metering.platform.audit.TextValues;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Validates and normalises one ingested item (a JSON object with a {@code kind} discriminator) into a
 * {@link TelemetryEvent}. Pure and thread-safe: no I/O, the receive time is passed in.
 *
 * <p>Normalisation: every string is trimmed; {@code deviceId}, {@code userId} and {@code hostname} are
 * lower-cased, {@code serialNumber} upper-cased (a removed firewall's serial becomes its {@code deviceId},
 * upper-cased too); {@code eventId} and versions keep their case. Enum values are matched ignoring case
 * and separators ({@code EnterpriseGuard}, {@code enterprise-guard} and {@code ENTERPRISE_GUARD} are one).
 * The customer always comes from the caller's credential, never from the body (a differing
 * {@code customerId} in the body is {@code customer-mismatch}).
 */
public final class HeartbeatValidator {

    private static final Map<String, DeviceKind> DEVICE_KINDS = lookup(DeviceKind.values());
    private static final Map<String, ProductCode> PRODUCTS = lookup(ProductCode.values());
    private static final Map<String, FirewallSubscription> SUBSCRIPTIONS = subscriptions();
    private static final Map<String, DeviceRemoved.Reason> REMOVAL_REASONS = lookup(DeviceRemoved.Reason.values());

    private final ValidationRules rules;

    public HeartbeatValidator(ValidationRules rules) {
        this.rules = rules;
    }

    /**
     * @param item the item as parsed (any JSON value)
     * @param customerId the customer the credential belongs to; null when the item itself must name it
     *        (Kafka records without a key)
     * @param receivedAt when ingest received the item; the reference for the {@code occurredAt} window
     */
    public ItemOutcome validate(JsonNode item, String customerId, Instant receivedAt) {
        if (item == null || !item.isObject()) {
            return new ItemOutcome.Rejected(null, null, Reasons.MALFORMED_ITEM);
        }
        String eventId = bestEffortEventId(item);
        HeartbeatKind kind = null;
        try {
            kind = kind(item);
            String id = text(item, "eventId", ValidationRules.MAX_ID_LENGTH, true);
            String customer = customer(item, customerId);
            TelemetryEvent event;
            if (kind == HeartbeatKind.DEVICE_HEARTBEAT) {
                event = deviceHeartbeat(item, id, customer, receivedAt);
            } else if (kind == HeartbeatKind.FIREWALL_HEARTBEAT) {
                event = firewallHeartbeat(item, id, customer, receivedAt);
            } else {
                event = deviceRemoved(item, id, customer, receivedAt);
            }
            checkWindow(event.occurredAt(), receivedAt);
            return new ItemOutcome.Accepted(event, kind);
        } catch (Reject r) {
            return new ItemOutcome.Rejected(eventId, kind, r.reason);
        }
    }

    private DeviceHeartbeat deviceHeartbeat(JsonNode item, String eventId, String customer, Instant receivedAt) {
        String deviceId = lower(text(item, "deviceId", ValidationRules.MAX_ID_LENGTH, true));
        DeviceKind deviceKind = enumValue(item, "deviceKind", DEVICE_KINDS);
        Set<ProductCode> products = enumSet(item, "products", PRODUCTS, ProductCode.class, true);
        for (ProductCode p : products) {
            if (p.family() == ProductFamily.FIREWALL) {
                // firewall bundles are reported by the appliance (firewall-heartbeat), never by an agent
                throw new Reject(Reasons.of(Reasons.INVALID_ENUM, "products"));
            }
        }
        String userId = lower(text(item, "userId", ValidationRules.MAX_USER_ID_LENGTH, false));
        String hostname = lower(text(item, "hostname", ValidationRules.MAX_HOSTNAME_LENGTH, false));
        String agentVersion = text(item, "agentVersion", ValidationRules.MAX_VERSION_LENGTH, false);
        Instant occurredAt = instant(item, "occurredAt");
        return new DeviceHeartbeat(eventId, customer, deviceId, deviceKind, products, userId, hostname, agentVersion,
                occurredAt, receivedAt);
    }

    private FirewallHeartbeat firewallHeartbeat(JsonNode item, String eventId, String customer, Instant receivedAt) {
        String serial = upper(text(item, "serialNumber", ValidationRules.MAX_SERIAL_LENGTH, true));
        String model = text(item, "model", ValidationRules.MAX_MODEL_LENGTH, true);
        String firmware = text(item, "firmwareVersion", ValidationRules.MAX_VERSION_LENGTH, true);
        Set<FirewallSubscription> subscriptions = enumSet(item, "subscriptions", SUBSCRIPTIONS,
                FirewallSubscription.class, false);
        Instant occurredAt = instant(item, "occurredAt");
        if (isUtm9(firmware)) {
            throw new Reject(Reasons.UTM9_NOT_SUPPORTED);
        }
        return new FirewallHeartbeat(eventId, customer, serial, model, firmware, subscriptions, occurredAt, receivedAt);
    }

    private DeviceRemoved deviceRemoved(JsonNode item, String eventId, String customer, Instant receivedAt) {
        String deviceId = lower(text(item, "deviceId", ValidationRules.MAX_ID_LENGTH, false));
        if (deviceId == null) {
            // a removed firewall is named by its serial number (R19 applies to appliances too)
            deviceId = upper(text(item, "serialNumber", ValidationRules.MAX_SERIAL_LENGTH, false));
            if (deviceId == null) {
                throw new Reject(Reasons.of(Reasons.MISSING_FIELD, "deviceId"));
            }
        }
        DeviceRemoved.Reason reason = enumValue(item, "reason", REMOVAL_REASONS);
        Instant occurredAt = instant(item, "occurredAt");
        return new DeviceRemoved(eventId, customer, deviceId, reason, occurredAt, receivedAt);
    }

    /** R15: UTM 9.x firmware (version 9.x, or any version string naming UTM) is not metered; only SFOS. */
    public static boolean isUtm9(String firmwareVersion) {
        String f = firmwareVersion.trim();
        String upper = f.toUpperCase(Locale.ROOT);
        return f.startsWith("9.") || upper.startsWith("V9.") || upper.contains("UTM");
    }

    private void checkWindow(Instant occurredAt, Instant receivedAt) {
        if (occurredAt.isAfter(receivedAt.plus(rules.maxFuture()))) {
            throw new Reject(Reasons.OCCURRED_IN_FUTURE);
        }
        if (occurredAt.isBefore(receivedAt.minus(rules.maxAge()))) {
            throw new Reject(Reasons.TOO_OLD);
        }
    }

    private static HeartbeatKind kind(JsonNode item) {
        JsonNode node = item.get("kind");
        if (node == null || node.isNull()) {
            throw new Reject(Reasons.of(Reasons.MISSING_FIELD, "kind"));
        }
        if (!node.isTextual()) {
            throw new Reject(Reasons.of(Reasons.INVALID_TYPE, "kind"));
        }
        HeartbeatKind kind = HeartbeatKind.fromWireName(node.textValue().trim().toLowerCase(Locale.ROOT));
        if (kind == null) {
            throw new Reject(Reasons.of(Reasons.INVALID_ENUM, "kind"));
        }
        return kind;
    }

    private static String customer(JsonNode item, String credentialCustomer) {
        String named = text(item, "customerId", ValidationRules.MAX_ID_LENGTH, credentialCustomer == null);
        if (credentialCustomer == null) {
            return named;
        }
        if (named != null && !named.equals(credentialCustomer)) {
            throw new Reject(Reasons.CUSTOMER_MISMATCH);
        }
        return credentialCustomer;
    }

    /** A trimmed string field; null when absent/blank and optional. */
    static String text(JsonNode item, String field, int maxLength, boolean required) {
        JsonNode node = item.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw new Reject(Reasons.of(Reasons.MISSING_FIELD, field));
            }
            return null;
        }
        if (!node.isTextual()) {
            throw new Reject(Reasons.of(Reasons.INVALID_TYPE, field));
        }
        String value = node.textValue().trim();
        if (value.isEmpty()) {
            if (required) {
                throw new Reject(Reasons.of(Reasons.MISSING_FIELD, field));
            }
            return null;
        }
        if (value.length() > maxLength) {
            throw new Reject(Reasons.of(Reasons.TOO_LONG, field));
        }
        if (!clean(value)) {
            throw new Reject(Reasons.of(Reasons.INVALID_CHARACTERS, field));
        }
        return value;
    }

    /**
     * No control characters and no unpaired surrogates: such strings cannot be stored downstream
     * (PostgreSQL rejects NUL in text and jsonb) and are never legitimate ids or names.
     */
    public static boolean clean(String s) {
        return TextValues.isCleanLine(s);
    }

    private static Instant instant(JsonNode item, String field) {
        String text = text(item, field, ValidationRules.MAX_TIMESTAMP_LENGTH, true);
        try {
            return Instants.parse(text);
        } catch (DateTimeParseException e) {
            throw new Reject(Reasons.of(Reasons.INVALID_TIMESTAMP, field));
        }
    }

    private static <E extends Enum<E>> E enumValue(JsonNode item, String field, Map<String, E> values) {
        String text = text(item, field, ValidationRules.MAX_ID_LENGTH, true);
        E value = lookup(values, text);
        if (value == null) {
            throw new Reject(Reasons.of(Reasons.INVALID_ENUM, field));
        }
        return value;
    }

    private static <E extends Enum<E>> Set<E> enumSet(JsonNode item, String field, Map<String, E> values,
            Class<E> type, boolean required) {
        JsonNode node = item.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw new Reject(Reasons.of(Reasons.MISSING_FIELD, field));
            }
            return EnumSet.noneOf(type);
        }
        if (!node.isArray()) {
            throw new Reject(Reasons.of(Reasons.INVALID_TYPE, field));
        }
        if (node.size() > ValidationRules.MAX_SET_SIZE) {
            throw new Reject(Reasons.of(Reasons.TOO_MANY, field));
        }
        EnumSet<E> out = EnumSet.noneOf(type);
        for (JsonNode element : node) {
            if (!element.isTextual()) {
                throw new Reject(Reasons.of(Reasons.INVALID_TYPE, field));
            }
            String text = element.textValue();
            E value = text.length() > ValidationRules.MAX_ID_LENGTH ? null : lookup(values, text);
            if (value == null) {
                throw new Reject(Reasons.of(Reasons.INVALID_ENUM, field));
            }
            out.add(value);
        }
        return out;
    }

    /** The exact constant name first (the common case, no allocation), then the lenient spelling. */
    private static <E> E lookup(Map<String, E> values, String text) {
        E exact = values.get(text);
        return exact != null ? exact : values.get(enumKey(text));
    }

    /** "Enterprise-Guard", "enterprise_guard", "EnterpriseGuard" -> "ENTERPRISEGUARD". */
    static String enumKey(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '_' && c != '-' && c != ' ' && c != '.') {
                sb.append(Character.toUpperCase(c));
            }
        }
        return sb.toString();
    }

    private static <E extends Enum<E>> Map<String, E> lookup(E[] values) {
        Map<String, E> map = new HashMap<>();
        for (E v : values) {
            map.put(enumKey(v.name()), v);
            map.put(v.name(), v);
        }
        return Map.copyOf(map);
    }

    private static Map<String, FirewallSubscription> subscriptions() {
        Map<String, FirewallSubscription> map = new HashMap<>(lookup(FirewallSubscription.values()));
        for (FirewallSubscription s : FirewallSubscription.values()) {
            map.put(enumKey(s.product().name()), s); // FIREWALL_FULL_GUARD names the same bundle
            map.put(s.product().name(), s);
        }
        return Map.copyOf(map);
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static String upper(String s) {
        return s == null ? null : s.toUpperCase(Locale.ROOT);
    }

    /** The item's event id for the per-item result, even when the item is otherwise invalid. */
    private static String bestEffortEventId(JsonNode item) {
        JsonNode node = item.get("eventId");
        if (node == null || !node.isTextual()) {
            return null;
        }
        String id = node.textValue().trim();
        if (id.isEmpty()) {
            return null;
        }
        return id.length() > ValidationRules.MAX_ID_LENGTH || !clean(id) ? null : id;
    }

    /** A rejection as control flow; no stack trace, so rejecting is as cheap as accepting. */
    static final class Reject extends RuntimeException {
        final String reason;

        Reject(String reason) {
            super(reason, null, false, false);
            this.reason = reason;
        }
    }
}
