package dev.metering.customer.managed.rest;

import dev.metering.customer.config.Actors;
import dev.metering.customer.managed.CustomerService;
import dev.metering.platform.security.Caller;
import dev.metering.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

/**
 * Device ingest keys of a customer (the customer's partner or an operator). The plaintext key is in
 * the issuing response only; the store and {@code customers.events} hold its SHA-256 hash.
 */
@Path("/v1/customers/{id}/ingest-keys")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.PARTNER, Roles.OPERATOR })
public class IngestKeyResource {

    private final CustomerService customers;
    private final Caller caller;

    public IngestKeyResource(CustomerService customers, Caller caller) {
        this.customers = customers;
        this.caller = caller;
    }

    public record KeyIds(List<String> items) {
    }

    @POST
    public Uni<Response> issue(@PathParam("id") String id) {
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return customers.issueIngestKey(id, Actors.of(caller)).map(k -> Response
                .created(URI.create("/v1/customers/" + id + "/ingest-keys/" + k.keyId())).entity(k)
                .cacheControl(noStore).build());
    }

    @GET
    public Uni<KeyIds> list(@PathParam("id") String id) {
        return customers.ingestKeys(id, Actors.of(caller)).map(KeyIds::new);
    }

    @DELETE
    @Path("/{keyId}")
    public Uni<Response> revoke(@PathParam("id") String id, @PathParam("keyId") String keyId) {
        return customers.revokeIngestKey(id, keyId, Actors.of(caller)).map(d -> Response.noContent().build());
    }
}
