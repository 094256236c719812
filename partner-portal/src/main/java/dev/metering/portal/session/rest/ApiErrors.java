package dev.metering.portal.session.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.WebApplicationException;

/** The message of the platform's one error body, for showing on a page. */
public final class ApiErrors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ApiErrors() {
    }

    public static String message(WebApplicationException e) {
        try {
            String body = e.getResponse().readEntity(String.class);
            JsonNode node = JSON.readTree(body);
            if (node != null && node.hasNonNull("message")) {
                return node.get("message").asText();
            }
        } catch (RuntimeException | java.io.IOException ignored) {
            // fall through to the status
        }
        return "HTTP " + e.getResponse().getStatus();
    }
}
