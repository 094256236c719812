package dev.metering.portal.invoices.rest;

import dev.metering.portal.api.CustomerApi;
import dev.metering.portal.api.PartnerBillingApi;
import dev.metering.portal.session.SignedIn;
import dev.metering.portal.session.rest.Links;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The open period's invoice as it would be if the period closed now, or at an instant (billing's
 * {@code GET /v1/invoices/preview}): its lines, totals per product and category, and the drill-down to the units
 * of each line. While billing cannot reach every partition's owner it says so and when to retry.
 */
@Path("/invoices/preview")
@Produces(MediaType.TEXT_HTML)
public class InvoicePreviewPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance preview(CustomerApi.Me me, String page, PartnerBillingApi.Preview preview,
                String period, String at, String query);

        static native TemplateInstance unavailable(CustomerApi.Me me, String page, String retryAfter);
    }

    private final SignedIn signedIn;
    private final PartnerBillingApi billing;

    public InvoicePreviewPage(SignedIn signedIn, PartnerBillingApi billing) {
        this.signedIn = signedIn;
        this.billing = billing;
    }

    @GET
    public Response preview(@QueryParam("period") String period, @QueryParam("at") String at) {
        CustomerApi.Me me = signedIn.me();
        try {
            PartnerBillingApi.Preview p = billing.preview(signedIn.authorization(), blankToNull(period),
                    blankToNull(at));
            String query = Links.to("", "period", period, "at", at);
            return Response.ok(Templates.preview(me, "invoices", p, period, at, query)).build();
        } catch (WebApplicationException e) {
            return unavailable(me, e);
        }
    }

    @GET
    @Path("/lines/{customerId}/{product}")
    public Response units(@PathParam("customerId") String customerId, @PathParam("product") String product,
            @QueryParam("period") String period, @QueryParam("at") String at) {
        CustomerApi.Me me = signedIn.me();
        try {
            PartnerBillingApi.Preview p = billing.preview(signedIn.authorization(), blankToNull(period),
                    blankToNull(at));
            return Response.ok(InvoiceLinesPage.Templates.units(me, "invoices", InvoiceLinesPage.units(
                    "Invoice preview " + p.period(), "/invoices/preview" + Links.to("", "period", period, "at", at),
                    p.invoice(), p.evidence(), customerId, product))).build();
        } catch (WebApplicationException e) {
            return unavailable(me, e);
        }
    }

    /** billing's 503 (a partition without owner): a page that says when to retry; anything else as usual. */
    private static Response unavailable(CustomerApi.Me me, WebApplicationException e) {
        if (e.getResponse().getStatus() != 503) {
            throw e;
        }
        String retryAfter = e.getResponse().getHeaderString("Retry-After");
        String seconds = retryAfter == null || !retryAfter.matches("\\d{1,4}") ? "5" : retryAfter;
        return Response.status(503).header("Retry-After", seconds).type(MediaType.TEXT_HTML_TYPE)
                .entity(Templates.unavailable(me, "invoices", seconds)).build();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
