package dev.metering.psa.usage.rest;

import dev.metering.platform.error.ApiException;
import dev.metering.platform.security.Caller;
import dev.metering.platform.security.Roles;
import dev.metering.psa.usage.service.UsageService;
import dev.metering.psa.usage.store.UsageStore.Threshold;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;

/**
 * The caller partner's {@code usage.threshold} subscriptions: customer, product and threshold. When billing's
 * real-time quantity of that product first reaches the threshold, the partner's endpoints subscribed to
 * {@code usage.threshold} get one signed delivery. Another partner's customer or subscription is "not found".
 */
@Path("/v1/webhooks/usage-thresholds")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.PARTNER)
public class UsageThresholdResource {

    public record CreateThreshold(String customerId, String product, Long threshold) {
    }

    private final UsageService usage;
    private final Caller caller;

    public UsageThresholdResource(UsageService usage, Caller caller) {
        this.usage = usage;
        this.caller = caller;
    }

    @POST
    public Response create(CreateThreshold body) {
        if (body == null) {
            throw ApiException.badRequest("missing-body", "a JSON body {customerId, product, threshold} is required");
        }
        Threshold t = usage.subscribe(caller.partnerId(), body.customerId(), body.product(), body.threshold());
        return Response.status(201).entity(t).build();
    }

    @GET
    public List<Threshold> list() {
        return usage.thresholds(caller.partnerId());
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("usage threshold");
        }
        usage.unsubscribe(caller.partnerId(), uuid);
        return Response.noContent().build();
    }
}
