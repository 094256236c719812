package dev.metering.portal.session.rest;

import dev.metering.portal.session.NotSignedIn;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * What a page shows when an API says no: 404 (another partner's customer is "not found", as the API says) and
 * 403 as pages of their own, 401 (expired or no token) back to sign-in, anything else as an error page.
 */
public class PageErrors {

    private static final Logger LOG = Logger.getLogger(PageErrors.class);

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance error(int status, String title, String message);
    }

    @ServerExceptionMapper
    public Response notSignedIn(NotSignedIn e) {
        return Response.seeOther(URI.create("/sign-in")).build();
    }

    @ServerExceptionMapper
    public Response api(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return switch (status) {
            case 401 -> Response.seeOther(URI.create("/sign-in")).build();
            case 404 -> page(404, "Not found", "There is no such page, or it is not yours to see.");
            case 403 -> page(403, "Not allowed", "Your account's role does not allow this page.");
            case 400 -> page(400, "Bad request", "The request was not valid: check the values you entered.");
            default -> {
                LOG.warnf("a page failed: HTTP %d from %s", status, e.getClass().getSimpleName());
                yield page(502, "Something went wrong", "A service did not answer as expected (HTTP " + status
                        + "). Try again in a moment.");
            }
        };
    }

    private static Response page(int status, String title, String message) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE)
                .entity(Templates.error(status, title, message)).build();
    }
}
