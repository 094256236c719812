package dev.metering.customer.managed;

import dev.metering.contracts.BillingType;
import dev.metering.contracts.customer.Contact;
import dev.metering.contracts.customer.CustomerEvent.MigrationParty;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** A managed customer's state: the fold of its events ({@link CustomerDecider#evolve}). */
public sealed interface CustomerState {

    /** No such customer yet. */
    record None() implements CustomerState {
    }

    /**
     * A customer managed by {@code partnerId}. {@code migration} is the open move request, if any;
     * {@code closedMigrations} are ids of requests that were rejected, withdrawn or executed;
     * {@code ingestKeys} maps active key ids to their SHA-256 hashes; {@code createdAt} is when it was created.
     */
    record Active(String customerId, String partnerId, String name, String showAs, String dataGeography,
            BillingType billingType, boolean partnerAssistance, Contact contact, Migration migration,
            Set<String> closedMigrations, Map<String, String> ingestKeys, Set<String> revokedKeys,
            Instant createdAt) implements CustomerState {

        public Active {
            closedMigrations = Set.copyOf(closedMigrations);
            ingestKeys = Map.copyOf(ingestKeys);
            revokedKeys = Set.copyOf(revokedKeys);
        }

        Active with(Change change) {
            Builder b = new Builder(this);
            change.apply(b);
            return b.build();
        }
    }

    /** R8: an open request to move the customer to {@code toPartnerId} and the consents collected so far. */
    record Migration(String migrationId, String toPartnerId, Set<MigrationParty> consents, Instant requestedAt) {

        public Migration {
            consents = consents.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(consents));
        }

        public boolean fullyConsented() {
            return consents.size() == MigrationParty.values().length;
        }

        public Set<MigrationParty> missingConsents() {
            EnumSet<MigrationParty> missing = EnumSet.allOf(MigrationParty.class);
            missing.removeAll(consents);
            return missing;
        }
    }

    @FunctionalInterface
    interface Change {
        void apply(Builder b);
    }

    /** Mutable copy used only inside {@code evolve}, to keep each case a one-liner. */
    final class Builder {
        String customerId;
        String partnerId;
        String name;
        String showAs;
        String dataGeography;
        BillingType billingType;
        boolean partnerAssistance;
        Contact contact;
        Migration migration;
        Set<String> closedMigrations;
        Map<String, String> ingestKeys;
        Set<String> revokedKeys;
        Instant createdAt;

        Builder(Active a) {
            customerId = a.customerId();
            partnerId = a.partnerId();
            name = a.name();
            showAs = a.showAs();
            dataGeography = a.dataGeography();
            billingType = a.billingType();
            partnerAssistance = a.partnerAssistance();
            contact = a.contact();
            migration = a.migration();
            closedMigrations = new HashSet<>(a.closedMigrations());
            ingestKeys = new LinkedHashMap<>(a.ingestKeys());
            revokedKeys = new HashSet<>(a.revokedKeys());
            createdAt = a.createdAt();
        }

        Active build() {
            return new Active(customerId, partnerId, name, showAs, dataGeography, billingType, partnerAssistance,
                    contact, migration, closedMigrations, ingestKeys, revokedKeys, createdAt);
        }
    }
}
