package dev.metering.customer.partner.rest;

import dev.metering.contracts.customer.PartnerEvent;
import dev.metering.customer.config.CustomerServiceConfig;
import dev.metering.customer.config.Paging;
import dev.metering.customer.partner.PartnerService;
import dev.metering.customer.partner.PartnerState;
import dev.metering.customer.partner.PartnerView;
import dev.metering.platform.error.ApiException;
import dev.metering.platform.eventstore.Decision;
import dev.metering.platform.eventstore.ETags;
import dev.metering.platform.security.Caller;
import dev.metering.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;

/**
 * Partners (R1–R3): operators register them, the partner's own distributor approves Flex. A partner
 * sees only itself and a distributor only its own partners; anything else is 404.
 */
@Path("/v1/partners")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PartnerResource {

    private final PartnerService partners;
    private final Caller caller;
    private final CustomerServiceConfig config;

    public PartnerResource(PartnerService partners, Caller caller, CustomerServiceConfig config) {
        this.partners = partners;
        this.caller = caller;
        this.config = config;
    }

    /** {@code partnerId} is optional (a UUID is assigned); GB partners get distributor DIRECT (R3). */
    public record RegisterPartner(@Pattern(regexp = "[A-Za-z0-9_.-]{1,100}") String partnerId,
            @NotBlank @Size(max = 200) String name, @NotBlank String country, String distributorId) {
    }

    public record Rename(@NotBlank @Size(max = 200) String name) {
    }

    /** Operators list all partners (optionally of one distributor); a distributor lists its own. */
    @GET
    @RolesAllowed({ Roles.OPERATOR, Roles.DISTRIBUTOR })
    public Uni<Paging.Page<PartnerView>> list(@QueryParam("distributorId") String distributorId,
            @QueryParam("page") Integer page, @QueryParam("pageSize") Integer pageSize) {
        String scope = caller.isOperator() ? distributorId : caller.distributorId();
        Paging.Request p = Paging.request(page, pageSize, config);
        return partners.list(scope, p.offset(), p.size())
                .flatMap(items -> partners.count(scope).map(total -> p.page(items, total)));
    }

    @POST
    @RolesAllowed(Roles.OPERATOR)
    public Uni<Response> register(@NotNull @Valid RegisterPartner body) {
        String id = body.partnerId() == null ? UUID.randomUUID().toString() : body.partnerId();
        return partners.register(id, body.name(), body.country(), body.distributorId())
                .map(d -> respond(Response.created(URI.create("/v1/partners/" + id)), d));
    }

    @GET
    @Path("/{partnerId}")
    @RolesAllowed({ Roles.OPERATOR, Roles.PARTNER, Roles.DISTRIBUTOR })
    public Uni<Response> get(@PathParam("partnerId") String partnerId) {
        boolean operator = caller.isOperator();
        String ownPartner = !operator && caller.isPartner() ? caller.partnerId() : null;
        String ownDistributor = !operator && ownPartner == null ? caller.distributorId() : null;
        if (!operator && ownPartner != null && !ownPartner.equals(partnerId)) {
            return Uni.createFrom().failure(ApiException.notFound("partner"));
        }
        return partners.require(partnerId).map(loaded -> {
            PartnerState.Registered p = loaded.state();
            if (ownDistributor != null && !ownDistributor.equals(p.distributorId())) {
                throw ApiException.notFound("partner");
            }
            return Response.ok(PartnerView.of(p, loaded.version())).tag(ETags.of(loaded.version())).build();
        });
    }

    /** R2: the partner's own distributor approves it for Flex (CONNECT_FLEX). */
    @POST
    @Path("/{partnerId}/flex-approval")
    @RolesAllowed(Roles.DISTRIBUTOR)
    public Uni<Response> approveFlex(@PathParam("partnerId") String partnerId,
            @HeaderParam(ETags.IF_MATCH) String ifMatch) {
        String distributor = caller.distributorId();
        return partners.approveFlex(partnerId, distributor, ETags.parseIfMatch(ifMatch))
                .map(d -> respond(Response.ok(), d));
    }

    @PUT
    @Path("/{partnerId}/name")
    @RolesAllowed({ Roles.OPERATOR, Roles.PARTNER })
    public Uni<Response> rename(@PathParam("partnerId") String partnerId, @HeaderParam(ETags.IF_MATCH) String ifMatch,
            @NotNull @Valid Rename body) {
        if (!caller.isOperator() && !partnerId.equals(caller.partnerId())) {
            return Uni.createFrom().failure(ApiException.notFound("partner"));
        }
        return partners.rename(partnerId, body.name(), ETags.parseIfMatch(ifMatch))
                .map(d -> respond(Response.ok(), d));
    }

    private static Response respond(Response.ResponseBuilder rb, Decision<PartnerState, PartnerEvent> d) {
        PartnerState.Registered p = (PartnerState.Registered) d.state();
        return rb.entity(PartnerView.of(p, d.version())).tag(ETags.of(d.version())).build();
    }
}
