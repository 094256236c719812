package dev.metering.platform.audit;

import dev.metering.contracts.Json;
import dev.metering.platform.error.ErrorBody;
import dev.metering.platform.error.ErrorMappers;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The first handler of every HTTP request, in every service:
 * <ul>
 * <li>takes the caller's {@code X-Correlation-ID} (or generates one) and returns it as
 * {@code X-Correlation-ID} on every answer; error bodies and stored events carry the same id;</li>
 * <li>gives the request its own id ({@link #REQUEST_ID_HEADER}, the error body's {@code requestId} and the
 * {@code causationId} of the events it causes);</li>
 * <li>refuses a malformed {@code X-Correlation-ID} (longer than {@value #MAX_CORRELATION_ID} characters or
 * anything but visible ASCII) with 400 {@code invalid-correlation-id}, and a path or query holding NUL,
 * control characters or unpaired surrogates with 400 {@code invalid-characters}, before any service code
 * (or database) sees them.</li>
 * </ul>
 */
@ApplicationScoped
public class RequestIds {

    /** The server's id of one request, set here (a value sent by a client is replaced). */
    public static final String REQUEST_ID_HEADER = ErrorMappers.REQUEST_ID_HEADER;
    public static final int MAX_CORRELATION_ID = 128;

    @ConfigProperty(name = "metering.errors.doc-base", defaultValue = "https://metering.dev/docs/errors#")
    String docBase;

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 10).handler(this::handle);
    }

    void handle(RoutingContext rc) {
        String requestId = UUID.randomUUID().toString();
        String given = rc.request().getHeader(ErrorMappers.CORRELATION_HEADER);
        boolean valid = given == null || isValidCorrelationId(given);
        String correlationId = given != null && valid ? given : requestId;
        rc.request().headers().set(ErrorMappers.CORRELATION_HEADER, correlationId);
        rc.request().headers().set(REQUEST_ID_HEADER, requestId);
        rc.response().putHeader(ErrorMappers.CORRELATION_HEADER, correlationId);
        if (!valid) {
            refuse(rc, "invalid-correlation-id", "X-Correlation-ID must be 1-" + MAX_CORRELATION_ID
                    + " visible ASCII characters", correlationId, requestId);
            return;
        }
        if (!TextValues.isClean(decoded(rc.request().path()))) {
            refuse(rc, "invalid-characters", "the path holds NUL, control characters or unpaired surrogates",
                    correlationId, requestId);
            return;
        }
        String query = rc.request().query();
        if (query != null && !queryIsClean(query)) {
            refuse(rc, "invalid-characters", "the query holds NUL, control characters or unpaired surrogates",
                    correlationId, requestId);
            return;
        }
        rc.next();
    }

    public static boolean isValidCorrelationId(String id) {
        if (id.isEmpty() || id.length() > MAX_CORRELATION_ID) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static boolean queryIsClean(String query) {
        try {
            for (var e : new QueryStringDecoder(query, false).parameters().entrySet()) {
                if (!TextValues.isClean(e.getKey())) {
                    return false;
                }
                for (String v : e.getValue()) {
                    if (!TextValues.isClean(v)) {
                        return false;
                    }
                }
            }
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String decoded(String path) {
        try {
            return QueryStringDecoder.decodeComponent(path);
        } catch (IllegalArgumentException e) {
            return "\u0000";
        }
    }

    private void refuse(RoutingContext rc, String code, String message, String correlationId, String requestId) {
        ErrorBody body = new ErrorBody("badRequest", message, correlationId, code, Instant.now(), requestId,
                docBase + code, (List<ErrorBody.FieldError>) null);
        String json;
        try {
            json = Json.mapper().writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        rc.response().setStatusCode(400).putHeader("Content-Type", "application/json").end(json);
    }
}
