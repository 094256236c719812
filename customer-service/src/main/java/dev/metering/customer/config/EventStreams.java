package dev.metering.customer.config;

import dev.metering.contracts.Topics;
import dev.metering.contracts.customer.CustomerEvent;
import dev.metering.contracts.customer.PartnerEvent;
import dev.metering.customer.managed.CustomerCommand;
import dev.metering.customer.managed.CustomerDecider;
import dev.metering.customer.managed.CustomerState;
import dev.metering.customer.partner.PartnerCommand;
import dev.metering.customer.partner.PartnerDecider;
import dev.metering.customer.partner.PartnerState;
import dev.metering.platform.eventstore.Aggregate;
import jakarta.inject.Singleton;

/**
 * The two event-sourced aggregates of this service and where their events go: everything to
 * {@code customers.events}, customer events keyed by customer id, partner events by partner id
 * (their {@code subject}).
 */
@Singleton
public class EventStreams {

    public static final String PARTNER_STREAM = "partner";
    public static final String CUSTOMER_STREAM = "customer";

    private final Aggregate<PartnerCommand, PartnerState, PartnerEvent> partners;
    private final Aggregate<CustomerCommand, CustomerState, CustomerEvent> customers;

    public EventStreams(CustomerServiceConfig config) {
        partners = Aggregate.publishedTo(PARTNER_STREAM, PartnerEvent.class, PartnerDecider.INSTANCE,
                Topics.CUSTOMERS_EVENTS, config.eventSource());
        customers = Aggregate.publishedTo(CUSTOMER_STREAM, CustomerEvent.class, CustomerDecider.INSTANCE,
                Topics.CUSTOMERS_EVENTS, config.eventSource());
    }

    public Aggregate<PartnerCommand, PartnerState, PartnerEvent> partners() {
        return partners;
    }

    public Aggregate<CustomerCommand, CustomerState, CustomerEvent> customers() {
        return customers;
    }

    /** Partner and customer ids share one stream namespace in the store, so streams are prefixed. */
    public static String partnerStream(String partnerId) {
        return "partner-" + partnerId;
    }

    public static String customerStream(String customerId) {
        return "customer-" + customerId;
    }
}
