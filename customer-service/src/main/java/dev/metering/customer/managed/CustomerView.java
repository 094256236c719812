package dev.metering.customer.managed;

import dev.metering.contracts.BillingType;
import dev.metering.contracts.customer.Contact;
import dev.metering.contracts.customer.CustomerEvent.MigrationParty;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** A managed customer as the {@code /v1} API shows it; {@code version} is its stream version (the ETag). */
public record CustomerView(String id, String partnerId, String name, String showAs, String dataGeography,
        String dataRegion, BillingType billingType, boolean partnerAssistance, Contact contact,
        OpenMigration migration, int version) {

    /** R8: the open move request and the consents given so far. */
    public record OpenMigration(String migrationId, String toPartnerId, List<MigrationParty> consents,
            Instant requestedAt) {
    }

    public static CustomerView of(CustomerState.Active c, int version) {
        CustomerState.Migration m = c.migration();
        OpenMigration open = m == null ? null : new OpenMigration(m.migrationId(), m.toPartnerId(),
                m.consents().stream().sorted().toList(), m.requestedAt());
        return new CustomerView(c.customerId(), c.partnerId(), c.name(), c.showAs(), c.dataGeography(),
                dataRegion(c.dataGeography()), c.billingType(), c.partnerAssistance(), c.contact(), open, version);
    }

    /** The data region inside a geography (project rule: one region per geography, e.g. DE -> de01). */
    public static String dataRegion(String dataGeography) {
        return dataGeography.toLowerCase(Locale.ROOT) + "01";
    }
}
