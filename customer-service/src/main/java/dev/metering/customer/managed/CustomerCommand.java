package dev.metering.customer.managed;

import dev.metering.contracts.BillingType;
import dev.metering.contracts.PartnerTier;
import dev.metering.contracts.customer.Contact;
import dev.metering.contracts.customer.CustomerEvent.MigrationParty;
import java.time.Instant;

/**
 * What may be asked of a managed customer. Facts from other aggregates (the partner's tier) and from
 * the world (time, generated ids, key hashes) travel in the command, so {@code decide} stays pure.
 */
public sealed interface CustomerCommand {

    Instant at();

    /** R4–R6. {@code partnerTier} is the creating partner's tier now (R5). */
    record Create(String customerId, String partnerId, PartnerTier partnerTier, String name, String showAs,
            String dataGeography, BillingType billingType, Contact contact, Instant at) implements CustomerCommand {
    }

    /** R7. A null {@code showAs} keeps the current one. */
    record Rename(String name, String showAs, Instant at) implements CustomerCommand {
    }

    record ChangeContact(Contact contact, Instant at) implements CustomerCommand {
    }

    /** R6: the customer switches Partner Assistance on or off. */
    record SetPartnerAssistance(boolean enabled, Instant at) implements CustomerCommand {
    }

    /**
     * R4, R9, R14: effective from {@code effectiveAt}. {@code licenceKey} is required to go from MONTHLY
     * back to TERM; {@code partnerTier} is the managing partner's tier now (monthly needs Flex, R5).
     */
    record ChangeBillingType(BillingType to, Instant effectiveAt, String licenceKey, PartnerTier partnerTier,
            Instant at) implements CustomerCommand {
    }

    /** R8. {@code toPartnerId} must be a registered partner (checked by the caller). */
    record RequestMigration(String migrationId, String toPartnerId, Actor actor, Instant at)
            implements CustomerCommand {
    }

    record GiveMigrationConsent(String migrationId, MigrationParty party, Actor actor, Instant at)
            implements CustomerCommand {
    }

    record RejectMigration(String migrationId, MigrationParty party, String reason, Actor actor, Instant at)
            implements CustomerCommand {
    }

    record WithdrawMigration(String migrationId, MigrationParty party, Actor actor, Instant at)
            implements CustomerCommand {
    }

    /** R8, R27: by an operator; {@code targetPartnerTier} is the new partner's tier now. */
    record ExecuteMigration(String migrationId, PartnerTier targetPartnerTier, Instant effectiveAt, Actor actor,
            Instant at) implements CustomerCommand {
    }

    /** A device ingest key; only its SHA-256 hash ever reaches the decider. */
    record IssueIngestKey(String keyId, String keyHash, Instant at) implements CustomerCommand {
    }

    record RevokeIngestKey(String keyId, Instant at) implements CustomerCommand {
    }
}
