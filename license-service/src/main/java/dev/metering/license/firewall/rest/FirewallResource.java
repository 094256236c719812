package dev.metering.license.firewall.rest;

import dev.metering.contracts.telemetry.FirewallSubscription;
import dev.metering.license.firewall.FirewallService;
import dev.metering.license.firewall.FirewallState;
import dev.metering.license.firewall.projection.FirewallProjection.FirewallRow;
import dev.metering.platform.eventstore.ETags;
import dev.metering.platform.security.Caller;
import dev.metering.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;

/**
 * R13, R15: firewalls registered for Flex (monthly) billing by applying the key of a zero-cost
 * EnterpriseGuard or FullGuard monthly SKU to an SFOS appliance's serial number.
 */
@Path("/v1/customers/{customerId}/firewalls")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.PARTNER)
public class FirewallResource {

    private final FirewallService firewalls;
    private final Caller caller;

    public FirewallResource(FirewallService firewalls, Caller caller) {
        this.firewalls = firewalls;
        this.caller = caller;
    }

    /** {@code sku}: the Flex SKU whose key is applied; {@code firmwareVersion}: e.g. "SFOS 21.0.0" (R15). */
    public record RegisterRequest(String sku, String firmwareVersion) {
    }

    public record FirewallView(String serialNumber, String customerId, FirewallSubscription subscription,
            String productCode, Instant registeredAt) {

        static FirewallView of(FirewallRow r) {
            return new FirewallView(r.serialNumber(), r.customerId(), r.subscription(), r.subscription().product()
                    .name(), r.registeredAt());
        }

        static FirewallView of(FirewallState.Registered r) {
            return new FirewallView(r.serialNumber(), r.customerId(), r.subscription(), r.subscription().product()
                    .name(), r.since());
        }
    }

    @GET
    public Uni<List<FirewallView>> list(@PathParam("customerId") String customerId) {
        return firewalls.list(customerId, caller.partnerId())
                .map(rows -> rows.stream().map(FirewallView::of).toList());
    }

    @PUT
    @Path("/{serialNumber}")
    public Uni<Response> register(@PathParam("customerId") String customerId,
            @PathParam("serialNumber") String serialNumber, @NotNull RegisterRequest body) {
        return firewalls.register(customerId, caller.partnerId(), serialNumber, body.sku(), body.firmwareVersion())
                .map(d -> Response.ok(FirewallView.of((FirewallState.Registered) d.state()))
                        .tag(ETags.of(d.version())).build());
    }

    @DELETE
    @Path("/{serialNumber}")
    public Uni<Response> deregister(@PathParam("customerId") String customerId,
            @PathParam("serialNumber") String serialNumber) {
        return firewalls.deregister(customerId, caller.partnerId(), serialNumber)
                .map(d -> Response.noContent().build());
    }
}
