package dev.metering.license.firewall;

import dev.metering.contracts.license.LicenseEvent;
import dev.metering.license.config.EventStreams;
import dev.metering.license.customer.store.CustomerDirectory;
import dev.metering.license.firewall.projection.FirewallProjection;
import dev.metering.license.firewall.projection.FirewallProjection.FirewallRow;
import dev.metering.platform.eventstore.CommandExecutor;
import dev.metering.platform.eventstore.Decision;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;

/**
 * Firewall Flex registration (R13, R15). One stream per serial number, so two customers racing for the
 * same serial are serialised by the event store's optimistic concurrency.
 */
@ApplicationScoped
public class FirewallService {

    private final CommandExecutor executor;
    private final EventStreams streams;
    private final CustomerDirectory customers;
    private final FirewallProjection projection;
    private final Clock clock = Clock.systemUTC();

    public FirewallService(CommandExecutor executor, EventStreams streams, CustomerDirectory customers,
            FirewallProjection projection) {
        this.executor = executor;
        this.streams = streams;
        this.customers = customers;
        this.projection = projection;
    }

    public Uni<Decision<FirewallState, LicenseEvent>> register(String customerId, String partnerId,
            String serialNumber, String sku, String firmwareVersion) {
        return customers.require(customerId, partnerId).flatMap(c -> executor.execute(streams.firewalls(),
                FirewallRegistration.streamId(serialNumber), null,
                loaded -> new FirewallCommand.RegisterFirewall(c.facts(), serialNumber, sku, firmwareVersion,
                        clock.instant()), projection.step()));
    }

    public Uni<Decision<FirewallState, LicenseEvent>> deregister(String customerId, String partnerId,
            String serialNumber) {
        return customers.require(customerId, partnerId).flatMap(c -> executor.execute(streams.firewalls(),
                FirewallRegistration.streamId(serialNumber), null,
                loaded -> new FirewallCommand.DeregisterFirewall(c.facts(), serialNumber, clock.instant()),
                projection.step()));
    }

    public Uni<List<FirewallRow>> list(String customerId, String partnerId) {
        return customers.require(customerId, partnerId).flatMap(c -> projection.ofCustomer(customerId));
    }
}
