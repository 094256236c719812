package dev.metering.portal.invoices.rest;

import dev.metering.portal.api.BillingApi;
import dev.metering.portal.api.CustomerApi;
import dev.metering.portal.api.PartnerBillingApi;
import dev.metering.portal.session.SignedIn;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * The drill-down of an invoice line (R26): the units it counted for one customer and product, from the invoice's
 * evidence, which billing shows only to whom the invoice is visible.
 */
@Path("/invoices/{id}/lines/{customerId}/{product}")
@Produces(MediaType.TEXT_HTML)
public class InvoiceLinesPage {

    /** One counted unit: a user, a device or a firewall's serial number. */
    public record Unit(String kind, String id) {

        static Unit of(String unitId) {
            int colon = unitId.indexOf(':');
            return colon < 0 ? new Unit("unit", unitId) : new Unit(unitId.substring(0, colon), unitId.substring(colon + 1));
        }
    }

    /** The line and its units. */
    public record Units(String title, String backHref, String customerId, String customerName, String product,
            String sku, long quantity, List<Unit> units) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance units(CustomerApi.Me me, String page, Units line);
    }

    private final SignedIn signedIn;
    private final BillingApi billing;
    private final PartnerBillingApi partnerBilling;

    public InvoiceLinesPage(SignedIn signedIn, BillingApi billing, PartnerBillingApi partnerBilling) {
        this.signedIn = signedIn;
        this.billing = billing;
        this.partnerBilling = partnerBilling;
    }

    @GET
    public TemplateInstance units(@PathParam("id") String id, @PathParam("customerId") String customerId,
            @PathParam("product") String product) {
        CustomerApi.Me me = signedIn.me();
        BillingApi.InvoiceDetail detail = billing.invoice(signedIn.authorization(), id);
        PartnerBillingApi.Evidence evidence = partnerBilling.evidence(signedIn.authorization(), id);
        return Templates.units(me, "invoices", units("Invoice " + id, "/invoices/" + InvoiceTotals.enc(id),
                detail.invoice(), evidence.lines(), customerId, product));
    }

    /** The line of {@code invoice} for (customer, product) and its evidence; 404 when there is no such line. */
    static Units units(String title, String backHref, BillingApi.Invoice invoice,
            List<PartnerBillingApi.LineEvidence> evidence, String customerId, String product) {
        BillingApi.InvoiceLine line = invoice == null || invoice.lines() == null ? null : invoice.lines().stream()
                .filter(l -> l.customerId().equals(customerId) && l.product().equals(product)).findFirst()
                .orElse(null);
        PartnerBillingApi.LineEvidence units = evidence == null ? null : evidence.stream()
                .filter(e -> e.customerId().equals(customerId) && e.product().equals(product)).findFirst()
                .orElse(null);
        if (line == null || units == null) {
            throw new NotFoundException();
        }
        return new Units(title, backHref, customerId, line.customerName(), product, line.sku(), line.quantity(),
                units.unitIds().stream().map(Unit::of).toList());
    }
}
