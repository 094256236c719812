package dev.metering.license.licence.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.metering.contracts.license.LicenseOwner;
import dev.metering.license.licence.TermLicence;
import dev.metering.license.licence.projection.LicenceProjection;
import dev.metering.license.licence.projection.LicenceProjection.LicenceRow;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A term licence in the shape of the vendor's licensing API ({@code id}, {@code licenseIdentifier},
 * {@code product.code}, {@code startDate}, {@code endDate}, {@code type}, {@code quantity}, {@code owner}),
 * plus this platform's {@code status}. {@code type} is {@code trial} or {@code term}; {@code owner.type}
 * is {@code partner} or {@code customer} (R10).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LicenceView(UUID id, String licenseIdentifier, Product product, String sku, LocalDate startDate,
        LocalDate endDate, String type, int quantity, Owner owner, String customerId, String status, Instant endedAt,
        String endedReason) {

    public record Product(String code, String family) {
    }

    public record Owner(String type, String id) {
    }

    public static LicenceView of(String customerId, String partnerId, TermLicence l, Instant now) {
        boolean inForce = (l.endedAt() == null || l.endedAt().isAfter(now)) && l.expiresAt().isAfter(now);
        return new LicenceView(LicenceProjection.publicId(customerId, l.licenseId()), l.licenseId(),
                new Product(l.product().name(), l.product().family().name()), l.sku(), l.startDate(), l.endDate(),
                l.trial() ? "trial" : "term", l.quantity(), owner(l.owner(), customerId, partnerId), customerId,
                inForce ? "active" : "ended", l.endedAt() != null ? l.endedAt() : inForce ? null : l.expiresAt(),
                l.endedReason());
    }

    public static LicenceView of(LicenceRow l, String partnerId, Instant now) {
        boolean inForce = l.inForceAt(now);
        return new LicenceView(l.id(), l.licenseId(), new Product(l.product().name(), l.product().family().name()),
                l.sku(), l.startDate(), l.endDate(), l.trial() ? "trial" : "term", l.quantity(),
                owner(l.owner(), l.customerId(), partnerId), l.customerId(), inForce ? "active" : "ended",
                l.endedAt() != null ? l.endedAt() : inForce ? null : l.expiresAt(), l.endedReason());
    }

    private static Owner owner(LicenseOwner owner, String customerId, String partnerId) {
        return owner == LicenseOwner.PARTNER ? new Owner("partner", partnerId) : new Owner("customer", customerId);
    }
}
