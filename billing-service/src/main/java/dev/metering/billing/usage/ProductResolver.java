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

    /**
     * Whether {@link #resolve} may answer differently for two devices reporting {@code reported}. When false,
     * counting asks once per product instead of once per unit (and need not produce every device id).
     */
    default boolean perDevice(ProductCode reported) {
        return true;
    }

    /** Every unit under the product its device reports. */
    ProductResolver AS_REPORTED = new ProductResolver() {
        @Override
        public ProductCode resolve(ProductCode reported, String deviceId) {
            return reported;
        }

        @Override
        public boolean perDevice(ProductCode reported) {
            return false;
        }
    };
}
