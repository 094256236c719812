package dev.metering.customer.managed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.metering.contracts.BillingType;
import dev.metering.contracts.EventTypes;
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
import dev.metering.platform.error.DomainException.Kind;
import dev.metering.testsupport.GivenWhenThen;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Given/when/then specification of managed customers (R4–R8) and their ingest keys. */
class CustomerDeciderTest {

    static final Instant T0 = Instant.parse("2026-11-01T09:00:00Z");
    static final Instant T1 = Instant.parse("2026-11-03T10:00:00Z");
    static final Instant T2 = Instant.parse("2026-11-05T11:00:00Z");
    static final String C = "c-1";
    static final String A = "partner-a";
    static final String B = "partner-b";
    static final String M = "m-1";
    static final Contact CONTACT = new Contact("Ada", "Lovelace", "ada@example.com", "+44 1", null);
    static final String HASH = "a".repeat(64);

    static CustomerCreated created(BillingType type, boolean partnerAssistance) {
        return new CustomerCreated(C, A, "Acme Ltd", "Acme", "DE", type, partnerAssistance, null, T0);
    }

    static final CustomerCreated TRIAL = created(BillingType.TRIAL, true);
    static final CustomerCreated TERM = created(BillingType.TERM, false);
    static final CustomerCreated MONTHLY = created(BillingType.MONTHLY, true);
    static final MigrationRequested REQUESTED = new MigrationRequested(C, A, M, B, T1);

    final GivenWhenThen<CustomerCommand, CustomerState, CustomerEvent> spec = GivenWhenThen.of(CustomerDecider.INSTANCE);

    static CustomerCommand.Create create(BillingType type, PartnerTier tier) {
        return new CustomerCommand.Create(C, A, tier, "Acme Ltd", "Acme", "de", type, null, T0);
    }

    @Nested
    class Creating {

        @Test
        void givenConnectPartner_whenCreateMonthly_thenForbiddenFlexOnly_R5() {
            spec.given().when(create(BillingType.MONTHLY, PartnerTier.CONNECT))
                    .thenRefused(Kind.FORBIDDEN, "flex-required");
        }

        @Test
        void givenFlexPartner_whenCreateMonthly_thenLiveMonthlyWithPartnerAssistance_R5_R6() {
            spec.given().when(create(BillingType.MONTHLY, PartnerTier.CONNECT_FLEX)).then(MONTHLY);
        }

        @Test
        void givenConnectPartner_whenCreateTrial_thenPartnerAssistanceOn_R6() {
            spec.given().when(create(BillingType.TRIAL, PartnerTier.CONNECT)).then(TRIAL);
        }

        @Test
        void givenConnectPartner_whenCreateTerm_thenPartnerAssistanceOff_R6() {
            spec.given().when(create(BillingType.TERM, PartnerTier.CONNECT)).then(TERM);
        }

        @Test
        void givenNoShowAs_whenCreate_thenShowAsIsTheName() {
            spec.given().when(new CustomerCommand.Create(C, A, PartnerTier.CONNECT, "Acme Ltd", null, "DE",
                    BillingType.TRIAL, CONTACT, T0))
                    .then(new CustomerCreated(C, A, "Acme Ltd", "Acme Ltd", "DE", BillingType.TRIAL, true, CONTACT,
                            T0));
        }

        @Test
        void givenExisting_whenCreateAgain_thenConflict() {
            spec.given(TRIAL).when(create(BillingType.TRIAL, PartnerTier.CONNECT))
                    .thenRefused(Kind.CONFLICT, "customer-exists");
        }

        @Test
        void givenBadInput_whenCreate_thenRefusedWithReason() {
            spec.given().when(new CustomerCommand.Create(C, A, PartnerTier.CONNECT, "", null, "DE", BillingType.TRIAL,
                    null, T0)).thenRefused(Kind.INVALID, "name-required");
            spec.given().when(new CustomerCommand.Create(C, A, PartnerTier.CONNECT, "Acme", null, "Europe",
                    BillingType.TRIAL, null, T0)).thenRefused(Kind.INVALID, "invalid-data-geography");
            spec.given().when(new CustomerCommand.Create(C, A, PartnerTier.CONNECT, "Acme", null, "DE", null, null,
                    T0)).thenRefused(Kind.INVALID, "billing-type-required");
            spec.given().when(new CustomerCommand.Create(C, A, PartnerTier.CONNECT, "Acme", null, "DE",
                    BillingType.TRIAL, new Contact("a", "b", "not-an-email", null, null), T0))
                    .thenRefused(Kind.INVALID, "invalid-contact");
        }
    }

    @Nested
    class Changing {

        @Test
        void givenCustomer_whenRenamed_thenRenamedWithShowAs_R7() {
            spec.given(TRIAL).when(new CustomerCommand.Rename("Acme Group", "AG", T1))
                    .then(new CustomerRenamed(C, A, "Acme Group", "AG", T1));
            spec.given(TRIAL).when(new CustomerCommand.Rename("Acme Group", null, T1))
                    .then(new CustomerRenamed(C, A, "Acme Group", "Acme", T1));
        }

        @Test
        void givenCustomer_whenRenamedToTheSame_thenNothingHappens() {
            spec.given(TRIAL).when(new CustomerCommand.Rename("Acme Ltd", "Acme", T1)).then();
        }

        @Test
        void givenNoCustomer_whenAnythingButCreate_thenNotFound() {
            spec.given().when(new CustomerCommand.Rename("x", null, T1)).thenRefused(Kind.NOT_FOUND, "not-found");
            spec.given().when(new CustomerCommand.SetPartnerAssistance(true, T1))
                    .thenRefused(Kind.NOT_FOUND, "not-found");
        }

        @Test
        void givenCustomer_whenContactChanged_thenContactChangedAndEmailRequired() {
            spec.given(TRIAL).when(new CustomerCommand.ChangeContact(CONTACT, T1))
                    .then(new CustomerContactChanged(C, A, CONTACT, T1));
            spec.given(TRIAL).when(new CustomerCommand.ChangeContact(new Contact("a", "b", null, null, null), T1))
                    .thenRefused(Kind.INVALID, "invalid-contact");
            Contact huge = new Contact("a", "b", "a@b.c", null, new Contact.Address("x".repeat(201), null, null, null,
                    null, null));
            spec.given(TRIAL).when(new CustomerCommand.ChangeContact(huge, T1))
                    .thenRefused(Kind.INVALID, "invalid-contact");
        }

        @Test
        void givenPartnerAssistanceOn_whenCustomerSwitchesIt_thenToggled_R6() {
            spec.given(TRIAL).when(new CustomerCommand.SetPartnerAssistance(false, T1))
                    .then(new PartnerAssistanceChanged(C, A, false, T1));
            spec.given(TRIAL, new PartnerAssistanceChanged(C, A, false, T1))
                    .when(new CustomerCommand.SetPartnerAssistance(true, T2))
                    .then(new PartnerAssistanceChanged(C, A, true, T2));
            spec.given(TRIAL).when(new CustomerCommand.SetPartnerAssistance(true, T1)).then();
        }
    }

    @Nested
    class BillingTypes {

        CustomerCommand.ChangeBillingType to(BillingType type, PartnerTier tier, String key) {
            return new CustomerCommand.ChangeBillingType(type, T2, key, tier, T1);
        }

        @Test
        void givenTrial_whenFlexPartnerConvertsToMonthly_thenBillingTypeChangedEffectiveAt_R4() {
            spec.given(TRIAL).when(to(BillingType.MONTHLY, PartnerTier.CONNECT_FLEX, null))
                    .then(new BillingTypeChanged(C, A, BillingType.TRIAL, BillingType.MONTHLY, T2, T1));
        }

        @Test
        void givenTerm_whenConvertedToMonthly_thenPartnerAssistanceSwitchedOnToo_R6_R9() {
            spec.given(TERM).when(to(BillingType.MONTHLY, PartnerTier.CONNECT_FLEX, null))
                    .then(new BillingTypeChanged(C, A, BillingType.TERM, BillingType.MONTHLY, T2, T1),
                            new PartnerAssistanceChanged(C, A, true, T1));
        }

        @Test
        void givenTrialCreatedAtT0_whenConversionIsEffectiveBeforeT0_thenRefusedBeforeCreation_R4_R23() {
            // issue 14 finding 6: billing would ignore a change effective before the customer existed
            spec.given(TRIAL).when(new CustomerCommand.ChangeBillingType(BillingType.MONTHLY, T0.minusSeconds(1),
                    null, PartnerTier.CONNECT_FLEX, T1)).thenRefused(Kind.INVALID, "effective-before-creation");
        }

        @Test
        void givenTrial_whenConversionIsEffectiveMoreThanAYearAheadOrBeforeThePreviousMonth_thenRefused_R28() {
            spec.given(TRIAL).when(new CustomerCommand.ChangeBillingType(BillingType.MONTHLY,
                    T1.plus(java.time.Duration.ofDays(367)), null, PartnerTier.CONNECT_FLEX, T1))
                    .thenRefused(Kind.INVALID, "effective-too-far-in-future");
            // an old customer (created in 2020) converted on 2026-11-03 with effect in September 2026
            CustomerCreated old = new CustomerCreated(C, A, "Acme Ltd", "Acme", "DE", BillingType.TRIAL, true, null,
                    Instant.parse("2020-01-01T00:00:00Z"));
            spec.given(old).when(new CustomerCommand.ChangeBillingType(BillingType.MONTHLY,
                    Instant.parse("2026-09-30T23:59:59Z"), null, PartnerTier.CONNECT_FLEX, T1))
                    .thenRefused(Kind.INVALID, "effective-too-far-in-past");
            // while the start of the previous month (October) is still accepted
            spec.given(old).when(new CustomerCommand.ChangeBillingType(BillingType.MONTHLY,
                    Instant.parse("2026-10-01T00:00:00Z"), null, PartnerTier.CONNECT_FLEX, T1))
                    .then(new BillingTypeChanged(C, A, BillingType.TRIAL, BillingType.MONTHLY,
                            Instant.parse("2026-10-01T00:00:00Z"), T1));
        }

        @Test
        void givenConnectPartner_whenConvertToMonthly_thenForbidden_R5() {
            spec.given(TRIAL).when(to(BillingType.MONTHLY, PartnerTier.CONNECT, null))
                    .thenRefused(Kind.FORBIDDEN, "flex-required");
        }

        @Test
        void givenMonthly_whenTermWithoutLicenceKey_thenRefused_R4() {
            spec.given(MONTHLY).when(to(BillingType.TERM, PartnerTier.CONNECT_FLEX, null))
                    .thenRefused(Kind.INVALID, "licence-key-required");
            spec.given(MONTHLY).when(to(BillingType.TERM, PartnerTier.CONNECT_FLEX, " "))
                    .thenRefused(Kind.INVALID, "licence-key-required");
        }

        @Test
        void givenMonthly_whenTermWithLicenceKey_thenTerm_R4() {
            spec.given(MONTHLY).when(to(BillingType.TERM, PartnerTier.CONNECT_FLEX, "LIC-123"))
                    .then(new BillingTypeChanged(C, A, BillingType.MONTHLY, BillingType.TERM, T2, T1));
        }

        @Test
        void givenTrial_whenConvertedToTerm_thenTerm_R12() {
            spec.given(TRIAL).when(to(BillingType.TERM, PartnerTier.CONNECT, null))
                    .then(new BillingTypeChanged(C, A, BillingType.TRIAL, BillingType.TERM, T2, T1));
        }

        @Test
        void givenAnyType_whenBackToTrialOrUnchanged_thenConflict() {
            spec.given(TERM).when(to(BillingType.TRIAL, PartnerTier.CONNECT, null))
                    .thenRefused(Kind.CONFLICT, "no-return-to-trial");
            spec.given(TERM).when(to(BillingType.TERM, PartnerTier.CONNECT, null))
                    .thenRefused(Kind.CONFLICT, "billing-type-unchanged");
        }

        @Test
        void givenNoEffectiveTime_whenChanged_thenEffectiveNow() {
            spec.given(TRIAL).when(new CustomerCommand.ChangeBillingType(BillingType.TERM, null, null,
                    PartnerTier.CONNECT, T1))
                    .then(new BillingTypeChanged(C, A, BillingType.TRIAL, BillingType.TERM, T1, T1));
        }
    }

    @Nested
    class Migrations {

        final Actor operator = Actor.ofOperator();
        final Actor partnerA = Actor.ofPartner(A);
        final Actor partnerB = Actor.ofPartner(B);
        final Actor partnerC = Actor.ofPartner("partner-c");

        Actor speakerFor(MigrationParty party) {
            return switch (party) {
                case CURRENT_PARTNER -> partnerA;
                case NEW_PARTNER -> partnerB;
                case CUSTOMER -> operator;
            };
        }

        CustomerCommand consent(MigrationParty party) {
            return new CustomerCommand.GiveMigrationConsent(M, party, speakerFor(party), T1);
        }

        MigrationConsentGiven consented(MigrationParty party) {
            return new MigrationConsentGiven(C, A, M, party, T1);
        }

        CustomerCommand execute(PartnerTier targetTier) {
            return new CustomerCommand.ExecuteMigration(M, targetTier, T2, operator, T2);
        }

        @Test
        void givenCustomer_whenManagingPartnerRequestsMove_thenRequested_R8() {
            spec.given(TRIAL).when(new CustomerCommand.RequestMigration(M, B, partnerA, T1)).then(REQUESTED);
            spec.given(TRIAL).when(new CustomerCommand.RequestMigration(M, B, operator, T1)).then(REQUESTED);
        }

        @Test
        void givenCustomer_whenAnotherPartnerRequestsMove_thenForbidden() {
            spec.given(TRIAL).when(new CustomerCommand.RequestMigration(M, B, partnerB, T1))
                    .thenRefused(Kind.FORBIDDEN, "not-the-managing-partner");
        }

        @Test
        void givenCustomer_whenMoveToItsOwnPartnerOrWhileOneIsOpen_thenRefused() {
            spec.given(TRIAL).when(new CustomerCommand.RequestMigration(M, A, partnerA, T1))
                    .thenRefused(Kind.INVALID, "same-partner");
            spec.given(TRIAL, REQUESTED).when(new CustomerCommand.RequestMigration("m-2", B, partnerA, T1))
                    .thenRefused(Kind.CONFLICT, "migration-open");
        }

        static List<List<MigrationParty>> everyOrder() {
            List<List<MigrationParty>> out = new ArrayList<>();
            permute(new ArrayList<>(List.of(MigrationParty.values())), 0, out);
            return out;
        }

        private static void permute(List<MigrationParty> a, int k, List<List<MigrationParty>> out) {
            if (k == a.size()) {
                out.add(List.copyOf(a));
                return;
            }
            for (int i = k; i < a.size(); i++) {
                java.util.Collections.swap(a, k, i);
                permute(a, k + 1, out);
                java.util.Collections.swap(a, k, i);
            }
        }

        @ParameterizedTest(name = "consents in order {0}")
        @MethodSource("everyOrder")
        void givenRequest_whenAllThreeConsentInAnyOrder_thenOperatorExecutesAndPartnerChanges_R8_R27(
                List<MigrationParty> order) {
            List<CustomerEvent> history = new ArrayList<>(List.of(TRIAL, REQUESTED));
            for (int i = 0; i < order.size(); i++) {
                MigrationParty party = order.get(i);
                if (i < order.size() - 1) {
                    // not yet: the operator cannot execute before the last consent
                    spec.given(history).when(execute(PartnerTier.CONNECT)).thenRefused(Kind.CONFLICT,
                            "consents-missing");
                }
                history.addAll(spec.given(history).when(consent(party)).then(consented(party)));
            }
            spec.given(history).when(execute(PartnerTier.CONNECT))
                    .then(new CustomerMigrated(C, B, M, A, T2, T2));

            CustomerState.Active after = (CustomerState.Active) spec.given(history).when(execute(PartnerTier.CONNECT))
                    .state();
            assertThat(after.partnerId()).isEqualTo(B);
            assertThat(after.migration()).isNull();
            // the history continues under the new partner
            history.add(new CustomerMigrated(C, B, M, A, T2, T2));
            spec.given(history).when(new CustomerCommand.Rename("Acme New", null, T2))
                    .then(new CustomerRenamed(C, B, "Acme New", "Acme", T2));
        }

        @ParameterizedTest
        @EnumSource(MigrationParty.class)
        void givenConsent_whenTheSamePartyConsentsAgain_thenConflict(MigrationParty party) {
            spec.given(TRIAL, REQUESTED, consented(party)).when(consent(party))
                    .thenRefused(Kind.CONFLICT, "consent-already-given");
        }

        @ParameterizedTest
        @EnumSource(MigrationParty.class)
        void givenRequest_whenAnyPartyRejects_thenClosedAndNoLongerConsentable_R8(MigrationParty party) {
            List<CustomerEvent> rejected = spec.given(TRIAL, REQUESTED, consented(MigrationParty.CURRENT_PARTNER))
                    .when(new CustomerCommand.RejectMigration(M, party, "no thanks", speakerFor(party), T2))
                    .then(new MigrationRejected(C, A, M, party, "no thanks", T2));
            List<CustomerEvent> history = new ArrayList<>(List.of(TRIAL, REQUESTED,
                    consented(MigrationParty.CURRENT_PARTNER)));
            history.addAll(rejected);
            spec.given(history).when(consent(MigrationParty.CUSTOMER)).thenRefused(Kind.CONFLICT, "migration-closed");
            spec.given(history).when(execute(PartnerTier.CONNECT)).thenRefused(Kind.CONFLICT, "migration-closed");
            // a new request may follow
            spec.given(history).when(new CustomerCommand.RequestMigration("m-2", B, partnerA, T2))
                    .then(new MigrationRequested(C, A, "m-2", B, T2));
        }

        @ParameterizedTest
        @EnumSource(MigrationParty.class)
        void givenRequest_whenAnyPartyWithdraws_thenClosed_R8(MigrationParty party) {
            List<CustomerEvent> all = new ArrayList<>(List.of(TRIAL, REQUESTED));
            for (MigrationParty p : MigrationParty.values()) {
                all.add(consented(p));
            }
            all.addAll(spec.given(all).when(new CustomerCommand.WithdrawMigration(M, party, speakerFor(party), T2))
                    .then(new MigrationWithdrawn(C, A, M, party, T2)));
            spec.given(all).when(execute(PartnerTier.CONNECT)).thenRefused(Kind.CONFLICT, "migration-closed");
        }

        @Test
        void givenRequest_whenACallerSpeaksForAnotherParty_thenForbidden() {
            spec.given(TRIAL, REQUESTED).when(new CustomerCommand.GiveMigrationConsent(M, MigrationParty.CUSTOMER,
                    partnerA, T1)).thenRefused(Kind.FORBIDDEN, "not-this-party");
            spec.given(TRIAL, REQUESTED).when(new CustomerCommand.GiveMigrationConsent(M,
                    MigrationParty.CURRENT_PARTNER, partnerB, T1)).thenRefused(Kind.FORBIDDEN, "not-this-party");
            spec.given(TRIAL, REQUESTED).when(new CustomerCommand.RejectMigration(M, MigrationParty.NEW_PARTNER,
                    null, partnerC, T1)).thenRefused(Kind.FORBIDDEN, "not-this-party");
            spec.given(TRIAL, REQUESTED).when(new CustomerCommand.GiveMigrationConsent(M, null, operator, T1))
                    .thenRefused(Kind.INVALID, "party-required");
        }

        @Test
        void givenFullConsent_whenAPartnerExecutes_thenForbiddenOperatorOnly_R8() {
            List<CustomerEvent> all = new ArrayList<>(List.of(TRIAL, REQUESTED));
            for (MigrationParty p : MigrationParty.values()) {
                all.add(consented(p));
            }
            spec.given(all).when(new CustomerCommand.ExecuteMigration(M, PartnerTier.CONNECT, T2, partnerB, T2))
                    .thenRefused(Kind.FORBIDDEN, "operator-only");
        }

        @Test
        void givenMonthlyCustomer_whenMovedToANonFlexPartner_thenConflict_R5() {
            List<CustomerEvent> all = new ArrayList<>(List.of(MONTHLY, REQUESTED));
            for (MigrationParty p : MigrationParty.values()) {
                all.add(consented(p));
            }
            spec.given(all).when(execute(PartnerTier.CONNECT)).thenRefused(Kind.CONFLICT, "target-not-flex");
            spec.given(all).when(execute(PartnerTier.CONNECT_FLEX)).then(new CustomerMigrated(C, B, M, A, T2, T2));
        }

        @Test
        void givenNoSuchMigration_whenConsent_thenNotFound() {
            spec.given(TRIAL, REQUESTED).when(new CustomerCommand.GiveMigrationConsent("other",
                    MigrationParty.CUSTOMER, operator, T1)).thenRefused(Kind.NOT_FOUND, "not-found");
        }
    }

    @Nested
    class IngestKeys {

        @Test
        void givenCustomer_whenKeyIssuedThenRevoked_thenBothEventsCarryTheManagingPartner() {
            spec.given(TRIAL).when(new CustomerCommand.IssueIngestKey("k-1", HASH, T1))
                    .then(new IngestKeyIssued(C, A, "k-1", HASH, T1));
            spec.given(TRIAL, new IngestKeyIssued(C, A, "k-1", HASH, T1))
                    .when(new CustomerCommand.RevokeIngestKey("k-1", T2))
                    .then(new IngestKeyRevoked(C, A, "k-1", T2));
        }

        @Test
        void givenRevokedKey_whenRevokedAgainOrReissued_thenConflict() {
            var given = spec.given(TRIAL, new IngestKeyIssued(C, A, "k-1", HASH, T1),
                    new IngestKeyRevoked(C, A, "k-1", T2));
            given.when(new CustomerCommand.RevokeIngestKey("k-1", T2))
                    .thenRefused(Kind.CONFLICT, "ingest-key-already-revoked");
            given.when(new CustomerCommand.IssueIngestKey("k-1", HASH, T2))
                    .thenRefused(Kind.CONFLICT, "ingest-key-exists");
        }

        @Test
        void givenCustomer_whenUnknownKeyRevokedOrBadHash_thenRefused() {
            spec.given(TRIAL).when(new CustomerCommand.RevokeIngestKey("nope", T1))
                    .thenRefused(Kind.NOT_FOUND, "not-found");
            spec.given(TRIAL).when(new CustomerCommand.IssueIngestKey("k-1", "plaintext-key", T1))
                    .thenRefused(Kind.INVALID, "invalid-key-hash");
        }

        @Test
        void givenTenActiveKeys_whenAnotherIssued_thenConflict() {
            List<CustomerEvent> history = new ArrayList<>(List.of(TRIAL));
            for (int i = 0; i < CustomerDecider.MAX_ACTIVE_INGEST_KEYS; i++) {
                history.add(new IngestKeyIssued(C, A, "k-" + i, HASH, T1));
            }
            spec.given(history).when(new CustomerCommand.IssueIngestKey("k-x", HASH, T2))
                    .thenRefused(Kind.CONFLICT, "too-many-ingest-keys");
        }
    }

    /** Every customer event type is handled by evolve: walk the sealed interface's permitted subclasses. */
    @Test
    void evolveHandlesEveryCustomerEventType() {
        Map<Class<?>, CustomerEvent> samples = new HashMap<>();
        for (CustomerEvent e : List.of(TRIAL, new CustomerRenamed(C, A, "n", "s", T1),
                new CustomerContactChanged(C, A, CONTACT, T1), new PartnerAssistanceChanged(C, A, false, T1),
                new BillingTypeChanged(C, A, BillingType.TRIAL, BillingType.TERM, T1, T1), REQUESTED,
                new MigrationConsentGiven(C, A, M, MigrationParty.CUSTOMER, T1),
                new MigrationRejected(C, A, M, MigrationParty.CUSTOMER, "r", T1),
                new MigrationWithdrawn(C, A, M, MigrationParty.CUSTOMER, T1), new CustomerMigrated(C, B, M, A, T1, T1),
                new IngestKeyIssued(C, A, "k-1", HASH, T1), new IngestKeyRevoked(C, A, "k-1", T1))) {
            samples.put(e.getClass(), e);
        }
        List<Class<? extends CustomerEvent>> types = EventTypes.concreteTypes(CustomerEvent.class);
        assertThat(CustomerEvent.class.getPermittedSubclasses()).hasSameSizeAs(types);
        assertThat(samples.keySet()).as("a sample per event type").containsExactlyInAnyOrderElementsOf(types);

        CustomerState withOpenMigrationAndKey = CustomerDecider.INSTANCE.fold(List.of(TRIAL, REQUESTED,
                new IngestKeyIssued(C, A, "k-1", HASH, T0)));
        for (Class<? extends CustomerEvent> type : types) {
            CustomerEvent e = samples.get(type);
            CustomerState from = e instanceof CustomerCreated ? CustomerDecider.INSTANCE.initialState()
                    : withOpenMigrationAndKey;
            assertThatCode(() -> {
                CustomerState after = CustomerDecider.INSTANCE.evolve(from, e);
                assertThat(after).isInstanceOf(CustomerState.Active.class);
            }).as(type.getSimpleName()).doesNotThrowAnyException();
        }
    }
}
