package dev.metering.platform.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure into the one {@link ErrorBody}: bad JSON, wrong content type, unknown routes,
 * validation, authentication and domain refusals are 4xx with a reason; only real faults are 5xx,
 * and those never echo internals to the caller.
 */
public class ErrorMappers {

    public static final String CORRELATION_HEADER = "X-Correlation-ID";
    /** The server's id of the request (see {@code RequestIds}); also the causation id of what it stores. */
    public static final String REQUEST_ID_HEADER = "X-Request-ID";
    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ConfigProperty(name = "metering.errors.doc-base", defaultValue = "https://metering.dev/docs/errors#")
    String docBase;

    @ServerExceptionMapper
    public Response api(ApiException e, HttpServerRequest request) {
        return build(request, e.status(), e.code(), e.getMessage(), e.fields());
    }

    @ServerExceptionMapper
    public Response domain(DomainException e, HttpServerRequest request) {
        return build(request, e.kind().status(), e.code(), e.getMessage(), null);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, HttpServerRequest request) {
        return build(request, 400, "malformed-json", "request body is not valid JSON for this endpoint: "
                + e.getOriginalMessage(), null);
    }

    /**
     * Wrong JSON types and unknown enum constants. Quarkus ships a mapper for this exception type that
     * would win over {@link #json} (it is more specific), so it is mapped here explicitly and names the field.
     */
    @ServerExceptionMapper
    public Response mismatch(MismatchedInputException e, HttpServerRequest request) {
        String field = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse(null);
        String reason = e instanceof InputGuard.RefusedValue refused ? refused.reason()
                : e instanceof InvalidFormatException f && f.getTargetType() != null && f.getTargetType().isEnum()
                ? "must be one of " + java.util.Arrays.toString(f.getTargetType().getEnumConstants())
                : "has the wrong type";
        if (field == null) {
            return build(request, 400, "malformed-json", "request body does not match the expected shape", null);
        }
        return build(request, 400, "invalid-field", field + " " + reason,
                List.of(new ErrorBody.FieldError(field, reason)));
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, HttpServerRequest request) {
        List<ErrorBody.FieldError> fields = e.getConstraintViolations().stream()
                .map(v -> new ErrorBody.FieldError(leaf(v.getPropertyPath().toString()), v.getMessage()))
                .sorted(java.util.Comparator.comparing(ErrorBody.FieldError::field)).toList();
        String message = fields.stream().map(f -> f.field() + " " + f.reason())
                .reduce((a, b) -> a + "; " + b).orElse("invalid request");
        return build(request, 400, "invalid-field", message, fields);
    }

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e, HttpServerRequest request) {
        return build(request, 401, "unauthenticated", "a valid bearer token is required", null);
    }

    @ServerExceptionMapper
    public Response badCredentials(AuthenticationFailedException e, HttpServerRequest request) {
        return build(request, 401, "unauthenticated", "the bearer token is missing, expired or not valid", null);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, HttpServerRequest request) {
        return build(request, 403, "forbidden", "the token's roles do not allow this operation", null);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, HttpServerRequest request) {
        int status = e.getResponse().getStatus();
        String code = switch (status) {
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 415 -> "unsupported-media-type";
            case 400 -> e.getCause() instanceof JsonProcessingException ? "malformed-json" : "bad-request";
            default -> status >= 500 ? "internal" : "bad-request";
        };
        String message = status >= 500 ? "internal error" : e.getMessage();
        return build(request, status, code, message, null);
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, HttpServerRequest request) {
        Response r = build(request, 500, "internal", "internal error; quote the requestId when reporting it", null);
        LOG.errorf(e, "unhandled error, requestId=%s", ((ErrorBody) r.getEntity()).requestId());
        return r;
    }

    Response build(HttpServerRequest request, int status, String code, String message,
            List<ErrorBody.FieldError> fields) {
        // both set by RequestIds before any service code runs: the caller's valid X-Correlation-ID or a new one
        String correlationId = request == null ? null : request.getHeader(CORRELATION_HEADER);
        String given = request == null ? null : request.getHeader(REQUEST_ID_HEADER);
        String requestId = given == null ? UUID.randomUUID().toString() : given;
        ErrorBody body = new ErrorBody(category(status), message, correlationId == null ? requestId : correlationId,
                code, Instant.now(), requestId, docBase + code, fields);
        Response.ResponseBuilder rb = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body);
        if (status == 401) {
            rb.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return rb.build();
    }

    static String category(int status) {
        return switch (status) {
            case 400 -> "badRequest";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "notFound";
            case 409 -> "conflict";
            case 412 -> "preconditionFailed";
            case 413 -> "payloadTooLarge";
            case 415 -> "unsupportedMediaType";
            case 429 -> "tooManyRequests";
            case 503 -> "serviceUnavailable";
            default -> status >= 500 ? "serverError" : "badRequest";
        };
    }

    private static String leaf(String path) {
        int dot = path.indexOf('.');
        // "create.arg0.name" -> "name"; keep nested paths after the parameter
        String[] parts = path.split("\\.");
        return parts.length > 2 ? String.join(".", java.util.Arrays.copyOfRange(parts, 2, parts.length))
                : dot < 0 ? path : path.substring(dot + 1);
    }
}
