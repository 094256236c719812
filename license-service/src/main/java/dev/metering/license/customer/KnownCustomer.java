package dev.metering.license.customer;

import dev.metering.contracts.BillingType;
import dev.metering.license.licence.CustomerFacts;
import java.time.Instant;

/** A customer as license-service learnt it from {@code customers.events}. */
public record KnownCustomer(String customerId, String partnerId, String name, BillingType billingType,
        Instant billingTypeEffectiveAt) {

    public CustomerFacts facts() {
        return new CustomerFacts(customerId, partnerId, billingType);
    }
}
