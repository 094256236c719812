package dev.metering.ingest.heartbeat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Turns one record of {@code telemetry.heartbeats.raw} into an outcome. Pure: the caller reads and
 * writes Kafka.
 *
 * <p>The record's value is one item: a plain item object (with {@code kind}), a binary-mode CloudEvent
 * ({@code ce_type} header with a telemetry type, value = data) or a structured-mode CloudEvent. The
 * record's key is the customer id (gateways are trusted producers, authenticated by the broker's ACLs
 * on the raw topic); without a key the item's {@code customerId} names it. Either way the customer must
 * hold at least one live ingest key, so revoking a customer's keys stops its gateway telemetry too.
 */
public final class RawRecordProcessor {

    private static final String CE_TYPE = "ce_type";
    private static final String CE_ID = "ce_id";

    private final BodyParser parser;
    private final HeartbeatValidator validator;
    private final Predicate<String> activeCustomer;

    public RawRecordProcessor(BodyParser parser, HeartbeatValidator validator, Predicate<String> activeCustomer) {
        this.parser = parser;
        this.validator = validator;
        this.activeCustomer = activeCustomer;
    }

    public ItemOutcome process(String key, Map<String, byte[]> headers, byte[] value, Instant receivedAt) {
        if (value == null || value.length == 0) {
            return new ItemOutcome.Rejected(null, null, Reasons.EMPTY_VALUE);
        }
        JsonNode node = parser.readSingle(value, 0, value.length);
        JsonNode item;
        byte[] ceType = headers.get(CE_TYPE);
        if (ceType != null) {
            HeartbeatKind kind = HeartbeatKind.fromEventType(new String(ceType, StandardCharsets.UTF_8).trim());
            if (kind == null) {
                return new ItemOutcome.Rejected(null, null, Reasons.UNKNOWN_EVENT_TYPE);
            }
            if (node == null) {
                return new ItemOutcome.Rejected(null, kind, Reasons.MALFORMED_JSON);
            }
            if (!node.isObject()) {
                return new ItemOutcome.Rejected(null, kind, Reasons.MALFORMED_ITEM);
            }
            byte[] ceId = headers.get(CE_ID);
            JsonNode id = ceId == null ? null
                    : com.fasterxml.jackson.databind.node.TextNode.valueOf(new String(ceId, StandardCharsets.UTF_8));
            item = BodyParser.asItem(kind, (ObjectNode) node, id);
        } else if (node == null) {
            return new ItemOutcome.Rejected(null, null, Reasons.MALFORMED_JSON);
        } else if (node.isObject() && node.has("specversion")) {
            RawItem raw = BodyParser.fromCloudEvent(node);
            if (raw.rejectReason() != null) {
                return new ItemOutcome.Rejected(null, null, raw.rejectReason());
            }
            item = raw.node();
        } else {
            item = node;
        }
        String customer = key == null || key.isBlank() ? null : key.trim();
        if (customer != null && customer.length() > ValidationRules.MAX_ID_LENGTH) {
            return new ItemOutcome.Rejected(null, null, Reasons.of(Reasons.TOO_LONG, "customerId"));
        }
        ItemOutcome outcome = validator.validate(item, customer, receivedAt);
        if (outcome instanceof ItemOutcome.Accepted a && !activeCustomer.test(a.event().customerId())) {
            return new ItemOutcome.Rejected(a.eventId(), a.kind(), Reasons.UNKNOWN_CUSTOMER);
        }
        return outcome;
    }
}
