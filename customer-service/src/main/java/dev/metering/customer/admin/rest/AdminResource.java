package dev.metering.customer.admin.rest;

import dev.metering.customer.admin.ProjectionRebuilder;
import dev.metering.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Operator maintenance. */
@Path("/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.OPERATOR)
public class AdminResource {

    private final ProjectionRebuilder rebuilder;

    public AdminResource(ProjectionRebuilder rebuilder) {
        this.rebuilder = rebuilder;
    }

    /** Re-folds every stream into the read models ({@code partner_view}, {@code customer_view}). */
    @POST
    @Path("/projections/rebuild")
    public Uni<ProjectionRebuilder.Result> rebuild() {
        return rebuilder.rebuild();
    }
}
