package dev.metering.license.licence.rest;

import dev.metering.contracts.ProductCode;
import dev.metering.contracts.ProductFamily;
import dev.metering.license.licence.LicenceBook;
import dev.metering.license.licence.LicenceService;
import dev.metering.license.licence.MonthlySelection;
import dev.metering.platform.error.ApiException;
import dev.metering.platform.error.InputGuard;
import dev.metering.platform.eventstore.ETags;
import dev.metering.platform.security.Caller;
import dev.metering.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * R10, R17a: a monthly customer's selected licence per product family, owned by the partner. Each
 * selection takes effect at an instant; billing applies the one in force at the period close.
 */
@Path("/v1/customers/{customerId}/monthly-licenses")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.PARTNER)
public class MonthlyLicenceResource {

    private final LicenceService licences;
    private final Caller caller;

    public MonthlyLicenceResource(LicenceService licences, Caller caller) {
        this.licences = licences;
        this.caller = caller;
    }

    public record SelectRequest(String product, Instant effectiveAt) {
    }

    /** {@code selections}: in force at {@code at}; {@code history}: every selection with its effective time. */
    public record Selections(String customerId, Instant at, Map<ProductFamily, ProductCode> selections,
            String owner, List<MonthlySelection> history) {

        static Selections of(String customerId, LicenceBook book, Instant at) {
            return new Selections(customerId, at, book.selectionsAt(at), "partner", book.selections());
        }
    }

    @GET
    public Uni<Selections> get(@PathParam("customerId") String customerId, @QueryParam("at") String at) {
        String partnerId = caller.partnerId();
        Instant instant = parse(at);
        return licences.load(customerId, partnerId).map(s -> Selections.of(customerId, s.loaded().state(),
                instant == null ? licences.now() : instant));
    }

    /** Selects (or, with {@code product: null}, clears) the family's licence from {@code effectiveAt} (default now). */
    @PUT
    @Path("/{family}")
    public Uni<Response> select(@PathParam("customerId") String customerId, @PathParam("family") String family,
            SelectRequest body) {
        String partnerId = caller.partnerId();
        ProductFamily f;
        try {
            f = ProductFamily.valueOf(family.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField("family", "unknown", "unknown product family " + family);
        }
        SelectRequest req = body == null ? new SelectRequest(null, null) : body;
        return licences.select(customerId, partnerId, f, RequestValues.product("product", req.product()),
                req.effectiveAt())
                .map(d -> Response.ok(Selections.of(customerId, d.state(),
                        req.effectiveAt() == null ? licences.now() : req.effectiveAt()))
                        .tag(ETags.of(d.version())).build());
    }

    private static Instant parse(String at) {
        if (at == null || at.isBlank()) {
            return null;
        }
        Instant instant;
        try {
            instant = Instant.parse(at);
        } catch (DateTimeParseException e) {
            throw ApiException.invalidField("at", "not-an-instant", "at must be an ISO-8601 instant: " + at);
        }
        if (InputGuard.refusal(instant) != null) {
            throw ApiException.invalidField("at", InputGuard.OUT_OF_RANGE, "at must lie in the years 0001-9999");
        }
        return instant;
    }
}
