package dev.metering.portal.invoices.rest;

import dev.metering.portal.api.BillingApi;
import dev.metering.portal.api.CustomerApi;
import dev.metering.portal.session.SignedIn;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Comparator;
import java.util.List;

/**
 * Issued invoices (R25–R28): a partner sees its own, a distributor those of its partners, an operator all (the
 * billing API decides). One invoice: its lines per customer and product, totals per product, the total, and
 * its adjustments.
 */
@Path("/invoices")
@Produces(MediaType.TEXT_HTML)
public class InvoicesPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance invoices(CustomerApi.Me me, String page, List<BillingApi.Invoice> invoices,
                String period);

        static native TemplateInstance invoice(CustomerApi.Me me, String page, BillingApi.InvoiceDetail detail);
    }

    private final SignedIn signedIn;
    private final BillingApi billing;

    public InvoicesPage(SignedIn signedIn, BillingApi billing) {
        this.signedIn = signedIn;
        this.billing = billing;
    }

    @GET
    public TemplateInstance list(@QueryParam("period") String period) {
        CustomerApi.Me me = signedIn.me();
        List<BillingApi.Invoice> invoices = billing.invoices(signedIn.authorization(),
                period == null || period.isBlank() ? null : period.trim()).stream()
                .sorted(Comparator.comparing(BillingApi.Invoice::period).reversed()
                        .thenComparing(BillingApi.Invoice::partnerId))
                .toList();
        return Templates.invoices(me, "invoices", invoices, period);
    }

    @GET
    @Path("/{id}")
    public TemplateInstance invoice(@PathParam("id") String id) {
        CustomerApi.Me me = signedIn.me();
        return Templates.invoice(me, "invoices", billing.invoice(signedIn.authorization(), id));
    }
}
