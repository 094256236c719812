package dev.metering.portal.session.rest;

import dev.metering.portal.config.PortalConfig;
import dev.metering.portal.session.DevTokens;
import dev.metering.portal.session.OidcSignIn;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.QueryParam;
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
 * Sign-in and sign-out. Production signs in through an OIDC provider ({@link OidcSignIn}); dev and test
 * profiles (and {@code bin/platform}) may also sign in on a page that issues the dev tokens. The token lives in an HttpOnly, SameSite=Strict
 * cookie; the pages pass it on as the bearer token of every API call.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class SignInResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance signIn(boolean devSignIn, boolean oidc, String error);

        static native TemplateInstance signedIn();

        static native TemplateInstance refused(int status, String code, String message);
    }

    private final DevTokens devTokens;
    private final OidcSignIn oidc;
    private final PortalConfig config;

    public SignInResource(DevTokens devTokens, OidcSignIn oidc, PortalConfig config) {
        this.devTokens = devTokens;
        this.oidc = oidc;
        this.config = config;
    }

    @GET
    @Path("/sign-in")
    public Response page() {
        boolean any = devTokens.enabled() || oidc.enabled();
        return Response.status(any ? 200 : 404)
                .entity(Templates.signIn(devTokens.enabled(), oidc.enabled(), null)).build();
    }

    /** OIDC: off to the provider, with this sign-in's state, nonce and PKCE verifier in a short-lived cookie. */
    @GET
    @Path("/sign-in/oidc")
    public Response startOidc() {
        if (!oidc.enabled()) {
            return Response.status(404).entity(Templates.signIn(devTokens.enabled(), false, null)).build();
        }
        try {
            OidcSignIn.Start start = oidc.start();
            return Response.seeOther(start.authorize()).cookie(flowCookie(start.flowCookie(), false)).build();
        } catch (OidcSignIn.Refused e) {
            return refused(e);
        }
    }

    /**
     * OIDC: the provider sends the browser back here. On success the session cookie holds the person's access
     * token; the answer is a page that moves on to {@code /} by itself, because a SameSite=Strict cookie set
     * during the provider's cross-site redirect would not be sent on a redirect that continues it.
     */
    @GET
    @Path(OidcSignIn.CALLBACK_PATH)
    public Response callback(@QueryParam("code") String code, @QueryParam("state") String state,
            @QueryParam("error") String error, @CookieParam(OidcSignIn.FLOW_COOKIE) String flow) {
        if (!oidc.enabled()) {
            return Response.status(404).entity(Templates.signIn(devTokens.enabled(), false, null)).build();
        }
        try {
            OidcSignIn.SignedInPerson signedIn = oidc.finish(code, state, error, flow);
            return Response.ok(Templates.signedIn()).cookie(cookie(signedIn.accessToken(), false),
                    flowCookie("", true)).build();
        } catch (OidcSignIn.Refused e) {
            return refused(e);
        }
    }

    private Response refused(OidcSignIn.Refused e) {
        return Response.status(e.status()).entity(Templates.refused(e.status(), e.code(), e.getMessage()))
                .cookie(flowCookie("", true)).build();
    }

    private NewCookie flowCookie(String value, boolean expire) {
        // Lax: it must come back on the provider's cross-site redirect to the callback
        return new NewCookie.Builder(OidcSignIn.FLOW_COOKIE).value(value).path("/sign-in").httpOnly(true)
                .secure(config.session().secure()).sameSite(NewCookie.SameSite.LAX)
                .maxAge(expire ? 0 : (int) config.oidc().flowTimeout().toSeconds()).build();
    }

    @POST
    @Path("/sign-in")
    @jakarta.ws.rs.Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signIn(@FormParam("role") String role, @FormParam("id") String id) {
        if (!devTokens.enabled()) {
            return Response.status(404).entity(Templates.signIn(false, oidc.enabled(), null)).build();
        }
        DevTokens.Role r;
        try {
            r = DevTokens.Role.valueOf(role == null ? "" : role.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Response.status(400).entity(Templates.signIn(true, oidc.enabled(), "Choose partner, distributor or operator."))
                    .build();
        }
        String name = id == null ? "" : id.trim();
        if (r != DevTokens.Role.OPERATOR && !name.matches("[A-Za-z0-9._-]{1,64}")) {
            return Response.status(400).entity(Templates.signIn(true, oidc.enabled(),
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
