package dev.metering.portal.distributors.rest;

import dev.metering.portal.api.BillingApi;
import dev.metering.portal.api.AllPartners;
import dev.metering.portal.api.CustomerApi;
import dev.metering.portal.distributors.DistributorLines;
import dev.metering.portal.session.SignedIn;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A distributor's documents (R26): for one period, every partner of the distributor with the invoice and the
 * adjustments addressed to it, and all their lines as one CSV. Billing decides what the distributor may see
 * (its own partners' documents only), with the distributor's own token.
 */
@Path("/distributor")
public class DistributorPage {

    /** One of the distributor's partners and its documents of the period (null when none was issued). */
    public record PartnerDocuments(CustomerApi.Partner partner, DistributorLines.Documents documents) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance distributor(CustomerApi.Me me, String page, String period,
                List<String> periods, List<PartnerDocuments> partners);
    }

    private final SignedIn signedIn;
    private final CustomerApi customers;
    private final BillingApi billing;

    public DistributorPage(SignedIn signedIn, CustomerApi customers, BillingApi billing) {
        this.signedIn = signedIn;
        this.customers = customers;
        this.billing = billing;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page(@QueryParam("period") String period) {
        CustomerApi.Me me = distributor();
        List<BillingApi.Invoice> all = billing.invoices(signedIn.authorization(), null);
        List<String> periods = new ArrayList<>(new TreeSet<>(all.stream().map(BillingApi.Invoice::period).toList())
                .descendingSet());
        String chosen = period == null || period.isBlank() ? (periods.isEmpty() ? null : periods.get(0))
                : period.trim();
        Map<String, DistributorLines.Documents> byPartner = new LinkedHashMap<>();
        for (DistributorLines.Documents d : documents(chosen, all)) {
            byPartner.put(d.invoice().partnerId(), d);
        }
        List<PartnerDocuments> rows = new ArrayList<>();
        for (CustomerApi.Partner p : partners()) {
            rows.add(new PartnerDocuments(p, byPartner.get(p.id())));
        }
        return Templates.distributor(me, "distributor", chosen, periods, rows);
    }

    @GET
    @Path("/lines.csv")
    @Produces("text/csv")
    public Response csv(@QueryParam("period") String period) {
        distributor();
        if (period == null || !period.trim().matches("\\d{4}-\\d{2}")) {
            throw new WebApplicationException(400);
        }
        String p = period.trim();
        String csv = DistributorLines.csv(documents(p, billing.invoices(signedIn.authorization(), p)));
        return Response.ok(csv, "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"lines-" + p + ".csv\"").build();
    }

    private CustomerApi.Me distributor() {
        CustomerApi.Me me = signedIn.me();
        if (!me.distributor()) {
            throw new WebApplicationException(403);
        }
        return me;
    }

    private List<DistributorLines.Documents> documents(String period, List<BillingApi.Invoice> invoices) {
        List<DistributorLines.Documents> documents = new ArrayList<>();
        invoices.stream().filter(i -> i.period().equals(period))
                .sorted(Comparator.comparing(BillingApi.Invoice::partnerId)).forEach(i -> documents.add(
                        new DistributorLines.Documents(i, billing.invoice(signedIn.authorization(), i.invoiceId())
                                .adjustments())));
        return documents;
    }

    private List<CustomerApi.Partner> partners() {
        return AllPartners.of(customers, signedIn.authorization());
    }
}
