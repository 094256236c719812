package dev.metering.portal.migrations.rest;

import dev.metering.portal.api.CustomerApi;
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
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Migration requests (R8) from customer-service's {@code GET /v1/migrations}. A partner sees the open requests it
 * is a party to and consents, rejects or withdraws as the partner the customer leaves (CURRENT_PARTNER) or joins
 * (NEW_PARTNER); an operator sees all of them ("migrations to execute"): records the customer's own decision
 * (CUSTOMER) and executes the fully consented ones.
 */
@Path("/migrations")
@Produces(MediaType.TEXT_HTML)
public class MigrationsPage {

    /** One request with the party the signed-in person speaks for on it. */
    public record Item(CustomerApi.Migration migration, String party) {

        public boolean canConsent() {
            return migration.missing(party);
        }

        public boolean ready() {
            return migration.ready();
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance migrations(CustomerApi.Me me, String page, List<Item> items, String error);
    }

    private static final Map<String, String> ACTIONS = Map.of("consent", "consents", "reject", "rejection",
            "withdraw", "withdrawal");

    private final SignedIn signedIn;
    private final CustomerApi customers;

    public MigrationsPage(SignedIn signedIn, CustomerApi customers) {
        this.signedIn = signedIn;
        this.customers = customers;
    }

    @GET
    public TemplateInstance list() {
        return render(null);
    }

    private TemplateInstance render(String error) {
        CustomerApi.Me me = signedIn.me();
        if (!me.partner() && !me.operator()) {
            throw new ForbiddenException("migrations are for partners and operators");
        }
        List<Item> items = customers.migrations(signedIn.authorization()).items().stream()
                .map(m -> new Item(m, party(me, m))).toList();
        return Templates.migrations(me, "migrations", items, error);
    }

    /** The party the person speaks for: an operator records the customer's decision (R8). */
    static String party(CustomerApi.Me me, CustomerApi.Migration m) {
        if (me.operator()) {
            return "CUSTOMER";
        }
        return me.partnerId() != null && me.partnerId().equals(m.fromPartnerId()) ? "CURRENT_PARTNER" : "NEW_PARTNER";
    }

    /** consent, reject or withdraw (as {@code party}), or execute (operators). */
    @POST
    @Path("/{customerId}/{migrationId}/{action}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response act(@PathParam("customerId") String customerId, @PathParam("migrationId") String migrationId,
            @PathParam("action") String action, @FormParam("party") String party, @FormParam("reason") String reason) {
        String auth = signedIn.authorization();
        try {
            if (action.equals("execute")) {
                customers.executeMigration(auth, customerId, migrationId, Map.of());
            } else if (ACTIONS.containsKey(action)) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("party", party);
                if (reason != null && !reason.isBlank()) {
                    body.put("reason", reason.trim());
                }
                customers.migrationAction(auth, customerId, migrationId, ACTIONS.get(action), body);
            } else {
                return Response.status(404).entity(render("No such action: " + action)).build();
            }
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status == 400 || status == 403 || status == 409) {
                return Response.status(status).entity(render("Not done: " + ApiErrors.message(e))).build();
            }
            throw e;
        }
        return Response.seeOther(URI.create("/migrations")).build();
    }
}
