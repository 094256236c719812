package dev.metering.ingest.heartbeat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a request body into items. The JSON formats are read as a token stream, one tree per item,
 * so a batch never exists twice in memory. A body that is not readable as a whole (broken JSON, too
 * many items) fails with a {@link BodyException}; in NDJSON a broken line only rejects that line.
 * Pure: no I/O beyond the given bytes.
 */
public final class BodyParser {

    /** Items are flat; anything nested deeper than this is garbage, refused before it costs stack. */
    public static final int MAX_NESTING_DEPTH = 32;

    private final ObjectMapper mapper;
    private final int maxItems;

    public BodyParser(int maxItems) {
        this.maxItems = maxItems;
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxStringLength(64 * 1024 * 1024)
                        .maxNumberLength(1000)
                        .build())
                .build();
        this.mapper = JsonMapper.builder(factory).build();
    }

    public List<RawItem> parse(byte[] body, BodyFormat format) {
        if (format == BodyFormat.NDJSON) {
            return ndjson(body);
        }
        List<RawItem> items = new ArrayList<>();
        boolean cloudEvents = format == BodyFormat.CLOUDEVENT || format == BodyFormat.CLOUDEVENT_BATCH;
        try (JsonParser p = mapper.createParser(body)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new BodyException(400, Reasons.MALFORMED_JSON, "the body is empty");
            }
            if (first == JsonToken.START_ARRAY && format != BodyFormat.CLOUDEVENT) {
                JsonToken t;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (t == null) {
                        throw new BodyException(400, Reasons.MALFORMED_JSON, "the array is not closed");
                    }
                    if (items.size() >= maxItems) {
                        throw tooMany();
                    }
                    JsonNode node = p.readValueAsTree();
                    items.add(cloudEvents ? fromCloudEvent(node) : RawItem.of(node));
                }
            } else if (format == BodyFormat.CLOUDEVENT_BATCH) {
                throw new BodyException(400, Reasons.MALFORMED_JSON, "a CloudEvents batch must be a JSON array");
            } else {
                JsonNode node = p.readValueAsTree();
                items.add(cloudEvents ? fromCloudEvent(node) : RawItem.of(node));
            }
            if (p.nextToken() != null) {
                throw new BodyException(400, Reasons.MALFORMED_JSON, "unexpected content after the JSON value");
            }
        } catch (JsonProcessingException e) {
            throw new BodyException(400, Reasons.MALFORMED_JSON, "the body is not valid JSON: "
                    + summary(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new BodyException(400, Reasons.MALFORMED_JSON, "the body could not be read");
        }
        return items;
    }

    /** One JSON value per line; blank lines are skipped; a broken line rejects only itself. */
    private List<RawItem> ndjson(byte[] body) {
        List<RawItem> items = new ArrayList<>();
        int start = 0;
        int n = body.length;
        while (start < n) {
            int end = start;
            while (end < n && body[end] != '\n') {
                end++;
            }
            int lineEnd = end;
            if (lineEnd > start && body[lineEnd - 1] == '\r') {
                lineEnd--;
            }
            if (!blank(body, start, lineEnd)) {
                if (items.size() >= maxItems) {
                    throw tooMany();
                }
                JsonNode node = readSingle(body, start, lineEnd - start);
                items.add(node == null ? RawItem.rejected(Reasons.MALFORMED_JSON) : RawItem.of(node));
            }
            start = end + 1;
        }
        return items;
    }

    /** Exactly one JSON value in the slice, or null. */
    public JsonNode readSingle(byte[] bytes, int offset, int length) {
        try (JsonParser p = mapper.createParser(bytes, offset, length)) {
            if (p.nextToken() == null) {
                return null;
            }
            JsonNode node = p.readValueAsTree();
            return p.nextToken() == null ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * A structured-mode CloudEvent as an item: {@code data} supplies the fields, the {@code type}
     * (a telemetry event type such as {@code metering.telemetry.v1.device-heartbeat}) supplies
     * {@code kind}, and the envelope {@code id} is the {@code eventId} unless {@code data} has one.
     */
    public static RawItem fromCloudEvent(JsonNode envelope) {
        if (envelope == null || !envelope.isObject()) {
            return RawItem.rejected(Reasons.MALFORMED_ITEM);
        }
        JsonNode type = envelope.get("type");
        if (type == null || type.isNull()) {
            return RawItem.rejected(Reasons.of(Reasons.MISSING_FIELD, "type"));
        }
        HeartbeatKind kind = type.isTextual() ? HeartbeatKind.fromEventType(type.textValue().trim()) : null;
        if (kind == null) {
            return RawItem.rejected(Reasons.UNKNOWN_EVENT_TYPE);
        }
        JsonNode data = envelope.get("data");
        if (data == null || data.isNull()) {
            return RawItem.rejected(Reasons.of(Reasons.MISSING_FIELD, "data"));
        }
        if (!data.isObject()) {
            return RawItem.rejected(Reasons.of(Reasons.INVALID_TYPE, "data"));
        }
        return RawItem.of(asItem(kind, (ObjectNode) data, envelope.get("id")));
    }

    /** The fields of a CloudEvent's data plus {@code kind}, and {@code eventId} defaulted from the envelope id. */
    public static ObjectNode asItem(HeartbeatKind kind, ObjectNode data, JsonNode envelopeId) {
        ObjectNode item = data.deepCopy();
        item.put("kind", kind.wireName());
        JsonNode eventId = item.get("eventId");
        if ((eventId == null || eventId.isNull()) && envelopeId != null && envelopeId.isTextual()) {
            item.set("eventId", envelopeId);
        }
        return item;
    }

    private BodyException tooMany() {
        return new BodyException(413, "too-many-items", "a request may carry at most " + maxItems + " items");
    }

    private static boolean blank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c != ' ' && c != '\t' && c != '\r') {
                return false;
            }
        }
        return true;
    }

    /** Parser messages can quote input; keep them short so a client's garbage is not echoed at length. */
    private static String summary(String message) {
        if (message == null) {
            return "unreadable";
        }
        StringBuilder sb = new StringBuilder(Math.min(message.length(), 203));
        for (int i = 0; i < message.length() && sb.length() < 200; i++) {
            char c = message.charAt(i);
            sb.append(c < 0x20 || Character.isSurrogate(c) ? '?' : c);
        }
        return message.length() > 200 ? sb.append("...").toString() : sb.toString();
    }
}
