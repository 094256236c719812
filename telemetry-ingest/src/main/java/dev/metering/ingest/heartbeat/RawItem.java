package dev.metering.ingest.heartbeat;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One item as it came out of the body: its JSON (any value), or, when it could not even be read as an
 * item (a broken NDJSON line, a CloudEvent of an unknown type), the reason it is rejected.
 */
public record RawItem(JsonNode node, String rejectReason) {

    public static RawItem of(JsonNode node) {
        return new RawItem(node, null);
    }

    public static RawItem rejected(String reason) {
        return new RawItem(null, reason);
    }
}
