package dev.metering.portal.usage.rest;

import dev.metering.portal.api.PartnerBillingApi;
import dev.metering.portal.session.SignedIn;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * The data of the usage page's 60-day chart: billing's {@code GET /v1/usage/daily} for the signed-in partner
 * (with the person's own token), passed on as billing's JSON text, read by the page's small inline script.
 */
@Path("/usage/daily")
public class DailyChart {

    static final int DAYS = 60;

    private final SignedIn signedIn;
    private final PartnerBillingApi billing;

    public DailyChart(SignedIn signedIn, PartnerBillingApi billing) {
        this.signedIn = signedIn;
        this.billing = billing;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String daily(@QueryParam("at") String at) {
        return billing.dailyJson(signedIn.authorization(), DAYS, at == null || at.isBlank() ? null : at.trim());
    }
}
