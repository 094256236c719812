package dev.metering.contracts.telemetry;

import dev.metering.contracts.ProductCode;

/** R13: the firewall bundles billed monthly. */
public enum FirewallSubscription {
    ENTERPRISE_GUARD(ProductCode.FIREWALL_ENTERPRISE_GUARD), FULL_GUARD(ProductCode.FIREWALL_FULL_GUARD);

    private final ProductCode product;

    FirewallSubscription(ProductCode product) {
        this.product = product;
    }

    public ProductCode product() {
        return product;
    }
}
