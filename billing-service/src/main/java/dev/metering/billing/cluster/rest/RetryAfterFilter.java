package dev.metering.billing.cluster.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * billing's 503s are refusals for now (partitions moving between instances, an owner catching up), not faults:
 * each tells the client when to try again.
 */
@Provider
public class RetryAfterFilter implements ContainerResponseFilter {

    static final String SECONDS = "2";

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() == 503 && !response.getHeaders().containsKey(HttpHeaders.RETRY_AFTER)) {
            response.getHeaders().putSingle(HttpHeaders.RETRY_AFTER, SECONDS);
        }
    }
}
