package dev.metering.platform.eventstore;

import dev.metering.platform.error.ApiException;
import jakarta.ws.rs.core.EntityTag;

/**
 * HTTP optimistic concurrency on stream versions: responses carry {@code ETag: "<version>"}; a write
 * with {@code If-Match: "<version>"} is decided only if the stream is still at that version (else 409
 * {@code concurrency-conflict}, see {@link ConcurrencyConflict}).
 */
public final class ETags {

    public static final String IF_MATCH = "If-Match";

    private ETags() {
    }

    public static EntityTag of(int version) {
        return new EntityTag(Integer.toString(version));
    }

    /** The version named by an {@code If-Match} header; null when absent or {@code *} (no precondition). */
    public static Integer parseIfMatch(String header) {
        if (header == null || header.isBlank() || header.trim().equals("*")) {
            return null;
        }
        String v = header.trim();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        try {
            int version = Integer.parseInt(v);
            if (version < 0) {
                throw new NumberFormatException();
            }
            return version;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid-if-match",
                    "If-Match must be an ETag this service issued, e.g. \"3\": " + header);
        }
    }
}
