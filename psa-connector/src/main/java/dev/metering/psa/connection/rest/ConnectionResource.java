package dev.metering.psa.connection.rest;

import dev.metering.platform.security.Caller;
import dev.metering.platform.security.Roles;
import dev.metering.psa.connection.service.ConnectionService;
import dev.metering.psa.connection.service.ConnectionService.ConnectionRequest;
import dev.metering.psa.connection.store.ConnectionStore.StoredConnection;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;

/** The caller's own PSA connection. Keys go in, never out: the answer only says they are stored. */
@Path("/v1/psa/connection")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.PARTNER)
public class ConnectionResource {

    public record ConnectionView(String type, String site, String companyId, String clientId,
            Integer catalogSubcategoryId, Integer catalogTypeId, String keys, Instant updatedAt) {
        static ConnectionView of(StoredConnection s) {
            return new ConnectionView(s.kind(), s.site(), s.companyId(), s.clientId(), s.catalogSubcategoryId(),
                    s.catalogTypeId(), "stored encrypted", s.updatedAt());
        }
    }

    private final ConnectionService connections;
    private final Caller caller;

    public ConnectionResource(ConnectionService connections, Caller caller) {
        this.connections = connections;
        this.caller = caller;
    }

    @PUT
    public ConnectionView put(@NotNull ConnectionRequest body) {
        return ConnectionView.of(connections.save(caller.partnerId(), caller.subject(), body));
    }

    @GET
    public ConnectionView get() {
        return ConnectionView.of(connections.require(caller.partnerId()));
    }

    @DELETE
    public Response delete() {
        connections.delete(caller.partnerId());
        return Response.noContent().build();
    }
}
