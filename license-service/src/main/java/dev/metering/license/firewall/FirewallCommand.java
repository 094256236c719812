package dev.metering.license.firewall;

import dev.metering.license.licence.CustomerFacts;
import java.time.Instant;

public sealed interface FirewallCommand {

    String serialNumber();

    CustomerFacts customer();

    Instant now();

    /** R13: apply a Flex SKU key ({@code sku}) to the appliance; {@code firmwareVersion} tells SFOS (R15). */
    record RegisterFirewall(CustomerFacts customer, String serialNumber, String sku, String firmwareVersion,
            Instant now) implements FirewallCommand {
    }

    record DeregisterFirewall(CustomerFacts customer, String serialNumber, Instant now) implements FirewallCommand {
    }
}
