package dev.metering.billing.invoice;

import dev.metering.contracts.ProductCode;

/** The monthly (usage-based) SKU of every product; the price list is keyed by these. */
public final class Skus {

    public static final String PREFIX = "MSP-FLEX-";

    private Skus() {
    }

    public static String of(ProductCode product) {
        return PREFIX + product.name().replace('_', '-');
    }
}
