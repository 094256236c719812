package dev.metering.contracts.license;

import dev.metering.contracts.EventType;
import dev.metering.contracts.ProductCode;
import dev.metering.contracts.ProductFamily;
import dev.metering.contracts.telemetry.FirewallSubscription;
import java.time.Instant;
import java.time.LocalDate;

/** Licence events on {@code licenses.events}, keyed by customer id (R10–R15, R17a). */
public sealed interface LicenseEvent extends dev.metering.contracts.MeteringEvent {

    String customerId();

    String partnerId();

    @Override
    default String subject() {
        return customerId();
    }

    /** R10, R12: a term licence; {@code trial} ones end after 30 days unless converted to paid. */
    @EventType("metering.license.v1.term-issued")
    record TermLicenseIssued(String customerId, String partnerId, String licenseId, String sku, ProductCode product,
            int quantity, LocalDate startDate, LocalDate endDate, LicenseOwner owner, boolean trial,
            Instant occurredAt) implements LicenseEvent {
    }

    /** R12. */
    @EventType("metering.license.v1.trial-converted-to-paid")
    record TrialConvertedToPaid(String customerId, String partnerId, String licenseId, LocalDate endDate,
            Instant occurredAt) implements LicenseEvent {
    }

    @EventType("metering.license.v1.term-renewed")
    record TermLicenseRenewed(String customerId, String partnerId, String licenseId, LocalDate endDate,
            Instant occurredAt) implements LicenseEvent {
    }

    /** A term licence or trial ended (expiry, or trial ended by a conversion to monthly, R4). */
    @EventType("metering.license.v1.term-ended")
    record TermLicenseEnded(String customerId, String partnerId, String licenseId, String reason,
            Instant effectiveAt, Instant occurredAt) implements LicenseEvent {
    }

    /**
     * R17a: the monthly licence the partner selected for a product family, in force from
     * {@code effectiveAt}; {@code product == null} clears the selection.
     */
    @EventType("metering.license.v1.monthly-selected")
    record MonthlyLicenseSelected(String customerId, String partnerId, ProductFamily family, ProductCode product,
            Instant effectiveAt, Instant occurredAt) implements LicenseEvent {
    }

    /** R13, R15: an SFOS firewall identified for Flex billing by applying a zero-cost monthly SKU key. */
    @EventType("metering.license.v1.firewall-registered")
    record FirewallRegistered(String customerId, String partnerId, String serialNumber,
            FirewallSubscription subscription, Instant effectiveAt, Instant occurredAt) implements LicenseEvent {
    }

    @EventType("metering.license.v1.firewall-deregistered")
    record FirewallDeregistered(String customerId, String partnerId, String serialNumber, Instant effectiveAt,
            Instant occurredAt) implements LicenseEvent {
    }
}
