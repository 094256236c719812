package dev.metering.billing.usage;

import dev.metering.contracts.ProductCode;

/**
 * Decides under which product an active unit is counted: R17a (the selected monthly licence of the
 * family replaces the reported product), R13 (a firewall's registered subscription). Answering
 * {@code null} leaves the unit out.
 */
@FunctionalInterface
public interface ProductResolver {

    ProductCode resolve(ProductCode reported, String deviceId);

    /** Every unit under the product its device reports. */
    ProductResolver AS_REPORTED = (reported, deviceId) -> reported;
}
