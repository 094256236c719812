package dev.metering.portal.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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
}
