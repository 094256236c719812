package dev.metering.billing.account;

import static dev.metering.billing.Facts.billingType;
import static dev.metering.billing.Facts.customer;
import static dev.metering.billing.Facts.migrated;
import static dev.metering.billing.Facts.partner;
import static dev.metering.billing.Facts.selected;
import static dev.metering.billing.Facts.t;
import static dev.metering.billing.Facts.term;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metering.contracts.BillingType;
import dev.metering.contracts.MeteringEvent;
import dev.metering.contracts.ProductCode;
import dev.metering.contracts.ProductFamily;
import dev.metering.contracts.license.LicenseOwner;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Billing state at an instant (R3, R4, R10, R17a, R23, R27). */
class BillingStateTest {

    final BillingState state = new BillingState();

    void given(MeteringEvent... events) {
        for (MeteringEvent e : events) {
            state.apply(e);
        }
    }

    @Test
    void partnerAssistanceStartsAsTheCustomerWasCreatedWithAndFollowsItsLatestChange() {
        // given a customer created with Partner Assistance on (the usage page's Launch Central Admin needs it)
        given(customer("c-1", "p-1", BillingType.MONTHLY, "2026-10-01T00:00:00Z"),
                new dev.metering.contracts.customer.CustomerEvent.CustomerCreated("c-2", "p-1", "Customer c-2", "c-2",
                        "EU", BillingType.TERM, false, null, t("2026-10-01T00:00:00Z")));
        assertThat(state.partnerAssistance("c-1")).isTrue();
        assertThat(state.partnerAssistance("c-2")).isFalse();

        // when it is turned off, then on again, arriving out of order (R21)
        given(new dev.metering.contracts.customer.CustomerEvent.PartnerAssistanceChanged("c-1", "p-1", true,
                t("2026-10-20T00:00:00Z")), new dev.metering.contracts.customer.CustomerEvent.PartnerAssistanceChanged(
                        "c-1", "p-1", false, t("2026-10-10T00:00:00Z")));
        assertThat(state.partnerAssistance("c-1")).isTrue();
        given(new dev.metering.contracts.customer.CustomerEvent.PartnerAssistanceChanged("c-1", "p-1", false,
                t("2026-10-25T00:00:00Z")));
        assertThat(state.partnerAssistance("c-1")).isFalse();
    }

    @Test
    void R23_theBillingTypeIsAnsweredAtAnInstant() {
        given(customer("c-1", "p-1", BillingType.TRIAL, "2026-09-20T00:00:00Z"),
                billingType("c-1", "p-1", BillingType.TRIAL, BillingType.MONTHLY, "2026-10-03T00:00:00Z"));
        assertThat(state.billingTypeAt("c-1", t("2026-09-19T00:00:00Z"))).isNull();
        assertThat(state.billingTypeAt("c-1", t("2026-10-02T23:59:59Z"))).isEqualTo(BillingType.TRIAL);
        assertThat(state.billingTypeAt("c-1", t("2026-10-03T00:00:00Z"))).isEqualTo(BillingType.MONTHLY);
    }

    @Test
    void R14_aTermCustomerConvertedByLicenseServiceAtItsRenewalIsMonthlyFromThatInstant() {
        given(customer("c-1", "p-1", BillingType.TERM, "2026-01-01T00:00:00Z"),
                new dev.metering.contracts.license.LicenseEvent.LicensingConverted("c-1", "p-1", BillingType.TERM,
                        BillingType.MONTHLY, t("2026-10-10T00:00:00Z"), t("2026-10-10T00:00:03Z")));
        assertThat(state.billingTypeAt("c-1", t("2026-10-09T23:59:59Z"))).isEqualTo(BillingType.TERM);
        assertThat(state.billingTypeAt("c-1", t("2026-11-01T00:00:00Z"))).isEqualTo(BillingType.MONTHLY);
    }

    @Test
    void R27_theManagingPartnerIsAnsweredAtAnInstant() {
        given(customer("c-1", "p-1", BillingType.MONTHLY, "2026-01-01T00:00:00Z"),
                migrated("c-1", "p-1", "p-2", "2026-10-15T00:00:00Z"));
        assertThat(state.partnerAt("c-1", t("2026-10-14T00:00:00Z"))).isEqualTo("p-1");
        assertThat(state.partnerAt("c-1", t("2026-11-01T00:00:00Z"))).isEqualTo("p-2");
        assertThat(state.customersOf("p-2", t("2026-11-01T00:00:00Z"))).containsExactly("c-1");
        assertThat(state.customersOf("p-1", t("2026-11-01T00:00:00Z"))).isEmpty();
    }

    @Test
    void R3_ukPartnersBuyDirectOthersThroughTheirDistributor() {
        given(partner("p-uk", "dist-a", "GB"), partner("p-de", "dist-a", "DE"), partner("p-uk2", "DIRECT", "uk"));
        assertThat(state.distributorOf("p-uk")).isEqualTo("DIRECT");
        assertThat(state.distributorOf("p-uk2")).isEqualTo("DIRECT");
        assertThat(state.distributorOf("p-de")).isEqualTo("dist-a");
        assertThat(state.distributorOf("p-unknown")).isNull();
        assertThat(state.partnersOf("dist-a")).containsExactly("p-de");
        assertThat(state.partnersOf("DIRECT")).containsExactly("p-uk", "p-uk2");
    }

    @Test
    void R17a_aSelectionMustBeOfItsFamily() {
        assertThatThrownBy(() -> state.apply(selected("c-1", "p-1", ProductFamily.SERVER, ProductCode.WEB,
                "2026-10-01T00:00:00Z"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void R10_licenceOwnershipIsCounted() {
        given(customer("c-1", "p-1", BillingType.TERM, "2026-01-01T00:00:00Z"),
                term("c-1", "p-1", "l-1", LicenseOwner.CUSTOMER, "2026-01-02T00:00:00Z"),
                customer("c-2", "p-1", BillingType.MONTHLY, "2026-01-01T00:00:00Z"));
        assertThat(state.usesCustomerOwned("c-1", t("2026-10-01T00:00:00Z"))).isTrue();
        assertThat(state.usesPartnerOwned("c-1", t("2026-10-01T00:00:00Z"))).isFalse();
        assertThat(state.usesPartnerOwned("c-2", t("2026-10-01T00:00:00Z"))).isTrue();
    }

    @Test
    void R21_foldingIsOrderAndDuplicateIndependent() {
        List<MeteringEvent> events = List.of(partner("p-1", "d-1", "DE"), partner("p-2", "d-2", "GB"),
                customer("c-1", "p-1", BillingType.TRIAL, "2026-09-20T00:00:00Z"),
                billingType("c-1", "p-1", BillingType.TRIAL, BillingType.MONTHLY, "2026-10-03T00:00:00Z"),
                billingType("c-1", "p-1", BillingType.MONTHLY, BillingType.TERM, "2026-10-03T00:00:00Z"),
                migrated("c-1", "p-1", "p-2", "2026-10-15T00:00:00Z"),
                selected("c-1", "p-2", ProductFamily.ENDPOINT, ProductCode.ENDPOINT_ADVANCED, "2026-10-05T00:00:00Z"),
                selected("c-1", "p-2", ProductFamily.ENDPOINT, null, "2026-10-06T00:00:00Z"),
                term("c-1", "p-2", "l-1", LicenseOwner.PARTNER, "2026-10-07T00:00:00Z"));
        BillingState reference = new BillingState();
        events.forEach(reference::apply);
        Random random = new Random(3);
        for (int run = 0; run < 40; run++) {
            List<MeteringEvent> shuffled = new ArrayList<>(events);
            shuffled.addAll(events.subList(0, random.nextInt(events.size())));
            Collections.shuffle(shuffled, random);
            BillingState other = new BillingState();
            shuffled.forEach(other::apply);
            assertThat(other.describe()).isEqualTo(reference.describe());
        }
        // two types effective at the same instant resolve the same way whatever the order
        assertThat(reference.billingTypeAt("c-1", t("2026-10-04T00:00:00Z"))).isEqualTo(BillingType.TERM);
    }
}
