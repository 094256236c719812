package dev.metering.contracts.customer;

import dev.metering.contracts.BillingType;
import dev.metering.contracts.CustomerScoped;
import dev.metering.contracts.EventType;
import java.time.Instant;

/**
 * Customer events on {@code customers.events}, keyed by customer id (R4–R9, R27). Every event names
 * the customer's managing partner at the time, so a consumer never needs a second lookup.
 */
public sealed interface CustomerEvent extends CustomerScoped {

    /** R4–R6. A MONTHLY customer is live at once with no trial; Partner Assistance defaults on for it. */
    @EventType("metering.customer.v1.created")
    record CustomerCreated(String customerId, String partnerId, String name, String showAs, String dataGeography,
            BillingType billingType, boolean partnerAssistance, Contact contact, Instant occurredAt)
            implements CustomerEvent {
    }

    /** R7. */
    @EventType("metering.customer.v1.renamed")
    record CustomerRenamed(String customerId, String partnerId, String name, String showAs, Instant occurredAt)
            implements CustomerEvent {
    }

    @EventType("metering.customer.v1.contact-changed")
    record CustomerContactChanged(String customerId, String partnerId, Contact contact, Instant occurredAt)
            implements CustomerEvent {
    }

    /** R6. */
    @EventType("metering.customer.v1.partner-assistance-changed")
    record PartnerAssistanceChanged(String customerId, String partnerId, boolean enabled, Instant occurredAt)
            implements CustomerEvent {
    }

    /**
     * R4, R9, R14, R23: the billing type from {@code effectiveAt} on. Billing folds these into "billing
     * type at the close instant", which decides for the whole month (no pro-rating).
     */
    @EventType("metering.customer.v1.billing-type-changed")
    record BillingTypeChanged(String customerId, String partnerId, BillingType from, BillingType to,
            Instant effectiveAt, Instant occurredAt) implements CustomerEvent {
    }

    /** R8: a move to {@code toPartnerId} was requested; consents are collected next. */
    @EventType("metering.customer.v1.migration-requested")
    record MigrationRequested(String customerId, String partnerId, String migrationId, String toPartnerId,
            Instant occurredAt) implements CustomerEvent {
    }

    @EventType("metering.customer.v1.migration-consent-given")
    record MigrationConsentGiven(String customerId, String partnerId, String migrationId, MigrationParty party,
            Instant occurredAt) implements CustomerEvent {
    }

    @EventType("metering.customer.v1.migration-rejected")
    record MigrationRejected(String customerId, String partnerId, String migrationId, MigrationParty party,
            String reason, Instant occurredAt) implements CustomerEvent {
    }

    @EventType("metering.customer.v1.migration-withdrawn")
    record MigrationWithdrawn(String customerId, String partnerId, String migrationId, MigrationParty party,
            Instant occurredAt) implements CustomerEvent {
    }

    /**
     * R8, R27: executed by an operator after all three consents. {@code partnerId} is the NEW managing
     * partner; {@code fromPartnerId} is notified from this event.
     */
    @EventType("metering.customer.v1.migrated")
    record CustomerMigrated(String customerId, String partnerId, String migrationId, String fromPartnerId,
            Instant effectiveAt, Instant occurredAt) implements CustomerEvent {
    }

    /**
     * A device ingest key was issued for this customer. Only a SHA-256 hash of the key travels; the
     * key itself is shown once to the caller that issued it.
     */
    @EventType("metering.customer.v1.ingest-key-issued")
    record IngestKeyIssued(String customerId, String partnerId, String keyId, String keyHash, Instant occurredAt)
            implements CustomerEvent {
    }

    @EventType("metering.customer.v1.ingest-key-revoked")
    record IngestKeyRevoked(String customerId, String partnerId, String keyId, Instant occurredAt)
            implements CustomerEvent {
    }

    enum MigrationParty {
        CURRENT_PARTNER, CUSTOMER, NEW_PARTNER
    }
}
