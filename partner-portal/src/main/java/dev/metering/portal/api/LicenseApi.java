package dev.metering.portal.api;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** license-service's public {@code /v1} API (the licence status of each customer, R10). */
@Produces(MediaType.APPLICATION_JSON)
public interface LicenseApi {

    record Licences(String customerId, String billingType, int partnerOwnedTermLicences,
            int customerOwnedTermLicences, Map<String, String> monthlySelections, boolean usingPartnerOwned,
            boolean usingCustomerOwned) {
    }

    record CustomerOverview(String customerId, String name, Licences licences) {
    }

    record Totals(int customers, int usingPartnerOwned, int usingCustomerOwned) {
    }

    record PartnerOverview(String at, Totals totals, List<CustomerOverview> items) {
    }

    @GET
    @Path("/v1/license-overview")
    PartnerOverview overview(@HeaderParam("Authorization") String authorization);

    record Product(String code, String family) {
    }

    record Owner(String type, String id) {
    }

    /** One licence of the customer (R10–R12). */
    record Licence(String id, String licenseIdentifier, Product product, String sku, String startDate,
            String endDate, String type, int quantity, Owner owner, String customerId, String status, String endedAt,
            String endedReason) {
    }

    record LicencePage(List<Licence> items) {
    }

    @GET
    @Path("/v1/customers/{id}/license-overview")
    CustomerOverview customerOverview(@HeaderParam("Authorization") String authorization,
            @PathParam("id") String customerId);

    @GET
    @Path("/v1/customers/{id}/licenses")
    LicencePage licences(@HeaderParam("Authorization") String authorization, @PathParam("id") String customerId);

    /** R12: a trial becomes a paid term licence; the body {@code {}} keeps the default end (a year from its start). */
    @POST
    @Path("/v1/customers/{id}/licenses/{licenseId}/convert-to-paid")
    @Consumes(MediaType.APPLICATION_JSON)
    Licence convertToPaid(@HeaderParam("Authorization") String authorization, @PathParam("id") String customerId,
            @PathParam("licenseId") String licenseId, Map<String, Object> body);

    /** A monthly customer's selections in force at {@code at} (family to product). */
    record MonthlySelections(String customerId, String at, Map<String, String> selections) {
    }

    /** R17a: selects ({@code product}) or clears ({@code product: null}) the family's monthly licence from now. */
    @PUT
    @Path("/v1/customers/{id}/monthly-licenses/{family}")
    @Consumes(MediaType.APPLICATION_JSON)
    MonthlySelections selectMonthly(@HeaderParam("Authorization") String authorization,
            @PathParam("id") String customerId, @PathParam("family") String family, Map<String, Object> body);
}
