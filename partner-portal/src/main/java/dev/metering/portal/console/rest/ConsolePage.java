package dev.metering.portal.console.rest;

import dev.metering.portal.api.BillingApi;
import dev.metering.portal.api.CustomerApi;
import dev.metering.portal.session.SignedIn;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

/**
 * The customer console, what "Launch Central Admin" opens: only for a customer with Partner Assistance on (else a
 * page saying why). The customer's devices and firewalls as billing counts them now (last heartbeat, product,
 * user, counted or why not: R16, R19) from billing's {@code GET /v1/usage/customers/{id}}, and its device ingest
 * keys (issue, revoke) through customer-service's ingest-key API. Another partner's customer is the API's 404.
 */
@Path("/customers/{id}/console")
@Produces(MediaType.TEXT_HTML)
public class ConsolePage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance console(CustomerApi.Me me, String page, CustomerApi.Customer customer,
                String at, List<BillingApi.Device> devices, List<BillingApi.Device> firewalls, boolean billingKnows,
                List<String> keys, CustomerApi.IssuedKey issued);

        static native TemplateInstance refused(CustomerApi.Me me, String page, CustomerApi.Customer customer);
    }

    private final SignedIn signedIn;
    private final CustomerApi customers;
    private final BillingApi billing;

    public ConsolePage(SignedIn signedIn, CustomerApi customers, BillingApi billing) {
        this.signedIn = signedIn;
        this.customers = customers;
        this.billing = billing;
    }

    @GET
    public Response console(@PathParam("id") String id) {
        return render(id, null);
    }

    /** Issues a key; its plaintext is shown on this answer only (never stored, never in a URL). */
    @POST
    @Path("/ingest-keys")
    public Response issue(@PathParam("id") String id) {
        CustomerApi.Customer customer = assisted(id);
        if (customer == null) {
            return refused(id);
        }
        CustomerApi.IssuedKey issued = customers.issueIngestKey(signedIn.authorization(), id);
        return render(id, issued);
    }

    @POST
    @Path("/ingest-keys/{keyId}/revoke")
    public Response revoke(@PathParam("id") String id, @PathParam("keyId") String keyId) {
        if (assisted(id) == null) {
            return refused(id);
        }
        customers.revokeIngestKey(signedIn.authorization(), id, keyId);
        return Response.seeOther(URI.create("/customers/" + id + "/console")).build();
    }

    private Response render(String id, CustomerApi.IssuedKey issued) {
        CustomerApi.Customer customer = assisted(id);
        if (customer == null) {
            return refused(id);
        }
        String auth = signedIn.authorization();
        BillingApi.CustomerUsage usage = null;
        try {
            usage = billing.customerUsage(auth, id, null);
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() != 404) { // 404: billing has not folded the new customer yet
                throw e;
            }
        }
        List<BillingApi.Device> all = usage == null || usage.devices() == null ? List.of() : usage.devices();
        List<String> keys = customers.ingestKeys(auth, id).items();
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return Response.ok(Templates.console(signedIn.me(), "customers", customer, usage == null ? null : usage.at(),
                all.stream().filter(d -> !d.firewall()).toList(), all.stream().filter(BillingApi.Device::firewall)
                        .toList(), usage != null, keys == null ? List.of() : keys, issued))
                .cacheControl(noStore).build();
    }

    /** The customer if its Partner Assistance is on; null if off; the API's 404 for another partner's. */
    private CustomerApi.Customer assisted(String id) {
        if (!signedIn.me().partner()) {
            throw new ForbiddenException("the customer console is a partner's page");
        }
        CustomerApi.Customer customer = customers.customer(signedIn.authorization(), id);
        return customer.partnerAssistance() ? customer : null;
    }

    private Response refused(String id) {
        CustomerApi.Customer customer = customers.customer(signedIn.authorization(), id);
        return Response.status(403).type(MediaType.TEXT_HTML_TYPE)
                .entity(Templates.refused(signedIn.me(), "customers", customer)).build();
    }
}
