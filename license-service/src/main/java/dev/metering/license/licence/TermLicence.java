package dev.metering.license.licence;

import dev.metering.contracts.ProductCode;
import dev.metering.contracts.license.LicenseOwner;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * One term licence (or trial) of a customer. {@code endDate} is the last day it covers (inclusive); it
 * expires at 00:00 UTC of the next day. {@code endedAt}/{@code endedReason} are set once it ended.
 */
public record TermLicence(String licenseId, String sku, ProductCode product, int quantity, LocalDate startDate,
        LocalDate endDate, LicenseOwner owner, boolean trial, Instant issuedAt, Instant endedAt,
        String endedReason) {

    public boolean active() {
        return endedAt == null;
    }

    /** The instant the licence runs out: the start of the day after {@code endDate} (UTC). */
    public Instant expiresAt() {
        return expiryOf(endDate);
    }

    public static Instant expiryOf(LocalDate endDate) {
        return endDate.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    TermLicence paid(LocalDate newEndDate) {
        return new TermLicence(licenseId, sku, product, quantity, startDate, newEndDate, owner, false, issuedAt,
                endedAt, endedReason);
    }

    TermLicence renewed(LocalDate newEndDate) {
        return new TermLicence(licenseId, sku, product, quantity, startDate, newEndDate, owner, trial, issuedAt,
                endedAt, endedReason);
    }

    TermLicence ended(Instant at, String reason) {
        return new TermLicence(licenseId, sku, product, quantity, startDate, endDate, owner, trial, issuedAt, at,
                reason);
    }
}
