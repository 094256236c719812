package dev.metering.billing.usage.rest;

import dev.metering.billing.account.BillingState;
import dev.metering.billing.usage.CustomerUnits;
import dev.metering.billing.usage.UsageCache;
import dev.metering.billing.usage.UsageProjection;
import dev.metering.billing.usage.UsageReport;
import dev.metering.contracts.ProductCode;
import dev.metering.platform.error.ApiException;
import dev.metering.platform.security.Caller;
import dev.metering.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * The partner's usage (R20): real time by default, or at an instant {@code at}; scoped to the
 * caller's partner (a customer the partner does not manage answers 404).
 */
@Path("/v1/usage")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.PARTNER)
public class UsageResource {

    static final int MAX_PAGE_SIZE = 1000;

    @Inject
    Caller caller;
    @Inject
    BillingState state;
    @Inject
    UsageProjection usage;
    @Inject
    UsageCache cache;

    @GET
    public UsageReport.Page usage(@QueryParam("at") String at, @QueryParam("q") String query,
            @QueryParam("sort") @DefaultValue("name") String sort, @QueryParam("order") @DefaultValue("asc") String order,
            @QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("50") int size) {
        if (page < 0) {
            throw ApiException.invalidField("page", "min", "page must be 0 or more");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw ApiException.invalidField("size", "range", "size must be 1.." + MAX_PAGE_SIZE);
        }
        validateSort(sort, order);
        return page(caller.partnerId(), at, query, sort, order.equals("desc"), page, size);
    }

    /** Real time (no {@code at}) from the per-customer cache; an instant in the past or future computed afresh. */
    private UsageReport.Page page(String partnerId, String at, String query, String sort, boolean descending, int page,
            int size) {
        if (at == null || at.isBlank()) {
            return cache.page(partnerId, Instant.now(), query, sort, descending, page, size);
        }
        return UsageReport.page(partnerId, instant(at), state, usage, query, sort, descending, page, size);
    }

    private static void validateSort(String sort, String order) {
        if (!order.equals("asc") && !order.equals("desc")) {
            throw ApiException.invalidField("order", "enum", "order must be asc or desc");
        }
        try {
            UsageReport.comparator(sort);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField("sort", "enum", e.getMessage());
        }
    }

    @GET
    @Path("/export.csv")
    @Produces("text/csv")
    public Response csv(@QueryParam("at") String at, @QueryParam("q") String query,
            @QueryParam("sort") @DefaultValue("name") String sort, @QueryParam("order") @DefaultValue("asc") String order) {
        validateSort(sort, order);
        if (at != null && !at.isBlank()) {
            instant(at); // validates
        }
        List<UsageReport.Row> rows = page(caller.partnerId(), at, query, sort, order.equals("desc"), 0,
                Integer.MAX_VALUE).rows();
        return Response.ok(UsageReport.csv(rows)).header("Content-Disposition", "attachment; filename=\"usage.csv\"")
                .build();
    }

    public record CustomerUsage(String customerId, String name, String type, Instant at,
            Map<ProductCode, List<String>> units, Map<ProductCode, Integer> counts) {
    }

    /** The units counted per product for one of the partner's customers (evidence in real time). */
    @GET
    @Path("/customers/{customerId}")
    public CustomerUsage customer(@PathParam("customerId") String customerId, @QueryParam("at") String at) {
        Instant s = instant(at);
        if (!caller.partnerId().equals(state.partnerAt(customerId, s))) {
            throw ApiException.notFound("customer " + customerId);
        }
        CustomerUnits units = usage.find(customerId);
        Map<ProductCode, List<String>> ids = units == null ? Map.of()
                : units.unitsAt(s.toEpochMilli(), state.resolverAt(customerId, s, false));
        Map<ProductCode, Integer> counts = new java.util.EnumMap<>(ProductCode.class);
        ids.forEach((p, l) -> counts.put(p, l.size()));
        var type = state.billingTypeAt(customerId, s);
        return new CustomerUsage(customerId, state.customerName(customerId), type == null ? "" : type.name(), s, ids,
                counts);
    }

    static Instant instant(String at) {
        if (at == null || at.isBlank()) {
            return Instant.now();
        }
        try {
            return Instant.parse(at);
        } catch (DateTimeParseException e) {
            throw ApiException.invalidField("at", "instant", "at must be an ISO-8601 instant, e.g. 2026-11-01T00:00:00Z");
        }
    }
}
