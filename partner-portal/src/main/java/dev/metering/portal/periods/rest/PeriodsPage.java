package dev.metering.portal.periods.rest;

import dev.metering.portal.api.BillingApi;
import dev.metering.portal.api.CustomerApi;
import dev.metering.portal.session.SignedIn;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The periods and their close instants S (R22), from billing's {@code GET /v1/periods}: no one reads config. */
@Path("/periods")
@Produces(MediaType.TEXT_HTML)
public class PeriodsPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance periods(CustomerApi.Me me, String page, List<BillingApi.Period> periods);
    }

    private final SignedIn signedIn;
    private final BillingApi billing;

    public PeriodsPage(SignedIn signedIn, BillingApi billing) {
        this.signedIn = signedIn;
        this.billing = billing;
    }

    @GET
    public TemplateInstance list() {
        CustomerApi.Me me = signedIn.me();
        return Templates.periods(me, "periods", billing.periods(signedIn.authorization()));
    }
}
