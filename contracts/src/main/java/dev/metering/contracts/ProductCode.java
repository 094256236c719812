package dev.metering.contracts;

/** The products of the usage page, one column each (DOMAIN.md "Products"). */
public enum ProductCode {
    ENDPOINT_STANDARD(ProductFamily.ENDPOINT),
    ENDPOINT_ADVANCED(ProductFamily.ENDPOINT),
    SERVER_STANDARD(ProductFamily.SERVER),
    SERVER_ADVANCED(ProductFamily.SERVER),
    MOBILE_CONTROL(ProductFamily.MOBILE),
    MOBILE_SECURITY(ProductFamily.MOBILE),
    WEB(ProductFamily.WEB),
    DEVICE_ENCRYPTION(ProductFamily.DEVICE_ENCRYPTION),
    FIREWALL_ENTERPRISE_GUARD(ProductFamily.FIREWALL),
    FIREWALL_FULL_GUARD(ProductFamily.FIREWALL);

    private final ProductFamily family;

    ProductCode(ProductFamily family) {
        this.family = family;
    }

    public ProductFamily family() {
        return family;
    }
}
