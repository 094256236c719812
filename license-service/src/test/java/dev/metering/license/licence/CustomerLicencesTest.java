package dev.metering.license.licence;

import static dev.metering.platform.error.DomainException.Kind.CONFLICT;
import static dev.metering.platform.error.DomainException.Kind.INVALID;
import static dev.metering.platform.error.DomainException.Kind.NOT_FOUND;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.contracts.BillingType;
import dev.metering.contracts.ProductCode;
import dev.metering.contracts.ProductFamily;
import dev.metering.contracts.license.LicenseEvent;
import dev.metering.contracts.license.LicenseEvent.LicensingConverted;
import dev.metering.contracts.license.LicenseEvent.MonthlyConversionCancelled;
import dev.metering.contracts.license.LicenseEvent.MonthlyConversionScheduled;
import dev.metering.contracts.license.LicenseEvent.MonthlyLicenseSelected;
import dev.metering.contracts.license.LicenseEvent.TermLicenseEnded;
import dev.metering.contracts.license.LicenseEvent.TermLicenseIssued;
import dev.metering.contracts.license.LicenseEvent.TermLicenseRenewed;
import dev.metering.contracts.license.LicenseEvent.TrialConvertedToPaid;
import dev.metering.contracts.license.LicenseOwner;
import dev.metering.testsupport.GivenWhenThen;
import dev.metering.license.licence.LicenceCommand.CancelMonthlyConversion;
import dev.metering.license.licence.LicenceCommand.ConvertToMonthly;
import dev.metering.license.licence.LicenceCommand.ConvertToTerm;
import dev.metering.license.licence.LicenceCommand.ConvertTrialToPaid;
import dev.metering.license.licence.LicenceCommand.FollowConversionToMonthly;
import dev.metering.license.licence.LicenceCommand.IssueTermLicence;
import dev.metering.license.licence.LicenceCommand.ProcessDue;
import dev.metering.license.licence.LicenceCommand.RenewTermLicence;
import dev.metering.license.licence.LicenceCommand.SelectMonthlyLicence;
import dev.metering.license.licence.LicenceCommand.TransferTermLicence;
import dev.metering.platform.error.DomainException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** R4, R9–R12, R14, R17a, R23: given/when/then specifications of a customer's licences. */
class CustomerLicencesTest {

    static final String C = "cust-1";
    static final String P = "partner-1";
    static final CustomerFacts TRIAL = new CustomerFacts(C, P, BillingType.TRIAL);
    static final CustomerFacts TERM = new CustomerFacts(C, P, BillingType.TERM);
    static final CustomerFacts MONTHLY = new CustomerFacts(C, P, BillingType.MONTHLY);
    static final LocalDate NOV_1 = LocalDate.parse("2026-11-01");
    static final Instant ISSUED = Instant.parse("2026-11-01T09:00:00Z");
    static final Instant NOW = Instant.parse("2026-11-10T12:00:00Z");

    final CustomerLicences decider = new CustomerLicences();
    final GivenWhenThen<LicenceCommand, LicenceBook, LicenseEvent> spec = GivenWhenThen.of(decider);

    static TermLicenseIssued paid(String id, LocalDate start, LocalDate end, LicenseOwner owner) {
        return new TermLicenseIssued(C, P, id, "SKU-EP-ADV-1Y", ProductCode.ENDPOINT_ADVANCED, 25, start, end, owner,
                false, ISSUED);
    }

    static TermLicenseIssued paid(String id) {
        return paid(id, NOV_1, LocalDate.parse("2027-10-31"), LicenseOwner.PARTNER);
    }

    static TermLicenseIssued trial(String id) {
        return new TermLicenseIssued(C, P, id, "SKU-EP-ADV-TRIAL", ProductCode.ENDPOINT_ADVANCED, 10, NOV_1,
                LocalDate.parse("2026-11-30"), LicenseOwner.CUSTOMER, true, ISSUED);
    }

    static Instant at(String instant) {
        return Instant.parse(instant);
    }

    @Nested
    class TermLicences {

        @Test
        void givenNoLicences_whenIssueTermLicence_thenIssuedWithSkuProductQuantityDatesAndOwner() {
            spec.given().when(new IssueTermLicence(TERM, "lic-1", "SKU-EP-ADV-1Y", ProductCode.ENDPOINT_ADVANCED, 25,
                    NOV_1, LocalDate.parse("2027-10-31"), LicenseOwner.PARTNER, false, ISSUED))
                    .then(paid("lic-1"));
        }

        @Test
        void givenNoLicences_whenIssueCustomerOwnedLicence_thenTheOwnerIsTheCustomer_R10() {
            var state = spec.given().when(new IssueTermLicence(TERM, "lic-1", "SKU-SRV-1Y",
                    ProductCode.SERVER_STANDARD, 3, NOV_1, LocalDate.parse("2027-10-31"), LicenseOwner.CUSTOMER,
                    false, ISSUED)).state();
            assertThat(state.licence("lic-1").orElseThrow().owner()).isEqualTo(LicenseOwner.CUSTOMER);
        }

        @Test
        void givenNoLicences_whenIssueTrial_thenItCoversThirtyDays_R12() {
            var then = spec.given().when(new IssueTermLicence(TRIAL, "trial-1", "SKU-EP-ADV-TRIAL",
                    ProductCode.ENDPOINT_ADVANCED, 10, NOV_1, null, LicenseOwner.CUSTOMER, true, ISSUED));
            then.then(trial("trial-1"));
            assertThat(then.state().licence("trial-1").orElseThrow().expiresAt()).isEqualTo(at("2026-12-01T00:00:00Z"));
        }

        @Test
        void givenNoLicences_whenIssueTrialWithAnotherLength_thenRefused_R12() {
            spec.given().when(new IssueTermLicence(TRIAL, "trial-1", "SKU", ProductCode.WEB, 1, NOV_1,
                    LocalDate.parse("2027-10-31"), LicenseOwner.PARTNER, true, ISSUED))
                    .thenRefused(INVALID, "trial-length");
        }

        @Test
        void givenNoLicences_whenIssueWithZeroQuantity_thenRefused() {
            spec.given().when(new IssueTermLicence(TERM, "lic-1", "SKU", ProductCode.WEB, 0, NOV_1,
                    LocalDate.parse("2027-10-31"), LicenseOwner.PARTNER, false, ISSUED))
                    .thenRefused(INVALID, "invalid-quantity");
        }

        @Test
        void givenNoLicences_whenIssuePaidLicenceEndingBeforeItStarts_thenRefused() {
            spec.given().when(new IssueTermLicence(TERM, "lic-1", "SKU", ProductCode.WEB, 1, NOV_1,
                    LocalDate.parse("2026-10-31"), LicenseOwner.PARTNER, false, ISSUED))
                    .thenRefused(INVALID, "invalid-term");
        }

        @Test
        void givenNoLicences_whenIssueWithoutSkuOrOwnerOrWithABadId_thenRefused() {
            spec.given().when(new IssueTermLicence(TERM, "lic-1", " ", ProductCode.WEB, 1, NOV_1,
                    LocalDate.parse("2027-10-31"), LicenseOwner.PARTNER, false, ISSUED))
                    .thenRefused(INVALID, "invalid-sku");
            spec.given().when(new IssueTermLicence(TERM, "lic-1", "SKU", ProductCode.WEB, 1, NOV_1,
                    LocalDate.parse("2027-10-31"), null, false, ISSUED)).thenRefused(INVALID, "invalid-owner");
            spec.given().when(new IssueTermLicence(TERM, "bad id!", "SKU", ProductCode.WEB, 1, NOV_1,
                    LocalDate.parse("2027-10-31"), LicenseOwner.PARTNER, false, ISSUED))
                    .thenRefused(INVALID, "invalid-license-id");
        }

        @Test
        void givenIssuedLicence_whenIssueTheSameIdAgain_thenRefused() {
            spec.given(paid("lic-1")).when(new IssueTermLicence(TERM, "lic-1", "SKU", ProductCode.WEB, 1, NOV_1,
                    LocalDate.parse("2027-10-31"), LicenseOwner.PARTNER, false, ISSUED))
                    .thenRefused(CONFLICT, "licence-exists");
        }

        @Test
        void givenMonthlyCustomer_whenIssueTermLicence_thenRefusedBecauseAKeyConvertsItToTerm_R4() {
            spec.given().when(new IssueTermLicence(MONTHLY, "lic-1", "SKU", ProductCode.WEB, 1, NOV_1,
                    LocalDate.parse("2027-10-31"), LicenseOwner.PARTNER, false, ISSUED))
                    .thenRefused(CONFLICT, "customer-is-monthly");
        }
    }

    @Nested
    class Trials {

        @Test
        void givenTrialLicence_whenConvertToPaid_thenPaid_R12() {
            var then = spec.given(trial("trial-1")).when(new ConvertTrialToPaid(TERM, "trial-1", null, NOW));
            then.then(new TrialConvertedToPaid(C, P, "trial-1", LocalDate.parse("2027-10-31"), NOW));
            TermLicence l = then.state().licence("trial-1").orElseThrow();
            assertThat(l.trial()).isFalse();
            assertThat(l.endDate()).isEqualTo(LocalDate.parse("2027-10-31"));
        }

        @Test
        void givenTrialLicence_whenConvertToPaidWithAnEndDate_thenPaidUntilThatDate() {
            spec.given(trial("trial-1")).when(new ConvertTrialToPaid(TERM, "trial-1", LocalDate.parse("2028-10-31"),
                    NOW)).then(new TrialConvertedToPaid(C, P, "trial-1", LocalDate.parse("2028-10-31"), NOW));
        }

        @Test
        void givenTrialLicence_whenConvertToPaidEndingInThePast_thenRefused() {
            spec.given(trial("trial-1")).when(new ConvertTrialToPaid(TERM, "trial-1", LocalDate.parse("2026-11-05"),
                    NOW)).thenRefused(INVALID, "invalid-term");
        }

        @Test
        void givenPaidLicence_whenConvertToPaid_thenRefused() {
            spec.given(paid("lic-1")).when(new ConvertTrialToPaid(TERM, "lic-1", null, NOW))
                    .thenRefused(CONFLICT, "not-a-trial");
        }

        @Test
        void givenNoSuchLicence_whenConvertToPaid_thenNotFound() {
            spec.given().when(new ConvertTrialToPaid(TERM, "nope", null, NOW)).thenRefused(NOT_FOUND,
                    "licence-not-found");
        }

        @Test
        void givenTrialLicence_whenTheSchedulerTicksBeforeThirtyDays_thenNothingHappens() {
            spec.given(trial("trial-1")).when(new ProcessDue(TRIAL, at("2026-11-30T23:59:59Z"))).thenNothingHappens();
        }

        @Test
        void givenTrialLicence_whenTheSchedulerTicksAfterThirtyDays_thenTheTrialExpiredAtDayThirty_R12() {
            spec.given(trial("trial-1")).when(new ProcessDue(TRIAL, at("2026-12-01T00:05:00Z")))
                    .then(new TermLicenseEnded(C, P, "trial-1", EndReason.TRIAL_EXPIRED, at("2026-12-01T00:00:00Z"),
                            at("2026-12-01T00:05:00Z")));
        }

        @Test
        void givenExpiredTrial_whenConvertToPaid_thenRefused_R12() {
            spec.given(trial("trial-1"), new TermLicenseEnded(C, P, "trial-1", EndReason.TRIAL_EXPIRED,
                    at("2026-12-01T00:00:00Z"), at("2026-12-01T00:05:00Z")))
                    .when(new ConvertTrialToPaid(TERM, "trial-1", null, at("2026-12-02T00:00:00Z")))
                    .thenRefused(CONFLICT, "licence-ended");
        }

        @Test
        void givenTrialConvertedToPaid_whenTheSchedulerTicksAfterThirtyDays_thenItRunsOn() {
            spec.given(trial("trial-1"), new TrialConvertedToPaid(C, P, "trial-1", LocalDate.parse("2027-10-31"), NOW))
                    .when(new ProcessDue(TERM, at("2026-12-15T00:00:00Z"))).thenNothingHappens();
        }

        @Test
        void givenExpiredTrial_whenTheSchedulerTicksAgain_thenNothingHappens() {
            spec.given(trial("trial-1"), new TermLicenseEnded(C, P, "trial-1", EndReason.TRIAL_EXPIRED,
                    at("2026-12-01T00:00:00Z"), at("2026-12-01T00:05:00Z")))
                    .when(new ProcessDue(TRIAL, at("2026-12-02T00:00:00Z"))).thenNothingHappens();
        }
    }

    @Nested
    class Renewals {

        @Test
        void givenPaidLicence_whenRenew_thenRenewed() {
            var then = spec.given(paid("lic-1")).when(new RenewTermLicence(TERM, "lic-1", LocalDate.parse("2028-10-31"),
                    NOW));
            then.then(new TermLicenseRenewed(C, P, "lic-1", LocalDate.parse("2028-10-31"), NOW));
            assertThat(then.state().licence("lic-1").orElseThrow().expiresAt()).isEqualTo(at("2028-11-01T00:00:00Z"));
        }

        @Test
        void givenPaidLicence_whenRenewToAnEarlierDate_thenRefused() {
            spec.given(paid("lic-1")).when(new RenewTermLicence(TERM, "lic-1", LocalDate.parse("2027-10-31"), NOW))
                    .thenRefused(INVALID, "renewal-not-later");
        }

        @Test
        void givenTrialLicence_whenRenew_thenRefusedUntilConvertedToPaid() {
            spec.given(trial("trial-1")).when(new RenewTermLicence(TERM, "trial-1", LocalDate.parse("2027-10-31"), NOW))
                    .thenRefused(CONFLICT, "trial-not-paid");
        }

        @Test
        void givenPaidLicence_whenTheSchedulerTicksAfterItsLastDay_thenItExpiredAtMidnight() {
            spec.given(paid("lic-1")).when(new ProcessDue(TERM, at("2027-11-01T03:00:00Z")))
                    .then(new TermLicenseEnded(C, P, "lic-1", EndReason.EXPIRED, at("2027-11-01T00:00:00Z"),
                            at("2027-11-01T03:00:00Z")));
        }

        @Test
        void givenRenewedLicence_whenTheSchedulerTicksAtTheOldEnd_thenItRunsOn() {
            spec.given(paid("lic-1"), new TermLicenseRenewed(C, P, "lic-1", LocalDate.parse("2028-10-31"), NOW))
                    .when(new ProcessDue(TERM, at("2027-11-01T03:00:00Z"))).thenNothingHappens();
        }

        @Test
        void givenExpiredLicence_whenRenew_thenRefused() {
            spec.given(paid("lic-1"), new TermLicenseEnded(C, P, "lic-1", EndReason.EXPIRED,
                    at("2027-11-01T00:00:00Z"), at("2027-11-01T03:00:00Z")))
                    .when(new RenewTermLicence(TERM, "lic-1", LocalDate.parse("2028-10-31"), at("2027-11-02T00:00:00Z")))
                    .thenRefused(CONFLICT, "licence-ended");
        }
    }

    @Nested
    class Transfers {

        @Test
        void givenTermLicence_whenTransferToAnotherCustomer_thenRefusedAndNothingChanges_R11() {
            var given = spec.given(paid("lic-1"));
            LicenceBook before = given.state();
            DomainException refusal = given.when(new TransferTermLicence(TERM, "lic-1", "cust-2", NOW))
                    .thenRefused(CONFLICT, "licence-not-transferable");
            assertThat(refusal.getMessage()).contains("lic-1").contains("cannot be transferred").contains("R11");
            assertThat(given.state()).isEqualTo(before);
        }

        @Test
        void givenNoSuchLicence_whenTransfer_thenNotFound() {
            spec.given().when(new TransferTermLicence(TERM, "lic-1", "cust-2", NOW)).thenRefused(NOT_FOUND,
                    "licence-not-found");
        }
    }

    @Nested
    class MonthlySelections {

        static final Instant NOV_15 = at("2026-11-15T10:00:00Z");
        static final Instant CLOSE = at("2026-12-01T00:00:00Z");

        @Test
        void givenMonthlyCustomer_whenSelectALicence_thenSelectedFromNow_R17a() {
            spec.given().when(new SelectMonthlyLicence(MONTHLY, ProductFamily.ENDPOINT, ProductCode.ENDPOINT_ADVANCED,
                    null, NOW)).then(new MonthlyLicenseSelected(C, P, ProductFamily.ENDPOINT,
                            ProductCode.ENDPOINT_ADVANCED, NOW, NOW));
        }

        @Test
        void givenSelectionChangedMidMonth_whenTheMonthCloses_thenTheSelectionInForceAtTheCloseDecides_R17a_R23() {
            LicenceBook book = spec.given(
                    new MonthlyLicenseSelected(C, P, ProductFamily.ENDPOINT, ProductCode.ENDPOINT_STANDARD, ISSUED,
                            ISSUED))
                    .when(new SelectMonthlyLicence(MONTHLY, ProductFamily.ENDPOINT, ProductCode.ENDPOINT_ADVANCED,
                            NOV_15, NOV_15))
                    .state();
            assertThat(book.selectionAt(ProductFamily.ENDPOINT, at("2026-11-10T00:00:00Z")))
                    .contains(ProductCode.ENDPOINT_STANDARD);
            assertThat(book.selectionAt(ProductFamily.ENDPOINT, CLOSE)).contains(ProductCode.ENDPOINT_ADVANCED);
            assertThat(book.selectionAt(ProductFamily.SERVER, CLOSE)).isEmpty();
        }

        @Test
        void givenAChangeEffectiveAfterTheClose_whenTheMonthCloses_thenTheEarlierSelectionDecides() {
            LicenceBook book = spec.given(
                    new MonthlyLicenseSelected(C, P, ProductFamily.SERVER, ProductCode.SERVER_STANDARD, ISSUED, ISSUED))
                    .when(new SelectMonthlyLicence(MONTHLY, ProductFamily.SERVER, ProductCode.SERVER_ADVANCED,
                            at("2026-12-03T00:00:00Z"), NOV_15))
                    .state();
            assertThat(book.selectionAt(ProductFamily.SERVER, CLOSE)).contains(ProductCode.SERVER_STANDARD);
            assertThat(book.selectionAt(ProductFamily.SERVER, at("2027-01-01T00:00:00Z")))
                    .contains(ProductCode.SERVER_ADVANCED);
        }

        @Test
        void givenSelectionsRecordedOutOfEffectiveOrder_thenTheEffectiveTimeDecidesNotTheRecordingOrder() {
            LicenceBook book = spec.given(
                    new MonthlyLicenseSelected(C, P, ProductFamily.MOBILE, ProductCode.MOBILE_SECURITY,
                            at("2026-11-20T00:00:00Z"), ISSUED),
                    new MonthlyLicenseSelected(C, P, ProductFamily.MOBILE, ProductCode.MOBILE_CONTROL,
                            at("2026-11-05T00:00:00Z"), at("2026-11-05T00:00:00Z")))
                    .state();
            assertThat(book.selectionAt(ProductFamily.MOBILE, CLOSE)).contains(ProductCode.MOBILE_SECURITY);
            assertThat(book.selectionAt(ProductFamily.MOBILE, at("2026-11-10T00:00:00Z")))
                    .contains(ProductCode.MOBILE_CONTROL);
        }

        @Test
        void givenSelection_whenCleared_thenNoSelectionAtTheClose() {
            LicenceBook book = spec.given(
                    new MonthlyLicenseSelected(C, P, ProductFamily.WEB, ProductCode.WEB, ISSUED, ISSUED))
                    .when(new SelectMonthlyLicence(MONTHLY, ProductFamily.WEB, null, null, NOV_15)).state();
            assertThat(book.selectionAt(ProductFamily.WEB, CLOSE)).isEmpty();
            assertThat(book.selectionAt(ProductFamily.WEB, NOW)).contains(ProductCode.WEB);
        }

        @Test
        void givenTheSameSelection_whenSelectedAgain_thenNothingHappens() {
            spec.given(new MonthlyLicenseSelected(C, P, ProductFamily.ENDPOINT, ProductCode.ENDPOINT_ADVANCED,
                    ISSUED, ISSUED))
                    .when(new SelectMonthlyLicence(MONTHLY, ProductFamily.ENDPOINT, ProductCode.ENDPOINT_ADVANCED, null,
                            NOW)).thenNothingHappens();
        }

        @Test
        void givenNoSelection_whenClearing_thenNothingHappens() {
            spec.given().when(new SelectMonthlyLicence(MONTHLY, ProductFamily.WEB, null, null, NOW))
                    .thenNothingHappens();
        }

        @Test
        void givenTermCustomer_whenSelectAMonthlyLicence_thenRefused_R10() {
            spec.given().when(new SelectMonthlyLicence(TERM, ProductFamily.ENDPOINT, ProductCode.ENDPOINT_ADVANCED,
                    null, NOW)).thenRefused(CONFLICT, "customer-not-monthly");
        }

        @Test
        void givenMonthlyCustomer_whenSelectAProductOfAnotherFamily_thenRefused() {
            spec.given().when(new SelectMonthlyLicence(MONTHLY, ProductFamily.ENDPOINT, ProductCode.SERVER_ADVANCED,
                    null, NOW)).thenRefused(INVALID, "product-not-in-family");
        }

        @Test
        void givenMonthlyCustomer_whenSelectAFirewallLicence_thenRefusedBecauseFirewallsRegister_R13() {
            spec.given().when(new SelectMonthlyLicence(MONTHLY, ProductFamily.FIREWALL,
                    ProductCode.FIREWALL_FULL_GUARD, null, NOW)).thenRefused(INVALID, "firewall-uses-registration");
        }

        @Test
        void givenMonthlyCustomer_whenSelectionIsBackdated_thenRefused_R28() {
            spec.given().when(new SelectMonthlyLicence(MONTHLY, ProductFamily.ENDPOINT, ProductCode.ENDPOINT_ADVANCED,
                    at("2026-11-01T00:00:00Z"), NOW)).thenRefused(INVALID, "effective-in-past");
        }
    }

    @Nested
    class Conversions {

        /** The last paid licence ends on 2027-10-31, so the renewal instant is 2027-11-01T00:00Z. */
        static final Instant RENEWAL = at("2027-11-01T00:00:00Z");

        @Test
        void givenTrialCustomerWithTrials_whenConvertToMonthly_thenAllTrialsEndAtOnce_R4() {
            spec.given(trial("trial-1"), trial("trial-2"))
                    .when(new ConvertToMonthly(TRIAL, List.of(ProductCode.ENDPOINT_ADVANCED), NOW))
                    .then(new TermLicenseEnded(C, P, "trial-1", EndReason.TRIAL_ENDED_BY_MONTHLY, NOW, NOW),
                            new TermLicenseEnded(C, P, "trial-2", EndReason.TRIAL_ENDED_BY_MONTHLY, NOW, NOW),
                            new MonthlyLicenseSelected(C, P, ProductFamily.ENDPOINT, ProductCode.ENDPOINT_ADVANCED, NOW,
                                    NOW),
                            new LicensingConverted(C, P, BillingType.TRIAL, BillingType.MONTHLY, NOW, NOW));
        }

        @Test
        void givenTermCustomer_whenConvertToMonthlyBeforeItsRenewalDate_thenScheduledAtTheRenewalInstant_R9_R14() {
            var then = spec.given(paid("lic-1"), paid("lic-2", NOV_1, LocalDate.parse("2027-04-30"),
                    LicenseOwner.CUSTOMER))
                    .when(new ConvertToMonthly(TERM, List.of(ProductCode.SERVER_ADVANCED), NOW));
            then.then(new MonthlyConversionScheduled(C, P, List.of(ProductCode.SERVER_ADVANCED), RENEWAL, NOW));
            assertThat(decider.nextDue(then.state())).isEqualTo(at("2027-05-01T00:00:00Z"));
        }

        @Test
        void givenScheduledConversion_whenTheSchedulerTicksJustBeforeTheRenewalInstant_thenNothingHappens() {
            spec.given(paid("lic-1"), new MonthlyConversionScheduled(C, P, List.of(), RENEWAL, NOW))
                    .when(new ProcessDue(TERM, RENEWAL.minusMillis(1))).thenNothingHappens();
        }

        @Test
        void givenScheduledConversion_whenTheSchedulerTicksAtTheRenewalInstant_thenConvertedExactlyAtIt_R14() {
            spec.given(paid("lic-1"), trial("trial-9"),
                    new MonthlyConversionScheduled(C, P, List.of(ProductCode.ENDPOINT_ADVANCED), RENEWAL, NOW))
                    .when(new ProcessDue(TERM, RENEWAL))
                    .then(new TermLicenseEnded(C, P, "lic-1", EndReason.CONVERTED_TO_MONTHLY, RENEWAL, RENEWAL),
                            new TermLicenseEnded(C, P, "trial-9", EndReason.TRIAL_ENDED_BY_MONTHLY, RENEWAL, RENEWAL),
                            new MonthlyLicenseSelected(C, P, ProductFamily.ENDPOINT, ProductCode.ENDPOINT_ADVANCED,
                                    RENEWAL, RENEWAL),
                            new LicensingConverted(C, P, BillingType.TERM, BillingType.MONTHLY, RENEWAL, RENEWAL));
        }

        @Test
        void givenScheduledConversion_whenTheSchedulerTicksLate_thenTheConversionIsStillEffectiveAtTheRenewalInstant() {
            Instant late = at("2027-11-01T06:30:00Z");
            var then = spec.given(paid("lic-1"), new MonthlyConversionScheduled(C, P, List.of(), RENEWAL, NOW))
                    .when(new ProcessDue(TERM, late));
            then.then(new TermLicenseEnded(C, P, "lic-1", EndReason.CONVERTED_TO_MONTHLY, RENEWAL, late),
                    new LicensingConverted(C, P, BillingType.TERM, BillingType.MONTHLY, RENEWAL, late));
            assertThat(then.state().scheduledConversion()).isNull();
            assertThat(then.state().conversions()).containsExactly(
                    new Conversion(BillingType.TERM, BillingType.MONTHLY, RENEWAL));
        }

        @Test
        void givenTermCustomer_whenConvertToMonthlyOnTheRenewalDate_thenConvertedImmediately_R9() {
            Instant onTheDate = at("2027-11-01T08:00:00Z");
            spec.given(paid("lic-1")).when(new ConvertToMonthly(TERM, List.of(), onTheDate))
                    .then(new TermLicenseEnded(C, P, "lic-1", EndReason.CONVERTED_TO_MONTHLY, onTheDate, onTheDate),
                            new LicensingConverted(C, P, BillingType.TERM, BillingType.MONTHLY, onTheDate, onTheDate));
        }

        @Test
        void givenTermCustomerWhoseLicencesAllExpired_whenConvertToMonthly_thenConvertedImmediately() {
            Instant later = at("2027-12-05T08:00:00Z");
            spec.given(paid("lic-1"), new TermLicenseEnded(C, P, "lic-1", EndReason.EXPIRED, RENEWAL, RENEWAL))
                    .when(new ConvertToMonthly(TERM, List.of(), later))
                    .then(new LicensingConverted(C, P, BillingType.TERM, BillingType.MONTHLY, later, later));
        }

        @Test
        void givenScheduledConversion_whenConvertAgain_thenRefused() {
            spec.given(paid("lic-1"), new MonthlyConversionScheduled(C, P, List.of(), RENEWAL, NOW))
                    .when(new ConvertToMonthly(TERM, List.of(), NOW)).thenRefused(CONFLICT,
                            "conversion-already-scheduled");
        }

        @Test
        void givenScheduledConversion_whenCancelled_thenTheLicenceSimplyExpiresAtTheRenewalInstant() {
            var cancelled = new MonthlyConversionCancelled(C, P, RENEWAL, NOW);
            spec.given(paid("lic-1"), new MonthlyConversionScheduled(C, P, List.of(), RENEWAL, NOW))
                    .when(new CancelMonthlyConversion(TERM, NOW)).then(cancelled);
            spec.given(paid("lic-1"), new MonthlyConversionScheduled(C, P, List.of(), RENEWAL, NOW), cancelled)
                    .when(new ProcessDue(TERM, RENEWAL))
                    .then(new TermLicenseEnded(C, P, "lic-1", EndReason.EXPIRED, RENEWAL, RENEWAL));
        }

        @Test
        void givenNoScheduledConversion_whenCancel_thenRefused() {
            spec.given(paid("lic-1")).when(new CancelMonthlyConversion(TERM, NOW)).thenRefused(CONFLICT,
                    "no-conversion-scheduled");
        }

        @Test
        void givenMonthlyCustomer_whenConvertToMonthly_thenRefused() {
            spec.given().when(new ConvertToMonthly(MONTHLY, List.of(), NOW)).thenRefused(CONFLICT, "already-monthly");
        }

        @Test
        void givenTrialCustomer_whenConvertWithTwoSelectionsOfOneFamily_thenRefused() {
            spec.given().when(new ConvertToMonthly(TRIAL, List.of(ProductCode.ENDPOINT_ADVANCED,
                    ProductCode.ENDPOINT_STANDARD), NOW)).thenRefused(INVALID, "duplicate-family");
        }

        @Test
        void givenMonthlyCustomerWithSelections_whenALicenceKeyIsApplied_thenSelectionsClearAndTheTermLicenceIsIssued_R4() {
            Instant future = at("2026-12-15T00:00:00Z");
            spec.given(new MonthlyLicenseSelected(C, P, ProductFamily.ENDPOINT, ProductCode.ENDPOINT_ADVANCED, ISSUED,
                            ISSUED),
                    new MonthlyLicenseSelected(C, P, ProductFamily.SERVER, ProductCode.SERVER_ADVANCED, future, ISSUED))
                    .when(new ConvertToTerm(MONTHLY, "KEY-1", "SKU-EP-ADV-1Y", ProductCode.ENDPOINT_ADVANCED, 25, NOV_1,
                            LocalDate.parse("2027-10-31"), LicenseOwner.PARTNER, NOW))
                    .then(new MonthlyLicenseSelected(C, P, ProductFamily.ENDPOINT, null, NOW, NOW),
                            new MonthlyLicenseSelected(C, P, ProductFamily.SERVER, null, future, NOW),
                            new TermLicenseIssued(C, P, "KEY-1", "SKU-EP-ADV-1Y", ProductCode.ENDPOINT_ADVANCED, 25,
                                    NOV_1, LocalDate.parse("2027-10-31"), LicenseOwner.PARTNER, false, NOW),
                            new LicensingConverted(C, P, BillingType.MONTHLY, BillingType.TERM, NOW, NOW));
        }

        @Test
        void givenMonthlyToTermConversion_thenNoSelectionIsInForceAfterwards() {
            Instant future = at("2026-12-15T00:00:00Z");
            LicenceBook book = spec.given(new MonthlyLicenseSelected(C, P, ProductFamily.SERVER,
                    ProductCode.SERVER_ADVANCED, future, ISSUED))
                    .when(new ConvertToTerm(MONTHLY, "KEY-1", "SKU", ProductCode.SERVER_ADVANCED, 1, NOV_1,
                            LocalDate.parse("2027-10-31"), LicenseOwner.CUSTOMER, NOW)).state();
            assertThat(book.selectionsAt(NOW)).isEmpty();
            assertThat(book.selectionsAt(future)).isEmpty();
            assertThat(book.selectionsAt(at("2027-01-01T00:00:00Z"))).isEmpty();
        }

        @Test
        void givenTermCustomer_whenConvertToTerm_thenRefused() {
            spec.given().when(new ConvertToTerm(TERM, "KEY-1", "SKU", ProductCode.WEB, 1, NOV_1,
                    LocalDate.parse("2027-10-31"), LicenseOwner.PARTNER, NOW)).thenRefused(CONFLICT,
                            "customer-not-monthly");
        }

        @Test
        void givenTrialsAndAPaidLicence_whenCustomerServiceConvertedTheCustomerToMonthly_thenAllRunningLicencesEnd_R4() {
            Instant effective = at("2026-11-12T00:00:00Z");
            Instant later = at("2026-11-12T00:00:05Z");
            spec.given(trial("trial-1"), paid("lic-1"))
                    .when(new FollowConversionToMonthly(MONTHLY, effective, later))
                    .then(new TermLicenseEnded(C, P, "trial-1", EndReason.TRIAL_ENDED_BY_MONTHLY, effective, later),
                            new TermLicenseEnded(C, P, "lic-1", EndReason.CONVERTED_TO_MONTHLY, effective, later));
        }

        @Test
        void givenConversionAlreadyFollowed_whenTheSameBillingTypeChangeIsSeenAgain_thenNothingHappens() {
            Instant effective = at("2026-11-09T00:00:00Z");
            spec.given(trial("trial-1"), new TermLicenseEnded(C, P, "trial-1", EndReason.TRIAL_ENDED_BY_MONTHLY,
                    effective, NOW)).when(new FollowConversionToMonthly(MONTHLY, effective, NOW)).thenNothingHappens();
        }

        @Test
        void givenTermCustomer_whenCustomerServiceConvertsItAtAFutureRenewalDate_thenTheLicenceSideIsScheduled_R14() {
            spec.given(paid("lic-1")).when(new FollowConversionToMonthly(TERM, RENEWAL, NOW))
                    .then(new MonthlyConversionScheduled(C, P, List.of(), RENEWAL, NOW));
            spec.given(paid("lic-1"), new MonthlyConversionScheduled(C, P, List.of(), RENEWAL, NOW))
                    .when(new FollowConversionToMonthly(TERM, RENEWAL, NOW)).thenNothingHappens();
        }
    }
}
