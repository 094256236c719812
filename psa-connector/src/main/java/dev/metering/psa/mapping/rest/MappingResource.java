package dev.metering.psa.mapping.rest;

import dev.metering.platform.security.Caller;
import dev.metering.platform.security.Roles;
import dev.metering.psa.mapping.service.MappingService;
import dev.metering.psa.mapping.service.MappingService.Suggestion;
import dev.metering.psa.mapping.store.MappingStore.CustomerMapping;
import dev.metering.psa.mapping.store.MappingStore.ProductMapping;
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
import java.util.Collection;
import java.util.List;

/** The caller's customer ↔ PSA company/agreement and product ↔ catalog item mappings. */
@Path("/v1/psa")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.PARTNER)
public class MappingResource {

    public record ConfirmMapping(@NotNull Long companyId, @NotNull Long agreementId) {
    }

    public record MapProduct(@NotNull Long catalogItemId, String identifier) {
    }

    private final MappingService mappings;
    private final Caller caller;

    public MappingResource(MappingService mappings, Caller caller) {
        this.mappings = mappings;
        this.caller = caller;
    }

    /** Every customer of the partner with its confirmed mapping or a suggested PSA company and its agreements. */
    @GET
    @Path("/customer-mappings")
    public List<Suggestion> customerMappings() {
        return mappings.suggestions(caller.partnerId());
    }

    @PUT
    @Path("/customer-mappings/{customerId}")
    public CustomerMapping confirm(@PathParam("customerId") String customerId, @NotNull ConfirmMapping body) {
        return mappings.confirm(caller.partnerId(), caller.subject(), customerId, body.companyId(), body.agreementId());
    }

    @DELETE
    @Path("/customer-mappings/{customerId}")
    public Response remove(@PathParam("customerId") String customerId) {
        mappings.remove(caller.partnerId(), customerId);
        return Response.noContent().build();
    }

    @GET
    @Path("/product-mappings")
    public Collection<ProductMapping> products() {
        return mappings.products(caller.partnerId()).values();
    }

    @PUT
    @Path("/product-mappings/{product}")
    public ProductMapping mapProduct(@PathParam("product") String product, @NotNull MapProduct body) {
        return mappings.mapProduct(caller.partnerId(), product, body.catalogItemId(), body.identifier());
    }
}
