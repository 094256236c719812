package dev.metering.license.firewall;

import static dev.metering.platform.error.DomainException.Kind.CONFLICT;
import static dev.metering.platform.error.DomainException.Kind.INVALID;
import static dev.metering.platform.error.DomainException.Kind.NOT_FOUND;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.contracts.BillingType;
import dev.metering.contracts.license.LicenseEvent.FirewallDeregistered;
import dev.metering.contracts.license.LicenseEvent.FirewallRegistered;
import dev.metering.contracts.telemetry.FirewallSubscription;
import dev.metering.contracts.license.LicenseEvent;
import dev.metering.testsupport.GivenWhenThen;
import dev.metering.license.firewall.FirewallCommand.DeregisterFirewall;
import dev.metering.license.firewall.FirewallCommand.RegisterFirewall;
import dev.metering.license.licence.CustomerFacts;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** R13, R15: given/when/then specifications of a firewall's Flex registration. */
class FirewallRegistrationTest {

    static final CustomerFacts ACME = new CustomerFacts("cust-acme", "partner-1", BillingType.MONTHLY);
    static final CustomerFacts GLOBEX = new CustomerFacts("cust-globex", "partner-2", BillingType.MONTHLY);
    static final Instant T1 = Instant.parse("2026-11-03T10:00:00Z");
    static final Instant T2 = Instant.parse("2026-11-20T10:00:00Z");
    static final String SFOS = "SFOS 21.0.0 GA-Build169";
    static final String EG = FlexFirewallKey.ENTERPRISE_GUARD_MONTHLY.sku();
    static final String FG = FlexFirewallKey.FULL_GUARD_MONTHLY.sku();

    final FirewallRegistration decider = new FirewallRegistration();
    final GivenWhenThen<FirewallCommand, FirewallState, LicenseEvent> spec = GivenWhenThen.of(decider);

    static FirewallRegistered registered(CustomerFacts c, FirewallSubscription s, Instant at) {
        return new FirewallRegistered(c.customerId(), c.partnerId(), "C01001ABCDEF", s, at, at);
    }

    @Test
    void givenUnregisteredSfosFirewall_whenEnterpriseGuardMonthlyKeyIsApplied_thenRegisteredForFlex_R13() {
        var then = spec.given().when(new RegisterFirewall(ACME, " c01001abcdef ", EG, SFOS, T1));
        then.then(registered(ACME, FirewallSubscription.ENTERPRISE_GUARD, T1));
        assertThat(then.state()).isEqualTo(new FirewallState.Registered("C01001ABCDEF", "cust-acme", "partner-1",
                FirewallSubscription.ENTERPRISE_GUARD, T1));
    }

    @Test
    void givenUnregisteredFirewall_whenFullGuardMonthlyKeyIsApplied_thenRegisteredWithFullGuard_R13() {
        spec.given().when(new RegisterFirewall(ACME, "C01001ABCDEF", FG.toLowerCase(), SFOS, T1))
                .then(registered(ACME, FirewallSubscription.FULL_GUARD, T1));
    }

    @Test
    void givenUtm9Appliance_whenRegistered_thenRefusedWithAClearReason_R15() {
        var refusal = spec.given().when(new RegisterFirewall(ACME, "C01001ABCDEF", EG, "UTM 9.715-3", T1))
                .thenRefused(INVALID, "unsupported-platform");
        assertThat(refusal.getMessage()).contains("UTM 9.x").contains("SFOS");
    }

    @Test
    void givenApplianceOfUnknownPlatform_whenRegistered_thenRefused_R15() {
        spec.given().when(new RegisterFirewall(ACME, "C01001ABCDEF", EG, null, T1))
                .thenRefused(INVALID, "unsupported-platform");
    }

    @Test
    void givenAnSkuThatIsNotAZeroCostFlexKey_whenApplied_thenRefused_R13() {
        spec.given().when(new RegisterFirewall(ACME, "C01001ABCDEF", "XG-TERM-FULLGUARD-1Y", SFOS, T1))
                .thenRefused(INVALID, "not-a-flex-firewall-sku");
    }

    @Test
    void givenABadSerial_whenRegistered_thenRefused() {
        spec.given().when(new RegisterFirewall(ACME, "x", EG, SFOS, T1)).thenRefused(INVALID, "invalid-serial");
    }

    @Test
    void givenTermCustomer_whenRegisteringAFlexFirewall_thenRefused_R24() {
        spec.given().when(new RegisterFirewall(new CustomerFacts("cust-acme", "partner-1", BillingType.TERM),
                "C01001ABCDEF", EG, SFOS, T1)).thenRefused(CONFLICT, "customer-not-monthly");
    }

    @Test
    void givenFirewallRegisteredToAnotherPartnersCustomer_whenRegistered_thenUnavailableNamingNothing_R13() {
        var refusal = spec.given(registered(ACME, FirewallSubscription.ENTERPRISE_GUARD, T1))
                .when(new RegisterFirewall(GLOBEX, "C01001ABCDEF", EG, SFOS, T2))
                .thenRefused(CONFLICT, "serial-unavailable");
        assertThat(refusal.getMessage()).doesNotContain("cust-acme").doesNotContain("partner-1")
                .doesNotContain("another");
    }

    @Test
    void givenFirewallRegisteredToTheSamePartnersOtherCustomer_whenRegistered_thenRegisteredElsewhere_R13() {
        CustomerFacts initech = new CustomerFacts("cust-initech", "partner-1", BillingType.MONTHLY);
        var refusal = spec.given(registered(ACME, FirewallSubscription.ENTERPRISE_GUARD, T1))
                .when(new RegisterFirewall(initech, "C01001ABCDEF", EG, SFOS, T2))
                .thenRefused(CONFLICT, "serial-registered-elsewhere");
        assertThat(refusal.getMessage()).contains("cust-acme");
    }

    @Test
    void givenRegisteredFirewall_whenTheSameKeyIsAppliedAgain_thenNothingHappens() {
        spec.given(registered(ACME, FirewallSubscription.ENTERPRISE_GUARD, T1))
                .when(new RegisterFirewall(ACME, "C01001ABCDEF", EG, SFOS, T2)).thenNothingHappens();
    }

    @Test
    void givenRegisteredFirewall_whenTheOtherBundlesKeyIsApplied_thenItsSubscriptionChanges() {
        spec.given(registered(ACME, FirewallSubscription.ENTERPRISE_GUARD, T1))
                .when(new RegisterFirewall(ACME, "C01001ABCDEF", FG, SFOS, T2))
                .then(registered(ACME, FirewallSubscription.FULL_GUARD, T2));
    }

    @Test
    void givenRegisteredFirewall_whenDeregistered_thenAnotherCustomerMayRegisterIt() {
        var deregistered = new FirewallDeregistered("cust-acme", "partner-1", "C01001ABCDEF", T2, T2);
        spec.given(registered(ACME, FirewallSubscription.ENTERPRISE_GUARD, T1))
                .when(new DeregisterFirewall(ACME, "C01001ABCDEF", T2)).then(deregistered);
        spec.given(registered(ACME, FirewallSubscription.ENTERPRISE_GUARD, T1), deregistered)
                .when(new RegisterFirewall(GLOBEX, "C01001ABCDEF", FG, SFOS, T2))
                .then(registered(GLOBEX, FirewallSubscription.FULL_GUARD, T2));
    }

    @Test
    void givenFirewallOfAnotherCustomer_whenDeregistered_thenNotFound() {
        spec.given(registered(ACME, FirewallSubscription.ENTERPRISE_GUARD, T1))
                .when(new DeregisterFirewall(GLOBEX, "C01001ABCDEF", T2)).thenRefused(NOT_FOUND,
                        "firewall-not-registered");
        spec.given().when(new DeregisterFirewall(ACME, "C01001ABCDEF", T2)).thenRefused(NOT_FOUND,
                "firewall-not-registered");
    }

    @Test
    void firmwareStringsAreRecognised() {
        assertThat(FirewallPlatform.ofFirmware("SFOS 19.5.3 MR-3")).isEqualTo(FirewallPlatform.SFOS);
        assertThat(FirewallPlatform.ofFirmware("sfos 20")).isEqualTo(FirewallPlatform.SFOS);
        assertThat(FirewallPlatform.ofFirmware("9.715-3")).isEqualTo(FirewallPlatform.UTM9);
        assertThat(FirewallPlatform.ofFirmware("UTM 9.7")).isEqualTo(FirewallPlatform.UTM9);
        assertThat(FirewallPlatform.ofFirmware("ZyXEL")).isEqualTo(FirewallPlatform.UNKNOWN);
    }
}
