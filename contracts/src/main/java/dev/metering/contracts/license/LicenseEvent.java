package dev.metering.contracts.license;

import dev.metering.contracts.BillingType;
import dev.metering.contracts.CustomerScoped;
import dev.metering.contracts.EventType;
import dev.metering.contracts.ProductCode;
import dev.metering.contracts.ProductFamily;
import dev.metering.contracts.telemetry.FirewallSubscription;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Licence events on {@code licenses.events}, keyed by customer id (R10–R15, R17a). */
public sealed interface LicenseEvent extends CustomerScoped {

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

    /**
     * R9, R14: a term customer will be converted to monthly billing at its renewal instant
     * {@code effectiveAt} (00:00 UTC of the day after its last term licence ends); {@code selections}
     * (one product per family, R17a) take effect then. Nothing changes for billing until the matching
     * {@link LicensingConverted} is published.
     */
    @EventType("metering.license.v1.monthly-conversion-scheduled")
    record MonthlyConversionScheduled(String customerId, String partnerId, List<ProductCode> selections,
            Instant effectiveAt, Instant occurredAt) implements LicenseEvent {
    }

    /** A scheduled conversion to monthly was withdrawn before it took effect. */
    @EventType("metering.license.v1.monthly-conversion-cancelled")
    record MonthlyConversionCancelled(String customerId, String partnerId, Instant effectiveAt, Instant occurredAt)
            implements LicenseEvent {
    }

    /**
     * R4, R9, R14, R23: the licence side of a billing conversion, effective at {@code effectiveAt}
     * (trial to monthly ends all trials; term to monthly at the renewal instant; monthly to term when a
     * licence key is applied). It is published after the licence events it implies (TermLicenseEnded,
     * MonthlyLicenseSelected, TermLicenseIssued) with the same {@code effectiveAt}. The customer's billing
     * type itself stays owned by customer-service ({@code BillingTypeChanged}); customer-service records
     * it from this event.
     */
    @EventType("metering.license.v1.converted")
    record LicensingConverted(String customerId, String partnerId, BillingType from, BillingType to,
            Instant effectiveAt, Instant occurredAt) implements LicenseEvent {
    }
}
