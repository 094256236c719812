package dev.metering.customer.managed.rest;

import dev.metering.contracts.BillingType;
import dev.metering.contracts.customer.Contact;
import dev.metering.contracts.customer.CustomerEvent;
import dev.metering.contracts.customer.CustomerEvent.MigrationParty;
import dev.metering.customer.config.Actors;
import dev.metering.customer.config.CustomerServiceConfig;
import dev.metering.customer.config.Paging;
import dev.metering.customer.managed.Actor;
import dev.metering.customer.managed.CustomerService;
import dev.metering.customer.managed.CustomerState;
import dev.metering.customer.managed.CustomerView;
import dev.metering.customer.managed.MigrationView;
import dev.metering.platform.error.ApiException;
import dev.metering.platform.eventstore.Decision;
import dev.metering.platform.eventstore.ETags;
import dev.metering.platform.security.Caller;
import dev.metering.platform.security.Roles;
import com.fasterxml.jackson.databind.JsonNode;
import dev.metering.contracts.Json;
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
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * Managed customers (R4–R8). Partners reach only their own customers (404 otherwise); operators reach
 * all. Writes accept {@code If-Match} (409 {@code concurrency-conflict} when stale); every customer
 * answer carries its version as {@code ETag}.
 */
@Path("/v1/customers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.PARTNER, Roles.OPERATOR })
public class CustomerResource {

    private final CustomerService customers;
    private final Caller caller;
    private final CustomerServiceConfig config;

    public CustomerResource(CustomerService customers, Caller caller, CustomerServiceConfig config) {
        this.customers = customers;
        this.caller = caller;
        this.config = config;
    }

    /** {@code partnerId} only for operators (a partner always creates for itself). */
    public record CreateCustomer(String partnerId, @NotBlank @Size(max = 200) String name,
            @Size(max = 200) String showAs, @NotBlank String dataGeography, @NotBlank String billingType,
            @Valid Contact contact) {
    }

    public record Rename(@NotBlank @Size(max = 200) String name, @Size(max = 200) String showAs) {
    }

    public record PartnerAssistance(@NotNull Boolean enabled) {
    }

    /** {@code billingType}: TRIAL, TERM, MONTHLY (or the vendor's trial, term, usage). */
    public record ChangeBillingType(@NotBlank String billingType, Instant effectiveAt, String licenceKey) {
    }

    public record RequestMigration(@NotBlank String toPartnerId) {
    }

    public record PartyAction(@NotNull MigrationParty party, @Size(max = 1000) String reason) {
    }

    public record ExecuteMigration(Instant effectiveAt) {
    }

    /**
     * One stored event of the customer with its audit trail: {@code actor} (token subject, or
     * {@code system:<service>}), {@code actorRole}, {@code correlationId} (the request's X-Correlation-ID)
     * and {@code causationId} (the request's id); the four are null for events stored before the audit trail.
     */
    public record HistoryEntry(int version, String type, Instant occurredAt, Instant recordedAt, String actor,
            String actorRole, String correlationId, String causationId, JsonNode data) {

        static HistoryEntry of(dev.metering.platform.eventstore.StoredEvent e) {
            dev.metering.contracts.Audit a = e.audit();
            return new HistoryEntry(e.version(), e.type(), e.event().occurredAt(), e.recordedAt(),
                    a == null ? null : a.actor(), a == null ? null : a.actorRole(),
                    a == null ? null : a.correlationId(), a == null ? null : a.causationId(),
                    Json.mapper().valueToTree(e.event()));
        }
    }

    @GET
    public Uni<Paging.Page<CustomerView>> list(@QueryParam("name") String name,
            @QueryParam("partnerId") String partnerId, @QueryParam("page") Integer page,
            @QueryParam("pageSize") Integer pageSize) {
        Actor actor = Actors.of(caller);
        Paging.Request p = Paging.request(page, pageSize, config);
        return customers.list(actor, partnerId, name, p.offset(), p.size())
                .flatMap(items -> customers.count(actor, partnerId, name).map(total -> p.page(items, total)));
    }

    @POST
    public Uni<Response> create(@NotNull @Valid CreateCustomer body) {
        Actor actor = Actors.of(caller);
        String partnerId = actor.operator() ? body.partnerId() : actor.partnerId();
        if (partnerId == null || partnerId.isBlank()) {
            throw ApiException.invalidField("partnerId", "required for operators", "an operator names the partnerId");
        }
        return customers.create(partnerId, new CustomerService.NewCustomer(body.name(), body.showAs(),
                body.dataGeography(), billingType(body.billingType()), body.contact()))
                .map(d -> customer(Response.created(URI.create("/v1/customers/" + d.streamId()
                        .substring("customer-".length()))), d));
    }

    @GET
    @Path("/{id}")
    public Uni<Response> get(@PathParam("id") String id) {
        return customers.get(id, Actors.of(caller))
                .map(v -> Response.ok(v).tag(ETags.of(v.version())).build());
    }

    /** The customer's history, oldest first: creation, renames, billing-type changes, migrations... */
    @GET
    @Path("/{id}/history")
    public Uni<List<HistoryEntry>> history(@PathParam("id") String id) {
        return customers.history(id, Actors.of(caller)).map(events -> events.stream().map(HistoryEntry::of).toList());
    }

    /** R7. */
    @PUT
    @Path("/{id}/name")
    public Uni<Response> rename(@PathParam("id") String id, @HeaderParam(ETags.IF_MATCH) String ifMatch,
            @NotNull @Valid Rename body) {
        return customers.rename(id, Actors.of(caller), ETags.parseIfMatch(ifMatch), body.name(), body.showAs())
                .map(d -> customer(Response.ok(), d));
    }

    @PUT
    @Path("/{id}/contact")
    public Uni<Response> contact(@PathParam("id") String id, @HeaderParam(ETags.IF_MATCH) String ifMatch,
            @NotNull @Valid Contact body) {
        return customers.changeContact(id, Actors.of(caller), ETags.parseIfMatch(ifMatch), body)
                .map(d -> customer(Response.ok(), d));
    }

    /** R6: the customer's switch (recorded through its partner or an operator). */
    @PUT
    @Path("/{id}/partner-assistance")
    public Uni<Response> partnerAssistance(@PathParam("id") String id, @HeaderParam(ETags.IF_MATCH) String ifMatch,
            @NotNull @Valid PartnerAssistance body) {
        return customers.setPartnerAssistance(id, Actors.of(caller), ETags.parseIfMatch(ifMatch), body.enabled())
                .map(d -> customer(Response.ok(), d));
    }

    /** R4, R9, R14: trial -> monthly, term -> monthly, monthly -> term (with licenceKey), trial -> term. */
    @PUT
    @Path("/{id}/billing-type")
    public Uni<Response> billingType(@PathParam("id") String id, @HeaderParam(ETags.IF_MATCH) String ifMatch,
            @NotNull @Valid ChangeBillingType body) {
        return customers.changeBillingType(id, Actors.of(caller), ETags.parseIfMatch(ifMatch),
                billingType(body.billingType()), body.effectiveAt(), body.licenceKey())
                .map(d -> customer(Response.ok(), d));
    }

    /** R8: the managing partner or an operator asks to move the customer to {@code toPartnerId}. */
    @POST
    @Path("/{id}/migrations")
    public Uni<Response> requestMigration(@PathParam("id") String id, @HeaderParam(ETags.IF_MATCH) String ifMatch,
            @NotNull @Valid RequestMigration body) {
        return customers.requestMigration(id, Actors.of(caller), ETags.parseIfMatch(ifMatch), body.toPartnerId())
                .map(d -> {
                    CustomerState.Active c = (CustomerState.Active) d.state();
                    String mid = c.migration().migrationId();
                    return migration(Response.created(URI.create("/v1/customers/" + id + "/migrations/" + mid)), d,
                            mid);
                });
    }

    @POST
    @Path("/{id}/migrations/{migrationId}/consents")
    public Uni<Response> consent(@PathParam("id") String id, @PathParam("migrationId") String migrationId,
            @HeaderParam(ETags.IF_MATCH) String ifMatch, @NotNull @Valid PartyAction body) {
        return customers.consent(id, migrationId, body.party(), Actors.of(caller), ETags.parseIfMatch(ifMatch))
                .map(d -> migration(Response.ok(), d, migrationId));
    }

    @POST
    @Path("/{id}/migrations/{migrationId}/rejection")
    public Uni<Response> reject(@PathParam("id") String id, @PathParam("migrationId") String migrationId,
            @HeaderParam(ETags.IF_MATCH) String ifMatch, @NotNull @Valid PartyAction body) {
        return customers.reject(id, migrationId, body.party(), body.reason(), Actors.of(caller),
                ETags.parseIfMatch(ifMatch)).map(d -> migration(Response.ok(), d, migrationId));
    }

    @POST
    @Path("/{id}/migrations/{migrationId}/withdrawal")
    public Uni<Response> withdraw(@PathParam("id") String id, @PathParam("migrationId") String migrationId,
            @HeaderParam(ETags.IF_MATCH) String ifMatch, @NotNull @Valid PartyAction body) {
        return customers.withdraw(id, migrationId, body.party(), Actors.of(caller), ETags.parseIfMatch(ifMatch))
                .map(d -> migration(Response.ok(), d, migrationId));
    }

    /** R8, R27: an operator carries out a fully consented migration. */
    @POST
    @Path("/{id}/migrations/{migrationId}/execution")
    @RolesAllowed(Roles.OPERATOR)
    public Uni<Response> execute(@PathParam("id") String id, @PathParam("migrationId") String migrationId,
            @HeaderParam(ETags.IF_MATCH) String ifMatch, ExecuteMigration body) {
        return customers.executeMigration(id, migrationId, Actors.of(caller), ETags.parseIfMatch(ifMatch),
                body == null ? null : body.effectiveAt()).map(d -> migration(Response.ok(), d, migrationId));
    }

    static BillingType billingType(String value) {
        try {
            return BillingType.fromApiName(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField("billingType", "must be one of TRIAL, TERM, MONTHLY (trial, term, usage)",
                    e.getMessage());
        }
    }

    private static Response customer(Response.ResponseBuilder rb, Decision<CustomerState, CustomerEvent> d) {
        CustomerView v = CustomerView.of((CustomerState.Active) d.state(), d.version());
        return rb.entity(v).tag(ETags.of(d.version())).build();
    }

    private static Response migration(Response.ResponseBuilder rb, Decision<CustomerState, CustomerEvent> d,
            String migrationId) {
        return rb.entity(MigrationView.of((CustomerState.Active) d.state(), migrationId, d.events(), d.version()))
                .tag(ETags.of(d.version())).build();
    }
}
