package dev.metering.billing;

import dev.metering.contracts.BillingType;
import dev.metering.contracts.PartnerTier;
import dev.metering.contracts.ProductCode;
import dev.metering.contracts.ProductFamily;
import dev.metering.contracts.customer.CustomerEvent;
import dev.metering.contracts.customer.PartnerEvent;
import dev.metering.contracts.license.LicenseEvent;
import dev.metering.contracts.license.LicenseOwner;
import dev.metering.contracts.telemetry.DeviceHeartbeat;
import dev.metering.contracts.telemetry.DeviceKind;
import dev.metering.contracts.telemetry.DeviceRemoved;
import dev.metering.contracts.telemetry.FirewallHeartbeat;
import dev.metering.contracts.telemetry.FirewallSubscription;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;

/** Contract events for tests, built the way the upstream services publish them. */
public final class Facts {

    private Facts() {
    }

    public static Instant t(String instant) {
        return Instant.parse(instant);
    }

    public static PartnerEvent.PartnerRegistered partner(String id, String distributor, String country) {
        return new PartnerEvent.PartnerRegistered(id, "Partner " + id, PartnerTier.CONNECT_FLEX, distributor, country,
                t("2026-01-01T00:00:00Z"));
    }

    public static CustomerEvent.CustomerCreated customer(String id, String partner, BillingType type, String at) {
        return new CustomerEvent.CustomerCreated(id, partner, "Customer " + id, id, "EU", type, true, null, t(at));
    }

    public static CustomerEvent.BillingTypeChanged billingType(String id, String partner, BillingType from,
            BillingType to, String effectiveAt) {
        return new CustomerEvent.BillingTypeChanged(id, partner, from, to, t(effectiveAt), t(effectiveAt));
    }

    public static CustomerEvent.CustomerMigrated migrated(String id, String from, String to, String effectiveAt) {
        return new CustomerEvent.CustomerMigrated(id, to, "m-" + id, from, t(effectiveAt), t(effectiveAt));
    }

    public static CustomerEvent.CustomerRenamed renamed(String id, String partner, String name, String at) {
        return new CustomerEvent.CustomerRenamed(id, partner, name, name, t(at));
    }

    public static LicenseEvent.MonthlyLicenseSelected selected(String customer, String partner, ProductFamily family,
            ProductCode product, String effectiveAt) {
        return new LicenseEvent.MonthlyLicenseSelected(customer, partner, family, product, t(effectiveAt),
                t(effectiveAt));
    }

    public static LicenseEvent.FirewallRegistered firewall(String customer, String partner, String serial,
            FirewallSubscription sub, String effectiveAt) {
        return new LicenseEvent.FirewallRegistered(customer, partner, serial, sub, t(effectiveAt), t(effectiveAt));
    }

    public static LicenseEvent.TermLicenseIssued term(String customer, String partner, String licenseId,
            LicenseOwner owner, String at) {
        return new LicenseEvent.TermLicenseIssued(customer, partner, licenseId, "SKU-TERM", ProductCode.ENDPOINT_ADVANCED,
                10, LocalDate.parse(at.substring(0, 10)), LocalDate.parse(at.substring(0, 10)).plusYears(1), owner,
                false, t(at));
    }

    public static DeviceHeartbeat heartbeat(String customer, String device, ProductCode product, String user,
            String at) {
        return new DeviceHeartbeat(UUID.randomUUID().toString(), customer, device,
                product.family() == ProductFamily.SERVER ? DeviceKind.SERVER
                        : product.family() == ProductFamily.MOBILE ? DeviceKind.MOBILE : DeviceKind.WORKSTATION,
                Set.of(product), user, device + ".local", "2026.1", t(at), t(at));
    }

    public static FirewallHeartbeat firewallHeartbeat(String customer, String serial, FirewallSubscription sub,
            String at) {
        return new FirewallHeartbeat(UUID.randomUUID().toString(), customer, serial, "XGS 2100", "SFOS 21.0",
                Set.of(sub), t(at), t(at));
    }

    public static DeviceRemoved removed(String customer, String device, String at) {
        return new DeviceRemoved(UUID.randomUUID().toString(), customer, device, DeviceRemoved.Reason.UNINSTALLED,
                t(at), t(at));
    }
}
