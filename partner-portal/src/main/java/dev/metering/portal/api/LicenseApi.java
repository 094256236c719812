package dev.metering.portal.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
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
}
