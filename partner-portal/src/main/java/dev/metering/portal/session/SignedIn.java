package dev.metering.portal.session;

import dev.metering.portal.api.CustomerApi;
import dev.metering.portal.config.PortalConfig;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * The person behind this request: the bearer token from the session cookie, and who the platform says it is
 * ({@code GET /v1/me}, so the services verify the token, not the portal). The portal passes this token, and
 * never one of its own, to every API it calls.
 */
@RequestScoped
public class SignedIn {

    private final HttpHeaders headers;
    private final PortalConfig config;
    private final CustomerApi customers;
    private CustomerApi.Me me;

    public SignedIn(HttpHeaders headers, PortalConfig config, CustomerApi customers) {
        this.headers = headers;
        this.config = config;
        this.customers = customers;
    }

    /** {@code Bearer <token>}, for the Authorization header of the calls made for this person. */
    public String authorization() {
        Cookie cookie = headers.getCookies().get(config.session().cookieName());
        if (cookie == null || cookie.getValue() == null || cookie.getValue().isBlank()) {
            throw new NotSignedIn();
        }
        return "Bearer " + cookie.getValue();
    }

    public CustomerApi.Me me() {
        if (me == null) {
            try {
                me = customers.me(authorization());
            } catch (WebApplicationException e) {
                if (e.getResponse().getStatus() == 401) {
                    throw new NotSignedIn();
                }
                throw e;
            }
        }
        return me;
    }
}
