package dev.metering.customer.managed;

import dev.metering.contracts.customer.CustomerEvent;
import dev.metering.contracts.customer.CustomerEvent.MigrationParty;
import java.util.List;

/**
 * A migration request (R8) as its parties see it: no customer data beyond the id, because the new
 * partner is a party too. {@code status} is OPEN, REJECTED, WITHDRAWN or EXECUTED.
 */
public record MigrationView(String customerId, String migrationId, String status, String fromPartnerId,
        String toPartnerId, List<MigrationParty> consents, List<MigrationParty> missingConsents, int version) {

    /** An open request as the read model holds it: every party not in {@code consents} is still missing. */
    public static MigrationView open(String customerId, String fromPartnerId, CustomerView.OpenMigration m,
            int version) {
        java.util.EnumSet<MigrationParty> missing = java.util.EnumSet.allOf(MigrationParty.class);
        m.consents().forEach(missing::remove);
        return new MigrationView(customerId, m.migrationId(), "OPEN", fromPartnerId, m.toPartnerId(),
                m.consents().stream().sorted().toList(), List.copyOf(missing), version);
    }

    /** The migration after a command, from the resulting state and the events the command appended. */
    public static MigrationView of(CustomerState.Active c, String migrationId, List<CustomerEvent> newEvents,
            int version) {
        CustomerState.Migration m = c.migration();
        if (m != null && m.migrationId().equals(migrationId)) {
            return new MigrationView(c.customerId(), migrationId, "OPEN", c.partnerId(), m.toPartnerId(),
                    m.consents().stream().sorted().toList(), m.missingConsents().stream().sorted().toList(), version);
        }
        String status = "CLOSED";
        String from = c.partnerId();
        String to = null;
        for (CustomerEvent e : newEvents) {
            if (e instanceof CustomerEvent.MigrationRejected) {
                status = "REJECTED";
            } else if (e instanceof CustomerEvent.MigrationWithdrawn) {
                status = "WITHDRAWN";
            } else if (e instanceof CustomerEvent.CustomerMigrated moved) {
                status = "EXECUTED";
                from = moved.fromPartnerId();
                to = moved.partnerId();
            }
        }
        return new MigrationView(c.customerId(), migrationId, status, from, to, List.of(), List.of(), version);
    }
}
