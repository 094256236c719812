package dev.metering.license.firewall;

import dev.metering.contracts.telemetry.FirewallSubscription;
import java.time.Instant;

/** The lifecycle of one appliance's Flex registration (stream {@code firewall-<serial>}). */
public sealed interface FirewallState {

    record Unregistered() implements FirewallState {
    }

    /** R13, R15: registered to exactly one customer. */
    record Registered(String serialNumber, String customerId, String partnerId, FirewallSubscription subscription,
            Instant since) implements FirewallState {
    }
}
