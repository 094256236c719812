package dev.metering.license.config;

import dev.metering.contracts.Topics;
import dev.metering.contracts.license.LicenseEvent;
import dev.metering.license.firewall.FirewallCommand;
import dev.metering.license.firewall.FirewallRegistration;
import dev.metering.license.firewall.FirewallState;
import dev.metering.license.licence.CustomerLicences;
import dev.metering.license.licence.LicenceBook;
import dev.metering.license.licence.LicenceCommand;
import dev.metering.platform.eventstore.Aggregate;
import jakarta.inject.Singleton;

/**
 * The two event-sourced aggregates of this service. Both publish every event to
 * {@code licenses.events} keyed by the event's subject, the customer id (firewall events too), so one
 * partition holds a customer's whole licence history in order.
 */
@Singleton
public class EventStreams {

    private final Aggregate<LicenceCommand, LicenceBook, LicenseEvent> licences;
    private final Aggregate<FirewallCommand, FirewallState, LicenseEvent> firewalls;

    public EventStreams(LicenseServiceConfig config) {
        licences = Aggregate.publishedTo(CustomerLicences.STREAM_TYPE, LicenseEvent.class, CustomerLicences.INSTANCE,
                Topics.LICENSES_EVENTS, config.eventSource());
        firewalls = Aggregate.publishedTo(FirewallRegistration.STREAM_TYPE, LicenseEvent.class,
                FirewallRegistration.INSTANCE, Topics.LICENSES_EVENTS, config.eventSource());
    }

    public Aggregate<LicenceCommand, LicenceBook, LicenseEvent> licences() {
        return licences;
    }

    public Aggregate<FirewallCommand, FirewallState, LicenseEvent> firewalls() {
        return firewalls;
    }
}
