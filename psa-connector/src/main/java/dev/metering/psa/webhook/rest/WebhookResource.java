package dev.metering.psa.webhook.rest;

import dev.metering.platform.error.ApiException;
import dev.metering.platform.security.Caller;
import dev.metering.platform.security.Roles;
import dev.metering.psa.webhook.service.WebhookService;
import dev.metering.psa.webhook.service.WebhookService.Owner;
import dev.metering.psa.webhook.store.WebhookStore.Attempt;
import dev.metering.psa.webhook.store.WebhookStore.Delivery;
import dev.metering.psa.webhook.store.WebhookStore.Endpoint;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Webhook endpoints of the caller's own tenant: a partner token manages its partner's endpoints, a
 * distributor token its distributor's. Another tenant's endpoint is "not found".
 */
@Path("/v1/webhooks/endpoints")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.PARTNER, Roles.DISTRIBUTOR })
public class WebhookResource {

    public record CreateEndpoint(@NotNull String url, @NotNull List<String> eventTypes) {
    }

    /** {@code secret} (whsec_...) is shown once, in the answer to the creation, and never again. */
    public record EndpointView(UUID id, String url, List<String> eventTypes, boolean enabled, Instant createdAt,
            String secret) {
        static EndpointView of(Endpoint e, String secret) {
            return new EndpointView(e.id(), e.url(), e.eventTypes(), e.enabled(), e.createdAt(), secret);
        }
    }

    public record DeliveryView(String id, String eventType, String eventKey, String status, int attempts,
            Instant nextAttemptAt, Integer lastStatusCode, String lastError, Instant createdAt, Instant deliveredAt,
            List<Attempt> log) {
    }

    private final WebhookService webhooks;
    private final Caller caller;

    public WebhookResource(WebhookService webhooks, Caller caller) {
        this.webhooks = webhooks;
        this.caller = caller;
    }

    @POST
    public Response create(@NotNull CreateEndpoint body) {
        WebhookService.CreatedEndpoint created = webhooks.create(owner(), body.url(), body.eventTypes());
        return Response.status(201).entity(EndpointView.of(created.endpoint(), created.secret())).build();
    }

    @GET
    public List<EndpointView> list() {
        return webhooks.endpoints(owner()).stream().map(e -> EndpointView.of(e, null)).toList();
    }

    @GET
    @Path("/{id}")
    public EndpointView get(@PathParam("id") String id) {
        return EndpointView.of(webhooks.endpoint(owner(), uuid(id)), null);
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        webhooks.delete(owner(), uuid(id));
        return Response.noContent().build();
    }

    /** The delivery log: every delivery of this endpoint with each attempt's status and error. */
    @GET
    @Path("/{id}/deliveries")
    public List<DeliveryView> deliveries(@PathParam("id") String id) {
        return webhooks.deliveries(owner(), uuid(id)).stream().map(this::view).toList();
    }

    /** Sends the same message (same webhook-id) again now, with a fresh retry window. */
    @POST
    @Path("/{id}/deliveries/{deliveryId}/replay")
    public Response replay(@PathParam("id") String id, @PathParam("deliveryId") String deliveryId) {
        return Response.accepted(view(webhooks.replay(owner(), uuid(id), deliveryId))).build();
    }

    private DeliveryView view(Delivery d) {
        return new DeliveryView(d.id(), d.eventType(), d.eventKey(), d.status(), d.attempts(), d.nextAttemptAt(),
                d.lastStatusCode(), d.lastError(), d.createdAt(), d.deliveredAt(), webhooks.attempts(d.id()));
    }

    private Owner owner() {
        if (caller.isPartner()) {
            return new Owner(WebhookService.PARTNER, caller.partnerId());
        }
        return new Owner(WebhookService.DISTRIBUTOR, caller.distributorId());
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("webhook endpoint");
        }
    }
}
