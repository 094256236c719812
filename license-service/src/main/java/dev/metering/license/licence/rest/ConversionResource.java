package dev.metering.license.licence.rest;

import dev.metering.contracts.BillingType;
import dev.metering.contracts.license.LicenseEvent;
import dev.metering.contracts.license.LicenseEvent.LicensingConverted;
import dev.metering.contracts.license.LicenseEvent.MonthlyConversionScheduled;
import dev.metering.license.licence.LicenceService;
import dev.metering.license.licence.LicenceService.NewTermLicence;
import dev.metering.platform.eventstore.Decision;
import dev.metering.platform.security.Caller;
import dev.metering.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Conversions (R4, R9, R14, R23): trial to monthly (at once, all trials end), term to monthly (at the
 * renewal instant, scheduled), monthly to term (by applying a licence key).
 */
@Path("/v1/customers/{customerId}/conversions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.PARTNER)
public class ConversionResource {

    private final LicenceService licences;
    private final Caller caller;

    public ConversionResource(LicenceService licences, Caller caller) {
        this.licences = licences;
        this.caller = caller;
    }

    public record ToMonthlyRequest(List<String> selections) {
    }

    public record ToTermRequest(@NotNull String licenseId, String sku, @NotNull String product,
            @NotNull Integer quantity, @NotNull LocalDate startDate, @NotNull LocalDate endDate,
            @NotNull String owner) {
    }

    /** {@code status}: {@code converted} (effective now) or {@code scheduled} (at {@code effectiveAt}). */
    public record ConversionView(String customerId, String status, BillingType from, BillingType to,
            Instant effectiveAt) {
    }

    @POST
    @Path("/monthly")
    public Uni<Response> toMonthly(@PathParam("customerId") String customerId, ToMonthlyRequest body) {
        String partnerId = caller.partnerId();
        return licences.convertToMonthly(customerId, partnerId, body == null ? List.of()
                : RequestValues.products("selections", body.selections()))
                .map(d -> {
                    ConversionView v = view(customerId, d);
                    return Response.status("scheduled".equals(v.status()) ? 202 : 200).entity(v).build();
                });
    }

    @DELETE
    @Path("/monthly")
    public Uni<Response> cancel(@PathParam("customerId") String customerId) {
        String partnerId = caller.partnerId();
        return licences.cancelConversion(customerId, partnerId).map(d -> Response.noContent().build());
    }

    @POST
    @Path("/term")
    public Uni<ConversionView> toTerm(@PathParam("customerId") String customerId, @NotNull @Valid ToTermRequest body) {
        String partnerId = caller.partnerId();
        return licences.convertToTerm(customerId, partnerId, new NewTermLicence(body.licenseId(),
                body.sku() == null ? body.licenseId() : body.sku(), RequestValues.product("product", body.product()),
                body.quantity(), body.startDate(), body.endDate(), RequestValues.owner("owner", body.owner()), false)).map(d -> view(customerId, d));
    }

    private static ConversionView view(String customerId, Decision<?, LicenseEvent> d) {
        for (LicenseEvent e : d.events()) {
            if (e instanceof MonthlyConversionScheduled s) {
                return new ConversionView(customerId, "scheduled", BillingType.TERM, BillingType.MONTHLY,
                        s.effectiveAt());
            }
            if (e instanceof LicensingConverted c) {
                return new ConversionView(customerId, "converted", c.from(), c.to(), c.effectiveAt());
            }
        }
        throw new IllegalStateException("a conversion produced neither a schedule nor a conversion");
    }
}
