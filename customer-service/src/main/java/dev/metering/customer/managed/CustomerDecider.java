package dev.metering.customer.managed;

import dev.metering.contracts.BillingType;
import dev.metering.contracts.PartnerTier;
import dev.metering.contracts.customer.Contact;
import dev.metering.contracts.customer.CustomerEvent;
import dev.metering.contracts.customer.CustomerEvent.BillingTypeChanged;
import dev.metering.contracts.customer.CustomerEvent.CustomerContactChanged;
import dev.metering.contracts.customer.CustomerEvent.CustomerCreated;
import dev.metering.contracts.customer.CustomerEvent.CustomerMigrated;
import dev.metering.contracts.customer.CustomerEvent.CustomerRenamed;
import dev.metering.contracts.customer.CustomerEvent.IngestKeyIssued;
import dev.metering.contracts.customer.CustomerEvent.IngestKeyRevoked;
import dev.metering.contracts.customer.CustomerEvent.MigrationConsentGiven;
import dev.metering.contracts.customer.CustomerEvent.MigrationParty;
import dev.metering.contracts.customer.CustomerEvent.MigrationRejected;
import dev.metering.contracts.customer.CustomerEvent.MigrationRequested;
import dev.metering.contracts.customer.CustomerEvent.MigrationWithdrawn;
import dev.metering.contracts.customer.CustomerEvent.PartnerAssistanceChanged;
import dev.metering.customer.managed.CustomerState.Active;
import dev.metering.customer.managed.CustomerState.Migration;
import dev.metering.customer.managed.CustomerState.None;
import dev.metering.customer.shared.DeciderRules;
import dev.metering.platform.error.DomainException;
import dev.metering.platform.error.EffectiveTimes;
import dev.metering.platform.error.DomainException.Kind;
import dev.metering.platform.eventstore.Decider;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Managed customers (R4–R9, R27 input) and their ingest keys, as pure functions. */
public final class CustomerDecider implements Decider<CustomerCommand, CustomerState, CustomerEvent> {

    public static final CustomerDecider INSTANCE = new CustomerDecider();
    /** Active ingest keys per customer: enough to rotate, few enough to audit. */
    public static final int MAX_ACTIVE_INGEST_KEYS = 10;
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    @Override
    public CustomerState initialState() {
        return new None();
    }

    @Override
    public CustomerState evolve(CustomerState state, CustomerEvent event) {
        if (event instanceof CustomerCreated e) {
            return new Active(e.customerId(), e.partnerId(), e.name(), e.showAs(), e.dataGeography(), e.billingType(),
                    e.partnerAssistance(), e.contact(), null, Set.of(), Map.of(), Set.of(), e.occurredAt());
        }
        Active c = (Active) state;
        if (event instanceof CustomerRenamed e) {
            return c.with(b -> {
                b.name = e.name();
                b.showAs = e.showAs();
            });
        }
        if (event instanceof CustomerContactChanged e) {
            return c.with(b -> b.contact = e.contact());
        }
        if (event instanceof PartnerAssistanceChanged e) {
            return c.with(b -> b.partnerAssistance = e.enabled());
        }
        if (event instanceof BillingTypeChanged e) {
            return c.with(b -> b.billingType = e.to());
        }
        if (event instanceof MigrationRequested e) {
            return c.with(b -> b.migration = new Migration(e.migrationId(), e.toPartnerId(), Set.of(), e.occurredAt()));
        }
        if (event instanceof MigrationConsentGiven e) {
            return c.with(b -> {
                Set<MigrationParty> consents = EnumSet.noneOf(MigrationParty.class);
                consents.addAll(b.migration.consents());
                consents.add(e.party());
                b.migration = new Migration(b.migration.migrationId(), b.migration.toPartnerId(), consents,
                        b.migration.requestedAt());
            });
        }
        if (event instanceof MigrationRejected e) {
            return c.with(b -> close(b, e.migrationId()));
        }
        if (event instanceof MigrationWithdrawn e) {
            return c.with(b -> close(b, e.migrationId()));
        }
        if (event instanceof CustomerMigrated e) {
            return c.with(b -> {
                close(b, e.migrationId());
                b.partnerId = e.partnerId();
            });
        }
        if (event instanceof IngestKeyIssued e) {
            return c.with(b -> b.ingestKeys.put(e.keyId(), e.keyHash()));
        }
        if (event instanceof IngestKeyRevoked e) {
            return c.with(b -> {
                b.ingestKeys.remove(e.keyId());
                b.revokedKeys.add(e.keyId());
            });
        }
        throw new IllegalArgumentException("unhandled customer event " + event.getClass().getName());
    }

    private static void close(CustomerState.Builder b, String migrationId) {
        b.migration = null;
        b.closedMigrations.add(migrationId);
    }

    @Override
    public List<CustomerEvent> decide(CustomerCommand command, CustomerState state) {
        if (command instanceof CustomerCommand.Create c) {
            return create(c, state);
        }
        Active customer = DeciderRules.existing(state, Active.class, "customer");
        if (command instanceof CustomerCommand.Rename c) {
            return rename(c, customer);
        }
        if (command instanceof CustomerCommand.ChangeContact c) {
            Contact contact = requireContact(c.contact());
            return contact.equals(customer.contact()) ? List.of()
                    : List.of(new CustomerContactChanged(customer.customerId(), customer.partnerId(), contact, c.at()));
        }
        if (command instanceof CustomerCommand.SetPartnerAssistance c) {
            return c.enabled() == customer.partnerAssistance() ? List.of()
                    : List.of(new PartnerAssistanceChanged(customer.customerId(), customer.partnerId(), c.enabled(),
                            c.at()));
        }
        if (command instanceof CustomerCommand.ChangeBillingType c) {
            return changeBillingType(c, customer);
        }
        if (command instanceof CustomerCommand.RequestMigration c) {
            return requestMigration(c, customer);
        }
        if (command instanceof CustomerCommand.GiveMigrationConsent c) {
            Migration m = openMigration(customer, c.migrationId());
            requireParty(customer, m, c.party(), c.actor());
            if (m.consents().contains(c.party())) {
                throw new DomainException(Kind.CONFLICT, "consent-already-given", c.party()
                        + " has already consented to migration " + m.migrationId());
            }
            return List.of(new MigrationConsentGiven(customer.customerId(), customer.partnerId(), m.migrationId(),
                    c.party(), c.at()));
        }
        if (command instanceof CustomerCommand.RejectMigration c) {
            Migration m = openMigration(customer, c.migrationId());
            requireParty(customer, m, c.party(), c.actor());
            return List.of(new MigrationRejected(customer.customerId(), customer.partnerId(), m.migrationId(),
                    c.party(), c.reason(), c.at()));
        }
        if (command instanceof CustomerCommand.WithdrawMigration c) {
            Migration m = openMigration(customer, c.migrationId());
            requireParty(customer, m, c.party(), c.actor());
            return List.of(new MigrationWithdrawn(customer.customerId(), customer.partnerId(), m.migrationId(),
                    c.party(), c.at()));
        }
        if (command instanceof CustomerCommand.ExecuteMigration c) {
            return executeMigration(c, customer);
        }
        if (command instanceof CustomerCommand.IssueIngestKey c) {
            return issueKey(c, customer);
        }
        if (command instanceof CustomerCommand.RevokeIngestKey c) {
            if (customer.ingestKeys().containsKey(c.keyId())) {
                return List.of(new IngestKeyRevoked(customer.customerId(), customer.partnerId(), c.keyId(), c.at()));
            }
            if (customer.revokedKeys().contains(c.keyId())) {
                throw new DomainException(Kind.CONFLICT, "ingest-key-already-revoked", "ingest key " + c.keyId()
                        + " is already revoked");
            }
            throw new DomainException(Kind.NOT_FOUND, "not-found", "ingest key not found");
        }
        throw new IllegalArgumentException("unhandled customer command " + command.getClass().getName());
    }

    private static List<CustomerEvent> create(CustomerCommand.Create c, CustomerState state) {
        DeciderRules.absent(state, Active.class, "customer-exists", "customer " + c.customerId() + " already exists");
        String name = DeciderRules.requireName(c.name());
        String showAs = c.showAs() == null || c.showAs().isBlank() ? name : DeciderRules.requireName(c.showAs());
        String geography = DeciderRules.twoLetterCode(c.dataGeography(), "invalid-data-geography",
                "dataGeography must be a two-letter code such as US, DE or IE: ");
        if (c.billingType() == null) {
            throw new DomainException(Kind.INVALID, "billing-type-required", "billingType is required");
        }
        if (c.billingType() == BillingType.MONTHLY) {
            requireFlex(c.partnerTier(), c.partnerId());
        }
        Contact contact = c.contact() == null ? null : requireContact(c.contact());
        // R5: monthly accounts are live at once (no trial). R6: Partner Assistance is on for monthly
        // accounts and for trials the partner creates; every customer here is partner-created.
        boolean partnerAssistance = c.billingType() != BillingType.TERM;
        return List.of(new CustomerCreated(c.customerId(), c.partnerId(), name, showAs, geography, c.billingType(),
                partnerAssistance, contact, c.at()));
    }

    private static List<CustomerEvent> rename(CustomerCommand.Rename c, Active customer) {
        String name = DeciderRules.requireName(c.name());
        String showAs = c.showAs() == null || c.showAs().isBlank() ? customer.showAs()
                : DeciderRules.requireName(c.showAs());
        if (name.equals(customer.name()) && showAs.equals(customer.showAs())) {
            return List.of();
        }
        return List.of(new CustomerRenamed(customer.customerId(), customer.partnerId(), name, showAs, c.at()));
    }

    private static List<CustomerEvent> changeBillingType(CustomerCommand.ChangeBillingType c, Active customer) {
        BillingType from = customer.billingType();
        BillingType to = c.to();
        if (to == null) {
            throw new DomainException(Kind.INVALID, "billing-type-required", "billingType is required");
        }
        if (to == from) {
            throw new DomainException(Kind.CONFLICT, "billing-type-unchanged", "the customer is already " + to);
        }
        if (to == BillingType.TRIAL) {
            throw new DomainException(Kind.CONFLICT, "no-return-to-trial",
                    "a " + from + " customer cannot become a trial again (R4)");
        }
        if (to == BillingType.MONTHLY) {
            requireFlex(c.partnerTier(), customer.partnerId());
        }
        if (from == BillingType.MONTHLY && to == BillingType.TERM
                && (c.licenceKey() == null || c.licenceKey().isBlank())) {
            throw new DomainException(Kind.INVALID, "licence-key-required",
                    "a monthly customer becomes term again only when a licence key is applied (R4): licenceKey");
        }
        Instant effectiveAt = EffectiveTimes.require(c.effectiveAt(), c.at(), customer.createdAt(), "customer");
        List<CustomerEvent> events = new ArrayList<>();
        // R4: trial -> monthly ends the trials (license-service reacts); R23: effectiveAt decides the month
        events.add(new BillingTypeChanged(customer.customerId(), customer.partnerId(), from, to, effectiveAt,
                c.at()));
        if (to == BillingType.MONTHLY && !customer.partnerAssistance()) {
            // R6: Partner Assistance is switched on automatically for monthly accounts
            events.add(new PartnerAssistanceChanged(customer.customerId(), customer.partnerId(), true, c.at()));
        }
        return events;
    }

    private static List<CustomerEvent> requestMigration(CustomerCommand.RequestMigration c, Active customer) {
        if (!c.actor().operator() && !c.actor().isPartner(customer.partnerId())) {
            throw new DomainException(Kind.FORBIDDEN, "not-the-managing-partner",
                    "only the managing partner or an operator may request a migration");
        }
        if (c.toPartnerId() == null || c.toPartnerId().isBlank()) {
            throw new DomainException(Kind.INVALID, "to-partner-required", "toPartnerId is required");
        }
        if (c.toPartnerId().equals(customer.partnerId())) {
            throw new DomainException(Kind.INVALID, "same-partner", "the customer is already managed by "
                    + c.toPartnerId());
        }
        if (customer.migration() != null) {
            throw new DomainException(Kind.CONFLICT, "migration-open", "migration "
                    + customer.migration().migrationId() + " is still open; reject or withdraw it first");
        }
        if (customer.closedMigrations().contains(c.migrationId())) {
            throw new DomainException(Kind.CONFLICT, "migration-closed", "migration " + c.migrationId()
                    + " is closed");
        }
        return List.of(new MigrationRequested(customer.customerId(), customer.partnerId(), c.migrationId(),
                c.toPartnerId(), c.at()));
    }

    private static List<CustomerEvent> executeMigration(CustomerCommand.ExecuteMigration c, Active customer) {
        if (!c.actor().operator()) {
            throw new DomainException(Kind.FORBIDDEN, "operator-only", "only an operator carries out a migration (R8)");
        }
        Migration m = openMigration(customer, c.migrationId());
        if (!m.fullyConsented()) {
            throw new DomainException(Kind.CONFLICT, "consents-missing", "migration " + m.migrationId()
                    + " still needs the consent of " + m.missingConsents() + " (R8)");
        }
        if (customer.billingType() == BillingType.MONTHLY && c.targetPartnerTier() != PartnerTier.CONNECT_FLEX) {
            throw new DomainException(Kind.CONFLICT, "target-not-flex", "a monthly customer can only move to a"
                    + " CONNECT_FLEX partner (R5); " + m.toPartnerId() + " is " + c.targetPartnerTier());
        }
        // R27: the month's partner is the one at S; a migration effective before the customer existed
        // would be ignored by billing, so it is refused
        Instant effectiveAt = EffectiveTimes.require(c.effectiveAt(), c.at(), customer.createdAt(), "customer");
        return List.of(new CustomerMigrated(customer.customerId(), m.toPartnerId(), m.migrationId(),
                customer.partnerId(), effectiveAt, c.at()));
    }

    private static List<CustomerEvent> issueKey(CustomerCommand.IssueIngestKey c, Active customer) {
        if (c.keyId() == null || c.keyId().isBlank()) {
            throw new DomainException(Kind.INVALID, "key-id-required", "keyId is required");
        }
        if (c.keyHash() == null || !SHA256_HEX.matcher(c.keyHash()).matches()) {
            throw new DomainException(Kind.INVALID, "invalid-key-hash", "keyHash must be lowercase SHA-256 hex");
        }
        if (customer.ingestKeys().containsKey(c.keyId()) || customer.revokedKeys().contains(c.keyId())) {
            throw new DomainException(Kind.CONFLICT, "ingest-key-exists", "ingest key " + c.keyId() + " exists");
        }
        if (customer.ingestKeys().size() >= MAX_ACTIVE_INGEST_KEYS) {
            throw new DomainException(Kind.CONFLICT, "too-many-ingest-keys", "a customer has at most "
                    + MAX_ACTIVE_INGEST_KEYS + " active ingest keys; revoke one first");
        }
        return List.of(new IngestKeyIssued(customer.customerId(), customer.partnerId(), c.keyId(), c.keyHash(), c.at()));
    }

    /** The open migration with this id, or 409 (closed) / 404 (unknown). */
    private static Migration openMigration(Active customer, String migrationId) {
        Migration m = customer.migration();
        if (m != null && m.migrationId().equals(migrationId)) {
            return m;
        }
        if (customer.closedMigrations().contains(migrationId)) {
            throw new DomainException(Kind.CONFLICT, "migration-closed", "migration " + migrationId
                    + " is closed (rejected, withdrawn or executed)");
        }
        throw new DomainException(Kind.NOT_FOUND, "not-found", "migration not found");
    }

    /** R8: each party speaks for itself; the operator may record any party's word (the customer's always). */
    private static void requireParty(Active customer, Migration m, MigrationParty party, Actor actor) {
        if (party == null) {
            throw new DomainException(Kind.INVALID, "party-required",
                    "party is required: CURRENT_PARTNER, CUSTOMER or NEW_PARTNER");
        }
        if (actor.operator()) {
            return;
        }
        boolean allowed = switch (party) {
            case CURRENT_PARTNER -> actor.isPartner(customer.partnerId());
            case NEW_PARTNER -> actor.isPartner(m.toPartnerId());
            case CUSTOMER -> false;
        };
        if (!allowed) {
            throw new DomainException(Kind.FORBIDDEN, "not-this-party", "the caller cannot speak for " + party
                    + (party == MigrationParty.CUSTOMER ? " (an operator records the customer's decision)" : ""));
        }
    }

    private static void requireFlex(PartnerTier tier, String partnerId) {
        if (tier != PartnerTier.CONNECT_FLEX) {
            throw new DomainException(Kind.FORBIDDEN, "flex-required", "only CONNECT_FLEX partners may have monthly"
                    + " (usage-billed) customers (R5); partner " + partnerId + " is " + tier
                    + " until its distributor approves Flex (R2)");
        }
    }

    /** Longest contact field: events stay small (a huge record would exceed Kafka's record size). */
    static final int MAX_CONTACT_FIELD = 200;

    private static Contact requireContact(Contact contact) {
        if (contact == null || contact.email() == null || !contact.email().contains("@")) {
            throw new DomainException(Kind.INVALID, "invalid-contact", "contact.email must be an email address");
        }
        List<String> fields = new ArrayList<>(java.util.Arrays.asList(contact.firstName(), contact.lastName(),
                contact.email(), contact.phone()));
        Contact.Address a = contact.address();
        if (a != null) {
            fields.addAll(java.util.Arrays.asList(a.address1(), a.address2(), a.city(), a.state(), a.postalCode(),
                    a.countryCode()));
        }
        for (String f : fields) {
            if (f != null && f.length() > MAX_CONTACT_FIELD) {
                throw new DomainException(Kind.INVALID, "invalid-contact", "contact fields are at most "
                        + MAX_CONTACT_FIELD + " characters");
            }
        }
        return contact;
    }
}
