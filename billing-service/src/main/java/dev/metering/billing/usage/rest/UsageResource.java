package dev.metering.billing.usage.rest;

import dev.metering.billing.account.BillingState;
import dev.metering.billing.cluster.service.Ownership;
import dev.metering.billing.cluster.messaging.Partitions;
import dev.metering.billing.cluster.service.Peers;
import dev.metering.billing.cluster.service.Scatter;
import dev.metering.billing.usage.CustomerUnits;
import dev.metering.billing.usage.UsageCache;
import dev.metering.billing.usage.UsageProjection;
import dev.metering.billing.usage.UsageReport;
import dev.metering.contracts.ProductCode;
import dev.metering.platform.error.ApiException;
import dev.metering.platform.security.Caller;
import dev.metering.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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

    private final Caller caller;
    private final BillingState state;
    private final UsageProjection usage;
    private final UsageCache cache;
    private final UsageShards shards;
    private final Scatter scatter;
    private final Ownership ownership;
    private final Peers peers;
    @HeaderParam("Authorization")
    String authorization;

    public UsageResource(Caller caller, BillingState state, UsageProjection usage, UsageCache cache,
            UsageShards shards, Scatter scatter, Ownership ownership, Peers peers) {
        this.caller = caller;
        this.state = state;
        this.usage = usage;
        this.cache = cache;
        this.shards = shards;
        this.scatter = scatter;
        this.ownership = ownership;
        this.peers = peers;
    }

    /**
     * Answered on the I/O thread when the real-time cache holds the page (nothing computed per customer: see
     * {@link UsageCache#pageIfHeld}), which spares two thread hand-overs per request (measured by bin/bench's
     * queries stage); anything that computes rows or waits for peers runs on a worker thread.
     */
    @GET
    public Uni<UsageReport.Page> usage(@QueryParam("at") String at, @QueryParam("q") String query,
            @QueryParam("sort") @DefaultValue("name") String sort, @QueryParam("order") @DefaultValue("asc") String order,
            @QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("50") int size) {
        if (page < 0) {
            throw ApiException.invalidField("page", "min", "page must be 0 or more");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw ApiException.invalidField("size", "range", "size must be 1.." + MAX_PAGE_SIZE);
        }
        validateSort(sort, order);
        String partnerId = caller.partnerId();
        boolean descending = order.equals("desc");
        boolean realtime = at == null || at.isBlank();
        if (!realtime) {
            instant(at); // validates before the hand-over
        }
        if (realtime && scatter.allLocal()) {
            UsageReport.Page held = cache.pageIfHeld(partnerId, Instant.now(), query, sort, descending, page, size);
            if (held != null) {
                return Uni.createFrom().item(held);
            }
        }
        String token = authorization; // read here: the request's fields are not for the worker thread
        return Uni.createFrom().item(() -> page(partnerId, at, query, sort, descending, page, size, token))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** Real time (no {@code at}) from the per-customer cache; an instant in the past or future computed afresh. */
    private UsageReport.Page page(String partnerId, String at, String query, String sort, boolean descending, int page,
            int size, String authorization) {
        boolean realtime = at == null || at.isBlank();
        if (scatter.allLocal()) {
            // one instance owns every partition: the cache's own ordered pages
            if (realtime) {
                return cache.page(partnerId, Instant.now(), query, sort, descending, page, size);
            }
            return UsageReport.page(partnerId, instant(at), state, usage, query, sort, descending, page, size);
        }
        Instant s = realtime ? Instant.now() : instant(at);
        UsageCache.Snapshot all = shards.gather(partnerId, s, realtime, authorization);
        if (realtime) {
            return cache.page(partnerId, s, all, query, sort, descending, page, size);
        }
        return UsageReport.page(partnerId, s, all.rows(), all.summary(), query, sort, descending, page, size);
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
                Integer.MAX_VALUE, authorization).rows();
        return Response.ok(UsageReport.csv(rows)).header("Content-Disposition", "attachment; filename=\"usage.csv\"")
                .build();
    }

    /** {@code devices}: every device and product seen, its latest heartbeat and user, counted at S or why not. */
    public record CustomerUsage(String customerId, String name, String type, Instant at,
            Map<ProductCode, List<String>> units, Map<ProductCode, Integer> counts,
            List<CustomerUnits.Track> devices) {
    }

    /** The units counted per product for one of the partner's customers (evidence in real time). */
    @GET
    @Path("/customers/{customerId}")
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "200",
            description = "the customer's units per product (answered by the owner of its partition)",
            content = @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = "application/json",
                    schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(
                            implementation = CustomerUsage.class)))
    public Response customer(@PathParam("customerId") String customerId, @QueryParam("at") String at) {
        Instant s = instant(at);
        if (!scatter.allLocal()) {
            Ownership.View view = ownership.view();
            if (!view.settled() || !view.complete()) {
                throw Peers.unavailable("partitions-rebalancing", "billing's partitions are being reassigned; retry");
            }
            int part = Partitions.of(customerId, view.partitions());
            if (!view.mine().contains(part)) {
                return proxy(view.owners().get(part), customerId, s);
            }
        }
        return Response.ok(local(customerId, s)).build();
    }

    /** The owner of the customer's partition answers (with the caller's own token); status and body passed on. */
    private Response proxy(String ownerUrl, String customerId, Instant s) {
        String path = "/v1/usage/customers/" + java.net.URLEncoder.encode(customerId,
                java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20") + "?at="
                + java.net.URLEncoder.encode(s.toString(), java.nio.charset.StandardCharsets.UTF_8);
        try {
            // bounded by billing.cluster.peer-timeout: the peer request's own timeout fails the future
            Peers.Answer a = peers.get(ownerUrl, path, Map.of("Authorization", authorization == null ? "" : authorization))
                    .get();
            if (a.status() >= 500) {
                throw Peers.unavailable("partition-owner-unavailable", "the customer's partition owner answered "
                        + a.status() + "; retry");
            }
            return Response.status(a.status()).type(a.contentType()).entity(a.body()).build();
        } catch (java.util.concurrent.ExecutionException e) {
            throw Peers.unavailable("partition-owner-unavailable", "the customer's partition owner did not answer; retry");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Peers.unavailable("partition-owner-unavailable", "interrupted; retry");
        }
    }

    private CustomerUsage local(String customerId, Instant s) {
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
                counts, units == null ? List.of() : units.tracksAt(s.toEpochMilli()));
    }

    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    /**
     * The {@code at} query parameter of the usage and invoice-preview reads: absent or blank is now; otherwise an
     * ISO-8601 instant (surrounding blanks ignored) between 1970 and {@link #LATEST}, else 400 {@code invalid-field}.
     */
    public static Instant instant(String at) {
        if (at == null || at.isBlank()) {
            return Instant.now();
        }
        Instant t;
        try {
            t = Instant.parse(at.trim());
        } catch (DateTimeParseException e) {
            throw ApiException.invalidField("at", "instant", "at must be an ISO-8601 instant, e.g. 2026-11-01T00:00:00Z");
        }
        if (t.isBefore(Instant.EPOCH) || t.isAfter(LATEST)) {
            throw ApiException.invalidField("at", "range", "at must lie between 1970-01-01T00:00:00Z and " + LATEST);
        }
        return t;
    }
}
