package dev.metering.platform.security;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** {@code GET /v1/me}: what the platform reads from the caller's token. Every service serves it. */
@Path("/v1/me")
@Produces(MediaType.APPLICATION_JSON)
public class WhoAmIResource {

    private final JsonWebToken jwt;

    @Inject
    public WhoAmIResource(JsonWebToken jwt) {
        this.jwt = jwt;
    }

    public record Me(String subject, String partnerId, String distributorId, Set<String> roles) {
    }

    @GET
    @RolesAllowed({ Roles.PARTNER, Roles.DISTRIBUTOR, Roles.OPERATOR })
    public Me me() {
        return new Me(jwt.getSubject(), jwt.getClaim(Roles.PARTNER_CLAIM), jwt.getClaim(Roles.DISTRIBUTOR_CLAIM),
                new TreeSet<>(jwt.getGroups()));
    }
}
