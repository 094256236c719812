package dev.metering.contracts.license;

/** R10: monthly licences are always partner-owned; term licences either. */
public enum LicenseOwner {
    PARTNER, CUSTOMER
}
