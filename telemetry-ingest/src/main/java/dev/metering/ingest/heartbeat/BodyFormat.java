package dev.metering.ingest.heartbeat;

import java.util.Locale;

/** The request body formats {@code POST /v1/heartbeats} understands, by content type. */
public enum BodyFormat {
    /** One item object, or an array of item objects. */
    JSON("application/json"),
    /** One item object per line. */
    NDJSON("application/x-ndjson"),
    /** One structured-mode CloudEvent whose {@code data} is the item. */
    CLOUDEVENT("application/cloudevents+json"),
    /** An array of structured-mode CloudEvents. */
    CLOUDEVENT_BATCH("application/cloudevents-batch+json");

    private final String mediaType;

    BodyFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The format for a {@code Content-Type} header (parameters such as charset ignored), or null. */
    public static BodyFormat of(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim()
                .toLowerCase(Locale.ROOT);
        for (BodyFormat f : values()) {
            if (f.mediaType.equals(type)) {
                return f;
            }
        }
        if (type.equals("application/ndjson") || type.equals("application/jsonl")
                || type.equals("application/x-jsonlines")) {
            return NDJSON;
        }
        return null;
    }
}
