package dev.metering.license.licence.rest;

import dev.metering.license.config.LicenseServiceConfig;
import dev.metering.license.licence.LicenceBook;
import dev.metering.license.licence.LicenceService;
import dev.metering.license.licence.LicenceService.NewTermLicence;
import dev.metering.license.licence.projection.LicenceProjection;
import dev.metering.platform.error.ApiException;
import dev.metering.platform.eventstore.ETags;
import dev.metering.platform.security.Caller;
import dev.metering.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;

/** Term licences and trials of the caller's customers (R10–R12), in the vendor licensing API's shape. */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.PARTNER)
public class LicenceResource {

    private final LicenceService licences;
    private final LicenceProjection projection;
    private final LicenseServiceConfig config;
    private final Caller caller;

    public LicenceResource(LicenceService licences, LicenceProjection projection, LicenseServiceConfig config,
            Caller caller) {
        this.licences = licences;
        this.projection = projection;
        this.config = config;
        this.caller = caller;
    }

    /** {@code licenseId}: the licence key's identifier (generated when left out). Trials omit endDate (R12). */
    public record IssueRequest(String licenseId, String sku, @NotNull String product, @NotNull Integer quantity,
            @NotNull LocalDate startDate, LocalDate endDate, @NotNull String owner, Boolean trial) {
    }

    public record EndDateRequest(LocalDate endDate) {
    }

    public record TransferRequest(String toCustomerId) {
    }

    /** Every licence of the caller's customers, paged like the vendor API ({@code page} from 1). */
    @GET
    @Path("/licenses")
    public Uni<Page<LicenceView>> list(@QueryParam("customerId") String customerId, @QueryParam("page") Integer page,
            @QueryParam("pageSize") Integer pageSize, @QueryParam("pageTotal") boolean pageTotal) {
        String partnerId = caller.partnerId();
        int size = pageSize == null ? config.defaultPageSize() : pageSize;
        int current = page == null ? 1 : page;
        if (size < 1 || size > config.maxPageSize() || current < 1) {
            throw ApiException.badRequest("invalid-paging", "page must be >= 1 and pageSize 1.." + config.maxPageSize());
        }
        Instant now = licences.now();
        Uni<Long> total = pageTotal ? projection.count(partnerId, customerId) : Uni.createFrom().nullItem();
        return projection.list(partnerId, customerId, (current - 1) * size, size).flatMap(rows -> total.map(t ->
                new Page<>(rows.stream().map(r -> LicenceView.of(r, partnerId, now)).toList(),
                        new Page.Pages(current, size, t == null ? null : (int) ((t + size - 1) / size), t,
                                config.maxPageSize()))));
    }

    @GET
    @Path("/customers/{customerId}/licenses")
    public Uni<Page<LicenceView>> ofCustomer(@PathParam("customerId") String customerId) {
        String partnerId = caller.partnerId();
        return licences.load(customerId, partnerId).map(s -> {
            List<LicenceView> items = views(customerId, partnerId, s.loaded().state());
            return new Page<>(items, new Page.Pages(1, items.size(), 1, (long) items.size(), config.maxPageSize()));
        });
    }

    @GET
    @Path("/customers/{customerId}/licenses/{licenseId}")
    public Uni<Response> get(@PathParam("customerId") String customerId, @PathParam("licenseId") String licenseId) {
        String partnerId = caller.partnerId();
        return licences.load(customerId, partnerId).map(s -> s.loaded().state().licence(licenseId)
                .map(l -> Response.ok(LicenceView.of(customerId, partnerId, l, licences.now()))
                        .tag(ETags.of(s.loaded().version())).build())
                .orElseThrow(() -> new ApiException(404, "licence-not-found", "licence " + licenseId + " not found")));
    }

    /** R10, R12: issue a term licence or a 30-day trial. */
    @POST
    @Path("/customers/{customerId}/licenses")
    public Uni<Response> issue(@PathParam("customerId") String customerId, @NotNull @Valid IssueRequest body) {
        String partnerId = caller.partnerId();
        NewTermLicence l = new NewTermLicence(body.licenseId(), body.sku(),
                RequestValues.product("product", body.product()), body.quantity(), body.startDate(), body.endDate(),
                RequestValues.owner("owner", body.owner()), Boolean.TRUE.equals(body.trial()));
        return licences.issue(customerId, partnerId, l).map(d -> {
            var issued = (dev.metering.contracts.license.LicenseEvent.TermLicenseIssued) d.events().get(0);
            return Response.created(URI.create("/v1/customers/" + customerId + "/licenses/" + issued.licenseId()))
                    .tag(ETags.of(d.version()))
                    .entity(LicenceView.of(customerId, partnerId, d.state().licence(issued.licenseId()).orElseThrow(),
                            licences.now())).build();
        });
    }

    /** R12: "convert to paid"; {@code endDate} defaults to one year from the trial's start. */
    @POST
    @Path("/customers/{customerId}/licenses/{licenseId}/convert-to-paid")
    public Uni<Response> convertToPaid(@PathParam("customerId") String customerId,
            @PathParam("licenseId") String licenseId, @HeaderParam(ETags.IF_MATCH) String ifMatch,
            EndDateRequest body) {
        String partnerId = caller.partnerId();
        return licences.convertTrialToPaid(customerId, partnerId, ETags.parseIfMatch(ifMatch), licenseId,
                body == null ? null : body.endDate()).map(d -> licenceResponse(customerId, partnerId, licenseId,
                        d.state(), d.version()));
    }

    @POST
    @Path("/customers/{customerId}/licenses/{licenseId}/renew")
    public Uni<Response> renew(@PathParam("customerId") String customerId, @PathParam("licenseId") String licenseId,
            @HeaderParam(ETags.IF_MATCH) String ifMatch, @NotNull EndDateRequest body) {
        String partnerId = caller.partnerId();
        return licences.renew(customerId, partnerId, ETags.parseIfMatch(ifMatch), licenseId, body.endDate())
                .map(d -> licenceResponse(customerId, partnerId, licenseId, d.state(), d.version()));
    }

    /** R11: a term licence is never moved to another customer: always 409, and nothing changes. */
    @POST
    @Path("/customers/{customerId}/licenses/{licenseId}/transfer")
    public Uni<Response> transfer(@PathParam("customerId") String customerId,
            @PathParam("licenseId") String licenseId, TransferRequest body) {
        String partnerId = caller.partnerId();
        return licences.transfer(customerId, partnerId, licenseId, body == null ? null : body.toCustomerId())
                .map(d -> Response.status(409).build());
    }

    private Response licenceResponse(String customerId, String partnerId, String licenseId, LicenceBook state,
            int version) {
        return Response.ok(LicenceView.of(customerId, partnerId, state.licence(licenseId).orElseThrow(),
                licences.now())).tag(ETags.of(version)).build();
    }

    static List<LicenceView> views(String customerId, String partnerId, LicenceBook book) {
        Instant now = Instant.now();
        return book.licences().values().stream().sorted(Comparator.comparing(l -> l.licenseId()))
                .map(l -> LicenceView.of(customerId, partnerId, l, now)).toList();
    }
}
