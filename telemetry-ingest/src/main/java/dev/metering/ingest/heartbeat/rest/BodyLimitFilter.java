package dev.metering.ingest.heartbeat.rest;

import dev.metering.ingest.config.IngestConfig;
import dev.metering.platform.error.ApiException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Refuses an oversized ingest body from its Content-Length before it is read (413 in the one error
 * body), and tells clients of a 503 when to come back.
 */
public class BodyLimitFilter {

    private final IngestConfig config;

    public BodyLimitFilter(IngestConfig config) {
        this.config = config;
    }

    @ServerRequestFilter(preMatching = true)
    public void checkLength(ContainerRequestContext request) {
        if (!"POST".equals(request.getMethod()) || !request.getUriInfo().getPath().startsWith("/v1/heartbeats")) {
            return;
        }
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return;
        }
        try {
            if (Long.parseLong(length.trim()) > config.http().maxBodyBytes()) {
                throw tooLarge(config.http().maxBodyBytes());
            }
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("bad-request", "Content-Length is not a number");
        }
    }

    @ServerResponseFilter
    public void retryAfter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() == 503 && !response.getHeaders().containsKey("Retry-After")) {
            response.getHeaders().putSingle("Retry-After", Integer.toString(config.http().retryAfterSeconds()));
        }
    }

    static ApiException tooLarge(long max) {
        return new ApiException(413, "payload-too-large", "a request body may be at most " + max + " bytes");
    }
}
