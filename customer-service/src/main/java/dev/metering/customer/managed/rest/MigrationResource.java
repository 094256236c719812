package dev.metering.customer.managed.rest;

import dev.metering.customer.config.Actors;
import dev.metering.customer.managed.CustomerService;
import dev.metering.customer.managed.MigrationView;
import dev.metering.platform.security.Caller;
import dev.metering.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * The open migration requests (R8) across customers: a partner sees those it is a party to (the partner the
 * customer leaves, or the one it joins), an operator all of them (the ones to record a customer's consent for,
 * and the fully consented ones to execute). Each is acted on under {@code /v1/customers/{id}/migrations/{mid}}.
 */
@Path("/v1/migrations")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.PARTNER, Roles.OPERATOR })
public class MigrationResource {

    private final CustomerService customers;
    private final Caller caller;

    public MigrationResource(CustomerService customers, Caller caller) {
        this.customers = customers;
        this.caller = caller;
    }

    public record Migrations(List<MigrationView> items) {
    }

    @GET
    public Uni<Migrations> open() {
        return customers.openMigrations(Actors.of(caller)).map(Migrations::new);
    }
}
