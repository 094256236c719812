package dev.metering.license.licence;

import dev.metering.contracts.BillingType;
import java.util.Objects;

/**
 * What license-service knows about a customer from {@code customers.events} when it decides a command:
 * its managing partner and its billing type (owned by customer-service, R4). Passed into every command
 * so decisions stay pure.
 */
public record CustomerFacts(String customerId, String partnerId, BillingType billingType) {

    public CustomerFacts {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(partnerId, "partnerId");
        Objects.requireNonNull(billingType, "billingType");
    }
}
