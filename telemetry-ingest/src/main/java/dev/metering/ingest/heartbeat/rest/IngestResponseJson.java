package dev.metering.ingest.heartbeat.rest;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.metering.ingest.heartbeat.JsonBytes;
import java.util.List;

/**
 * The answer of {@code POST /v1/heartbeats} as JSON bytes, written by hand: a 1 000-item batch answers
 * with 1 000 results, and reflection-driven data binding of them cost as much as validating the items.
 * Exactly what Jackson writes for {@link IngestResponse} (components in order, a null {@code eventId} or
 * {@code reason} left out, Jackson's own string escaping for anything but plain ASCII; verified against
 * an {@code ObjectMapper} in the tests).
 */
public final class IngestResponseJson {

    private static final byte[] ACCEPTED = ascii("{\"accepted\":");
    private static final byte[] REJECTED = ascii(",\"rejected\":");
    private static final byte[] RESULTS = ascii(",\"results\":[");
    private static final byte[] INDEX = ascii("{\"index\":");
    private static final byte[] EVENT_ID = ascii(",\"eventId\":");
    private static final byte[] STATUS = ascii(",\"status\":");
    private static final byte[] REASON = ascii(",\"reason\":");
    private static final byte[] END = ascii("]}");

    private final JsonBytes out;

    private IngestResponseJson(int capacity) {
        out = new JsonBytes(capacity);
    }

    public static byte[] write(IngestResponse response) {
        List<IngestResponse.ItemResult> results = response.results();
        IngestResponseJson w = new IngestResponseJson(64 + (results == null ? 0 : results.size() * 64));
        w.put(ACCEPTED);
        w.number(response.accepted());
        w.put(REJECTED);
        w.number(response.rejected());
        if (results == null) {
            w.put(ascii(",\"results\":null}"));
            return w.bytes();
        }
        w.put(RESULTS);
        for (int i = 0, n = results.size(); i < n; i++) {
            IngestResponse.ItemResult r = results.get(i);
            if (i > 0) {
                w.put((byte) ',');
            }
            w.put(INDEX);
            w.number(r.index());
            if (r.eventId() != null) {
                w.put(EVENT_ID);
                w.string(r.eventId());
            }
            if (r.status() != null) {
                w.put(STATUS);
                w.string(r.status());
            }
            if (r.reason() != null) {
                w.put(REASON);
                w.string(r.reason());
            }
            w.put((byte) '}');
        }
        w.put(END);
        return w.bytes();
    }

    private byte[] bytes() {
        return out.toBytes();
    }

    private void number(int value) {
        if (value >= 0 && value < 10) {
            put((byte) ('0' + value));
        } else {
            put(ascii(Integer.toString(value)));
        }
    }

    /** Plain ASCII (no control characters, quote or backslash) byte by byte; anything else as Jackson quotes it. */
    private void string(String s) {
        if (!out.plainString(s)) {
            put((byte) '"');
            put(JsonStringEncoder.getInstance().quoteAsUTF8(s));
            put((byte) '"');
        }
    }

    private void put(byte c) {
        out.put(c);
    }

    private void put(byte[] bytes) {
        out.put(bytes);
    }

    private static byte[] ascii(String s) {
        return JsonBytes.ascii(s);
    }
}
