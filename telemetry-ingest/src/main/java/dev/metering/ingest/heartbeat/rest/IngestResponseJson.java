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

    private static final byte[] ACCEPTED = JsonBytes.ascii("{\"accepted\":");
    private static final byte[] REJECTED = JsonBytes.ascii(",\"rejected\":");
    private static final byte[] RESULTS = JsonBytes.ascii(",\"results\":[");
    private static final byte[] INDEX = JsonBytes.ascii("{\"index\":");
    private static final byte[] EVENT_ID = JsonBytes.ascii(",\"eventId\":");
    private static final byte[] STATUS = JsonBytes.ascii(",\"status\":");
    private static final byte[] REASON = JsonBytes.ascii(",\"reason\":");
    private static final byte[] END = JsonBytes.ascii("]}");

    private final JsonBytes out;

    private IngestResponseJson(int capacity) {
        out = new JsonBytes(capacity);
    }

    public static byte[] write(IngestResponse response) {
        List<IngestResponse.ItemResult> results = response.results();
        IngestResponseJson w = new IngestResponseJson(64 + (results == null ? 0 : results.size() * 64));
        w.out.put(ACCEPTED);
        w.number(response.accepted());
        w.out.put(REJECTED);
        w.number(response.rejected());
        if (results == null) {
            w.out.put(JsonBytes.ascii(",\"results\":null}"));
            return w.bytes();
        }
        w.out.put(RESULTS);
        for (int i = 0, n = results.size(); i < n; i++) {
            IngestResponse.ItemResult r = results.get(i);
            if (i > 0) {
                w.out.put((byte) ',');
            }
            w.out.put(INDEX);
            w.number(r.index());
            if (r.eventId() != null) {
                w.out.put(EVENT_ID);
                w.string(r.eventId());
            }
            if (r.status() != null) {
                w.out.put(STATUS);
                w.string(r.status());
            }
            if (r.reason() != null) {
                w.out.put(REASON);
                w.string(r.reason());
            }
            w.out.put((byte) '}');
        }
        w.out.put(END);
        return w.bytes();
    }

    private byte[] bytes() {
        return out.toBytes();
    }

    private void number(int value) {
        if (value >= 0 && value < 10) {
            out.put((byte) ('0' + value));
        } else {
            out.put(JsonBytes.ascii(Integer.toString(value)));
        }
    }

    /** Plain ASCII (no control characters, quote or backslash) byte by byte; anything else as Jackson quotes it. */
    private void string(String s) {
        if (!out.plainString(s)) {
            out.put((byte) '"');
            out.put(JsonStringEncoder.getInstance().quoteAsUTF8(s));
            out.put((byte) '"');
        }
    }
}
