package dev.metering.customer.managed.rest;

import dev.metering.contracts.customer.Contact;
import dev.metering.customer.config.CustomerServiceConfig;
import dev.metering.customer.config.Paging;
import dev.metering.customer.managed.Actor;
import dev.metering.customer.managed.CustomerService;
import dev.metering.customer.managed.CustomerState;
import dev.metering.customer.managed.CustomerView;
import dev.metering.platform.error.ApiException;
import dev.metering.platform.security.Caller;
import dev.metering.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
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

/**
 * The vendor-compatible tenants API (DOMAIN.md "The vendor's public Partner API"): existing partner
 * tooling lists, creates and reads its tenants (managed customers) here unchanged. The caller names
 * its partner in {@code X-Partner-ID}, which must be the token's own partner.
 */
@Path("/partner/v1/tenants")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.PARTNER)
public class TenantsResource {

    public static final String PARTNER_HEADER = "X-Partner-ID";

    private final CustomerService customers;
    private final Caller caller;
    private final CustomerServiceConfig config;

    public TenantsResource(CustomerService customers, Caller caller, CustomerServiceConfig config) {
        this.customers = customers;
        this.caller = caller;
        this.config = config;
    }

    /** A tenant in the vendor's shape. {@code billingType} is trial, term or usage. */
    public record Tenant(String id, String showAs, String name, String dataGeography, String dataRegion,
            String billingType, PartnerRef partner, String apiHost) {
    }

    public record PartnerRef(String id) {
    }

    public record CreateTenant(@NotBlank @Size(max = 200) String name, @Size(max = 200) String showAs,
            @NotBlank String dataGeography, @NotBlank String billingType, @Valid Contact contact) {
    }

    @GET
    public Uni<Paging.Page<Tenant>> list(@HeaderParam(PARTNER_HEADER) String partnerHeader,
            @QueryParam("page") Integer page, @QueryParam("pageSize") Integer pageSize,
            @QueryParam("pageTotal") boolean pageTotal) {
        Actor actor = Actor.ofPartner(partner(partnerHeader));
        Paging.Request p = Paging.request(page, pageSize, config);
        return customers.list(actor, null, null, p.offset(), p.size()).flatMap(items -> {
            var tenants = items.stream().map(this::tenant).toList();
            return pageTotal ? customers.count(actor, null, null).map(total -> p.page(tenants, total))
                    : Uni.createFrom().item(p.page(tenants, null));
        });
    }

    @POST
    public Uni<Response> create(@HeaderParam(PARTNER_HEADER) String partnerHeader, @NotNull @Valid CreateTenant body) {
        String partnerId = partner(partnerHeader);
        return customers.create(partnerId, new CustomerService.NewCustomer(body.name(), body.showAs(),
                body.dataGeography(), CustomerResource.billingType(body.billingType()), body.contact()))
                .map(d -> {
                    CustomerState.Active c = (CustomerState.Active) d.state();
                    return Response.created(URI.create("/partner/v1/tenants/" + c.customerId()))
                            .entity(tenant(CustomerView.of(c, d.version()))).build();
                });
    }

    @GET
    @Path("/{id}")
    public Uni<Tenant> get(@HeaderParam(PARTNER_HEADER) String partnerHeader, @PathParam("id") String id) {
        return customers.get(id, Actor.ofPartner(partner(partnerHeader))).map(this::tenant);
    }

    private String partner(String header) {
        if (header == null || header.isBlank()) {
            throw ApiException.badRequest("missing-partner-id", "the X-Partner-ID header names the calling partner");
        }
        return caller.partnerIdMatching(header);
    }

    private Tenant tenant(CustomerView v) {
        return new Tenant(v.id(), v.showAs(), v.name(), v.dataGeography(), v.dataRegion(), v.billingType().apiName(),
                new PartnerRef(v.partnerId()), config.apiHostTemplate().replace("{region}", v.dataRegion()));
    }
}
