package dev.metering.portal.partners.rest;

import dev.metering.portal.api.AllPartners;
import dev.metering.portal.api.CustomerApi;
import dev.metering.portal.session.SignedIn;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

/**
 * Partners, for distributors (their own) and operators (all): tier, country, distributor; a distributor
 * approves its CONNECT partners for MSP Flex here (R2). Each partner's invoices are one click away.
 */
@Path("/partners")
@Produces(MediaType.TEXT_HTML)
public class PartnersPage {


    @CheckedTemplate
    static class Templates {
        static native TemplateInstance partners(CustomerApi.Me me, String page, List<CustomerApi.Partner> partners);
    }

    private final SignedIn signedIn;
    private final CustomerApi customers;

    public PartnersPage(SignedIn signedIn, CustomerApi customers) {
        this.signedIn = signedIn;
        this.customers = customers;
    }

    @GET
    public TemplateInstance list() {
        CustomerApi.Me me = signedIn.me();
        List<CustomerApi.Partner> all = AllPartners.of(customers, signedIn.authorization());
        return Templates.partners(me, "partners", all);
    }

    @POST
    @Path("/{id}/flex-approval")
    public Response approveFlex(@PathParam("id") String partnerId) {
        customers.approveFlex(signedIn.authorization(), partnerId);
        return Response.seeOther(URI.create("/partners")).build();
    }
}
