package dev.metering.license.firewall;

import dev.metering.contracts.telemetry.FirewallSubscription;
import java.util.Arrays;
import java.util.Optional;

/**
 * R13: the zero-cost monthly SKUs whose key, applied to an SFOS appliance, identifies it for Flex
 * billing. Only these two are accepted.
 */
public enum FlexFirewallKey {
    ENTERPRISE_GUARD_MONTHLY("XG-FLEX-EG-MONTHLY-0", FirewallSubscription.ENTERPRISE_GUARD),
    FULL_GUARD_MONTHLY("XG-FLEX-FG-MONTHLY-0", FirewallSubscription.FULL_GUARD);

    private final String sku;
    private final FirewallSubscription subscription;

    FlexFirewallKey(String sku, FirewallSubscription subscription) {
        this.sku = sku;
        this.subscription = subscription;
    }

    public String sku() {
        return sku;
    }

    public FirewallSubscription subscription() {
        return subscription;
    }

    /** The key for a SKU code (case-insensitive), or empty when it is not a Flex firewall SKU. */
    public static Optional<FlexFirewallKey> ofSku(String sku) {
        return sku == null ? Optional.empty()
                : Arrays.stream(values()).filter(k -> k.sku.equalsIgnoreCase(sku.trim())).findFirst();
    }
}
