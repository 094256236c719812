package dev.metering.portal.customers.rest;

import dev.metering.portal.api.CustomerApi;
import dev.metering.portal.api.LicenseApi;
import dev.metering.portal.customers.MonthlyChoices;
import dev.metering.portal.session.SignedIn;
import dev.metering.portal.session.rest.ApiErrors;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The partner's Customers page: billing type and licence status of every customer (R4, R10), search, "Show my
 * protection only" (customers using partner-owned licences), Create Monthly Account (Flex partners only, R5),
 * each customer's contact info with rename (R7), and its License Details: convert a trial to paid (R12) and the
 * monthly licence selection per product family (R10, R17a).
 */
@Path("/customers")
@Produces(MediaType.TEXT_HTML)
public class CustomersPage {

    static final int PAGE_SIZE = 100;
    static final List<String> GEOGRAPHIES = List.of("DE", "GB", "US", "IE", "FR", "AU", "CA", "JP", "BR", "IN");

    public record Item(CustomerApi.Customer customer, String licenceStatus, boolean myProtection) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance customers(CustomerApi.Me me, String page, CustomerApi.Partner partner,
                List<Item> items, String q, boolean mine, List<String> geographies, String error);

        static native TemplateInstance customer(CustomerApi.Me me, String page, CustomerApi.Customer customer,
                Item item, String error);

        static native TemplateInstance licences(CustomerApi.Me me, String page, CustomerApi.Customer customer,
                LicenseApi.CustomerOverview overview, List<LicenseApi.Licence> licences,
                List<MonthlyChoices.Family> families, String error);
    }

    private final SignedIn signedIn;
    private final CustomerApi customers;
    private final LicenseApi licences;

    public CustomersPage(SignedIn signedIn, CustomerApi customers, LicenseApi licences) {
        this.signedIn = signedIn;
        this.customers = customers;
        this.licences = licences;
    }

    @GET
    public TemplateInstance list(@QueryParam("q") String q, @QueryParam("mine") boolean mine) {
        return render(q, mine, null);
    }

    private TemplateInstance render(String q, boolean mine, String error) {
        CustomerApi.Me me = signedIn.me();
        if (!me.partner()) {
            throw new ForbiddenException("the customers list is a partner's page");
        }
        String auth = signedIn.authorization();
        CustomerApi.Partner partner = customers.partner(auth, me.partnerId());
        Map<String, LicenseApi.Licences> status = new HashMap<>();
        licences.overview(auth).items().forEach(i -> status.put(i.customerId(), i.licences()));
        String needle = q == null ? "" : q.trim().toLowerCase(Locale.ROOT);
        List<Item> items = new ArrayList<>();
        for (CustomerApi.Customer c : all(auth)) {
            Item item = item(c, status.get(c.id()));
            boolean matches = needle.isEmpty() || c.name().toLowerCase(Locale.ROOT).contains(needle)
                    || (c.showAs() != null && c.showAs().toLowerCase(Locale.ROOT).contains(needle));
            if (matches && (!mine || item.myProtection())) {
                items.add(item);
            }
        }
        items.sort(Comparator.comparing((Item i) -> i.customer().name(), String.CASE_INSENSITIVE_ORDER)
                .thenComparing(i -> i.customer().id()));
        return Templates.customers(me, "customers", partner, items, q, mine, GEOGRAPHIES, error);
    }

    private List<CustomerApi.Customer> all(String auth) {
        List<CustomerApi.Customer> all = new ArrayList<>();
        for (int page = 1;; page++) {
            CustomerApi.CustomerPage p = customers.customers(auth, null, page, PAGE_SIZE);
            all.addAll(p.items());
            if (p.items().size() < PAGE_SIZE || (p.pages() != null && p.pages().items() != null
                    && all.size() >= p.pages().items())) {
                return all;
            }
        }
    }

    static Item item(CustomerApi.Customer c, LicenseApi.Licences l) {
        String status;
        if ("MONTHLY".equals(c.billingType())) {
            status = "Monthly (partner-owned, billed by usage)";
        } else if (l == null || l.partnerOwnedTermLicences() + l.customerOwnedTermLicences() == 0) {
            status = "No licence in force";
        } else {
            status = l.partnerOwnedTermLicences() + " partner-owned, " + l.customerOwnedTermLicences()
                    + " customer-owned licence(s) in force";
        }
        boolean mine = "MONTHLY".equals(c.billingType()) || (l != null && l.usingPartnerOwned());
        return new Item(c, status, mine);
    }

    /** Create Monthly Account (R5: Flex partners only; the API refuses everyone else). */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@FormParam("name") String name, @FormParam("dataGeography") String geography) {
        if (name == null || name.isBlank()) {
            return Response.status(400).entity(render(null, false, "A monthly account needs a name.")).build();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name.trim());
        body.put("dataGeography", geography == null || geography.isBlank() ? "DE" : geography);
        body.put("billingType", "MONTHLY");
        try {
            CustomerApi.Customer created = customers.create(signedIn.authorization(), body);
            return Response.seeOther(URI.create("/customers/" + created.id())).build();
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 403 || e.getResponse().getStatus() == 400
                    || e.getResponse().getStatus() == 409) {
                return Response.status(e.getResponse().getStatus())
                        .entity(render(null, false, "The account was not created: " + ApiErrors.message(e))).build();
            }
            throw e;
        }
    }

    @GET
    @Path("/{id}")
    public TemplateInstance customer(@PathParam("id") String id) {
        return detail(id, null);
    }

    private TemplateInstance detail(String id, String error) {
        CustomerApi.Me me = signedIn.me();
        String auth = signedIn.authorization();
        CustomerApi.Customer c = customers.customer(auth, id);
        LicenseApi.Licences l = null;
        if (me.partner()) {
            l = licences.overview(auth).items().stream().filter(i -> i.customerId().equals(id))
                    .map(LicenseApi.CustomerOverview::licences).findFirst().orElse(null);
        }
        return Templates.customer(me, "customers", c, item(c, l), error);
    }

    /** Contact info: "Name shown as ... Edit" (R7); the new name shows on every page. */
    @POST
    @Path("/{id}/name")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response rename(@PathParam("id") String id, @FormParam("name") String name,
            @FormParam("showAs") String showAs) {
        if (name == null || name.isBlank()) {
            return Response.status(400).entity(detail(id, "The name cannot be empty.")).build();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name.trim());
        if (showAs != null && !showAs.isBlank()) {
            body.put("showAs", showAs.trim());
        }
        try {
            customers.rename(signedIn.authorization(), id, body);
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 400 || e.getResponse().getStatus() == 409) {
                return Response.status(e.getResponse().getStatus())
                        .entity(detail(id, "Not renamed: " + ApiErrors.message(e))).build();
            }
            throw e;
        }
        return Response.seeOther(URI.create("/customers/" + id)).build();
    }

    /** Partner Assistance on or off; Launch Central Admin opens the customer console only while it is on. */
    @POST
    @Path("/{id}/partner-assistance")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response partnerAssistance(@PathParam("id") String id, @FormParam("enabled") boolean enabled) {
        customers.partnerAssistance(signedIn.authorization(), id, Map.of("enabled", enabled));
        return Response.seeOther(URI.create("/customers/" + id)).build();
    }

    /** License Details: the customer's licences and their overview, from license-service (R10–R12, R17a). */
    @GET
    @Path("/{id}/licences")
    public TemplateInstance licences(@PathParam("id") String id) {
        return licenceDetails(id, null);
    }

    private TemplateInstance licenceDetails(String id, String error) {
        CustomerApi.Me me = partnerOnly();
        String auth = signedIn.authorization();
        CustomerApi.Customer c = customers.customer(auth, id);
        LicenseApi.CustomerOverview overview = licences.customerOverview(auth, id);
        List<LicenseApi.Licence> items = new ArrayList<>(licences.licences(auth, id).items());
        items.sort(Comparator.comparing((LicenseApi.Licence l) -> l.startDate() == null ? "" : l.startDate())
                .thenComparing(l -> l.licenseIdentifier() == null ? "" : l.licenseIdentifier()));
        List<MonthlyChoices.Family> families = "MONTHLY".equals(overview.licences().billingType())
                ? MonthlyChoices.of(overview.licences().monthlySelections()) : List.of();
        return Templates.licences(me, "customers", c, overview, items, families, error);
    }

    private CustomerApi.Me partnerOnly() {
        CustomerApi.Me me = signedIn.me();
        if (!me.partner()) {
            throw new ForbiddenException("License Details is a partner's page");
        }
        return me;
    }

    /** R12: "Convert to paid" on a trial; the paid term ends a year from the trial's start (the API's default). */
    @POST
    @Path("/{id}/licences/convert-to-paid")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response convertToPaid(@PathParam("id") String id, @FormParam("licenseId") String licenseId) {
        partnerOnly();
        if (licenseId == null || licenseId.isBlank()) {
            return Response.status(400).entity(licenceDetails(id, "Choose the trial licence to convert.")).build();
        }
        try {
            licences.convertToPaid(signedIn.authorization(), id, licenseId.trim(), Map.of());
        } catch (WebApplicationException e) {
            return refused(id, e, "Not converted to paid: ");
        }
        return Response.seeOther(URI.create("/customers/" + id + "/licences")).build();
    }

    /** R17a: select (or, with no product, clear) the monthly licence of one product family, from now. */
    @POST
    @Path("/{id}/licences/monthly/{family}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response selectMonthly(@PathParam("id") String id, @PathParam("family") String family,
            @FormParam("product") String product) {
        partnerOnly();
        Map<String, Object> body = new HashMap<>();
        body.put("product", product == null || product.isBlank() ? null : product.trim());
        try {
            licences.selectMonthly(signedIn.authorization(), id, family, body);
        } catch (WebApplicationException e) {
            return refused(id, e, "The " + family + " selection was not changed: ");
        }
        return Response.seeOther(URI.create("/customers/" + id + "/licences")).build();
    }

    /** The API's refusal (400, 409) on License Details with its message; anything else is an error page. */
    private Response refused(String id, WebApplicationException e, String prefix) {
        int status = e.getResponse().getStatus();
        if (status == 400 || status == 409) {
            return Response.status(status).entity(licenceDetails(id, prefix + ApiErrors.message(e))).build();
        }
        throw e;
    }
}
