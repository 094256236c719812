package dev.metering.portal.session.rest;

import dev.metering.portal.config.PortalConfig;
import dev.metering.portal.session.DevTokens;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Locale;

/**
 * Sign-in and sign-out. Dev and test profiles (and {@code bin/platform}) sign in on a page that issues the dev
 * tokens; anywhere else the page says so and issues nothing. The token lives in an HttpOnly, SameSite=Strict
 * cookie; the pages pass it on as the bearer token of every API call.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class SignInResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance signIn(boolean devSignIn, String error);
    }

    private final DevTokens devTokens;
    private final PortalConfig config;

    public SignInResource(DevTokens devTokens, PortalConfig config) {
        this.devTokens = devTokens;
        this.config = config;
    }

    @GET
    @Path("/sign-in")
    public Response page() {
        return Response.status(devTokens.enabled() ? 200 : 404)
                .entity(Templates.signIn(devTokens.enabled(), null)).build();
    }

    @POST
    @Path("/sign-in")
    @jakarta.ws.rs.Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signIn(@FormParam("role") String role, @FormParam("id") String id) {
        if (!devTokens.enabled()) {
            return Response.status(404).entity(Templates.signIn(false, null)).build();
        }
        DevTokens.Role r;
        try {
            r = DevTokens.Role.valueOf(role == null ? "" : role.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Response.status(400).entity(Templates.signIn(true, "Choose partner, distributor or operator."))
                    .build();
        }
        String name = id == null ? "" : id.trim();
        if (r != DevTokens.Role.OPERATOR && !name.matches("[A-Za-z0-9._-]{1,64}")) {
            return Response.status(400).entity(Templates.signIn(true,
                    "A partner or distributor signs in with its id (letters, digits, . _ -).")).build();
        }
        return Response.seeOther(URI.create("/")).cookie(cookie(devTokens.issue(r, name), false)).build();
    }

    @POST
    @Path("/sign-out")
    public Response signOut() {
        return Response.seeOther(URI.create("/sign-in")).cookie(cookie("", true)).build();
    }

    private NewCookie cookie(String value, boolean expire) {
        return new NewCookie.Builder(config.session().cookieName()).value(value).path("/").httpOnly(true)
                .secure(config.session().secure()).sameSite(NewCookie.SameSite.STRICT)
                .maxAge(expire ? 0 : (int) config.session().maxAge().toSeconds()).build();
    }
}
