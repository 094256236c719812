package dev.metering.portal.session.rest;

import dev.metering.portal.api.CustomerApi;
import dev.metering.portal.session.SignedIn;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** The start page by role: a partner's usage, everyone else's invoices. */
@Path("/")
public class HomeResource {

    private final SignedIn signedIn;

    public HomeResource(SignedIn signedIn) {
        this.signedIn = signedIn;
    }

    @GET
    public Response home() {
        CustomerApi.Me me = signedIn.me();
        return Response.seeOther(URI.create(me.partner() ? "/usage" : "/invoices")).build();
    }
}
