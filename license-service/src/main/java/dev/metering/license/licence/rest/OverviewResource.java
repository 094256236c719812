package dev.metering.license.licence.rest;

import dev.metering.license.customer.KnownCustomer;
import dev.metering.license.customer.store.CustomerDirectory;
import dev.metering.license.licence.LicenceOverview;
import dev.metering.license.licence.LicenceService;
import dev.metering.license.licence.projection.LicenceProjection;
import dev.metering.platform.security.Caller;
import dev.metering.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * R10, for the usage page: per customer, licences owned by the partner and by the customer, and the
 * header counts "using partner-owned licences" / "using customer-owned licences".
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.PARTNER)
public class OverviewResource {

    private final LicenceService licences;
    private final LicenceProjection projection;
    private final CustomerDirectory customers;
    private final Caller caller;

    public OverviewResource(LicenceService licences, LicenceProjection projection, CustomerDirectory customers,
            Caller caller) {
        this.licences = licences;
        this.projection = projection;
        this.customers = customers;
        this.caller = caller;
    }

    public record PartnerOverview(Instant at, LicenceOverview.Totals totals, List<CustomerOverview> items) {
    }

    public record CustomerOverview(String customerId, String name, LicenceOverview licences) {
    }

    @GET
    @Path("/license-overview")
    public Uni<PartnerOverview> partner() {
        String partnerId = caller.partnerId();
        Instant now = licences.now();
        return customers.ofPartner(partnerId).flatMap(all -> projection.ownershipCounts(partnerId, now)
                .map(counts -> {
                    List<CustomerOverview> items = new ArrayList<>();
                    List<LicenceOverview> overviews = new ArrayList<>();
                    for (KnownCustomer c : all) {
                        int[] n = counts.getOrDefault(c.customerId(), new int[2]);
                        LicenceOverview o = LicenceOverview.counted(c.customerId(), c.billingType(), n[0], n[1]);
                        overviews.add(o);
                        items.add(new CustomerOverview(c.customerId(), c.name(), o));
                    }
                    return new PartnerOverview(now, LicenceOverview.Totals.of(overviews), items);
                }));
    }

    @GET
    @Path("/customers/{customerId}/license-overview")
    public Uni<CustomerOverview> customer(@PathParam("customerId") String customerId) {
        String partnerId = caller.partnerId();
        return licences.load(customerId, partnerId).map(s -> new CustomerOverview(customerId, s.customer().name(),
                LicenceOverview.of(customerId, s.customer().billingType(), s.loaded().state(), licences.now())));
    }
}
