package dev.metering.license.licence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.contracts.BillingType;
import dev.metering.contracts.ProductCode;
import dev.metering.contracts.ProductFamily;
import dev.metering.contracts.license.LicenseEvent.MonthlyLicenseSelected;
import dev.metering.contracts.license.LicenseEvent.TermLicenseEnded;
import dev.metering.contracts.license.LicenseOwner;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** R10: partner-owned and customer-owned licences for the usage page. */
class LicenceOverviewTest {

    static final Instant NOW = Instant.parse("2026-11-10T12:00:00Z");
    final CustomerLicences decider = new CustomerLicences();

    @Test
    void givenTermLicencesOfBothOwners_thenEachOwnerIsCountedAndEndedLicencesAreNot() {
        LicenceBook book = decider.fold(List.of(
                CustomerLicencesTest.paid("lic-1"),
                CustomerLicencesTest.paid("lic-2", LocalDate.parse("2026-11-01"), LocalDate.parse("2027-10-31"),
                        LicenseOwner.CUSTOMER),
                CustomerLicencesTest.paid("lic-3", LocalDate.parse("2026-11-01"), LocalDate.parse("2027-10-31"),
                        LicenseOwner.CUSTOMER),
                new TermLicenseEnded("cust-1", "partner-1", "lic-3", EndReason.EXPIRED, NOW.minusSeconds(60), NOW)));
        LicenceOverview o = LicenceOverview.of("cust-1", BillingType.TERM, book, NOW);
        assertThat(o.partnerOwnedTermLicences()).isEqualTo(1);
        assertThat(o.customerOwnedTermLicences()).isEqualTo(1);
        assertThat(o.usingPartnerOwned()).isTrue();
        assertThat(o.usingCustomerOwned()).isTrue();
        assertThat(o.monthlySelections()).isEmpty();
    }

    @Test
    void givenMonthlyCustomer_thenItUsesPartnerOwnedLicencesEvenWithoutASelection_R10() {
        LicenceOverview none = LicenceOverview.of("cust-1", BillingType.MONTHLY, LicenceBook.EMPTY, NOW);
        assertThat(none.usingPartnerOwned()).isTrue();
        assertThat(none.usingCustomerOwned()).isFalse();

        LicenceBook book = decider.fold(List.of(new MonthlyLicenseSelected("cust-1", "partner-1",
                ProductFamily.ENDPOINT, ProductCode.ENDPOINT_ADVANCED, NOW.minusSeconds(1), NOW)));
        assertThat(LicenceOverview.of("cust-1", BillingType.MONTHLY, book, NOW).monthlySelections())
                .isEqualTo(Map.of(ProductFamily.ENDPOINT, ProductCode.ENDPOINT_ADVANCED));
    }

    @Test
    void givenCustomerWithoutLicences_thenItUsesNeither() {
        LicenceOverview o = LicenceOverview.of("cust-1", BillingType.TRIAL, LicenceBook.EMPTY, NOW);
        assertThat(o.usingPartnerOwned()).isFalse();
        assertThat(o.usingCustomerOwned()).isFalse();
    }

    @Test
    void givenALicencePastItsEndDateNotYetProcessed_thenItIsNoLongerCounted() {
        LicenceBook book = decider.fold(List.of(CustomerLicencesTest.paid("lic-1", LocalDate.parse("2025-11-01"),
                LocalDate.parse("2026-10-31"), LicenseOwner.CUSTOMER)));
        assertThat(LicenceOverview.of("cust-1", BillingType.TERM, book, NOW).customerOwnedTermLicences()).isZero();
    }

    @Test
    void totalsCountCustomersByOwnership() {
        var totals = LicenceOverview.Totals.of(List.of(
                new LicenceOverview("a", BillingType.MONTHLY, 0, 0, Map.of(), true, false),
                new LicenceOverview("b", BillingType.TERM, 1, 2, Map.of(), true, true),
                new LicenceOverview("c", BillingType.TERM, 0, 1, Map.of(), false, true),
                new LicenceOverview("d", BillingType.TRIAL, 0, 0, Map.of(), false, false)));
        assertThat(totals).isEqualTo(new LicenceOverview.Totals(4, 2, 2));
    }
}
