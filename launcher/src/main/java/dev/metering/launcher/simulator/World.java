package dev.metering.launcher.simulator;

import dev.metering.contracts.BillingType;
import dev.metering.contracts.ProductCode;
import dev.metering.contracts.ProductFamily;
import dev.metering.contracts.telemetry.FirewallSubscription;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the simulator creates and sends: partners, customers, firewalls and the telemetry items. Plain
 * data; {@link Scenario} generates it, {@link Simulator} drives it through the APIs and
 * {@link ExpectedBilling} computes the invoices the rules imply from it.
 */
public final class World {

    /** A partner; {@code distributorId} null means GB (R3: DIRECT). */
    public record Partner(String id, String name, String country, String distributorId, boolean flex) {

        public String invoicedDistributor() {
            return "GB".equals(country) ? "DIRECT" : distributorId;
        }
    }

    /** A customer as the simulator creates it; {@code id} and {@code ingestKey} are learned from the APIs. */
    public static final class Customer {
        public final String key;
        public final Partner partner;
        public final String name;
        public final String geography;
        /** The billing type it is created with. */
        public final BillingType created;
        /** The billing type after the setup (a trial converted to monthly before S, R4/R23). */
        public final BillingType atClose;
        /** R17a: the monthly licence selected per family. */
        public final Map<ProductFamily, ProductCode> selections = new EnumMap<>(ProductFamily.class);
        public String id;
        public String ingestKey;

        public Customer(String key, Partner partner, String name, String geography, BillingType created,
                BillingType atClose) {
            this.key = key;
            this.partner = partner;
            this.name = name;
            this.geography = geography;
            this.created = created;
            this.atClose = atClose;
        }
    }

    /** A firewall appliance; {@code registered} null = not registered for Flex billing (R13). */
    public record Firewall(Customer customer, String serial, String model, String firmware,
            FirewallSubscription reported, FirewallSubscription registered) {

        public boolean utm9() {
            return firmware.startsWith("9.");
        }
    }

    /** How a device behaves over the 35 simulated days (day 0 starts at S - 35 d; the window is days 5..34). */
    public enum Pattern {
        /** a laptop: weekdays only, off at weekends */
        OFFICE_HOURS,
        /** desktops, servers, kiosks, phones: every day */
        ALWAYS_ON,
        /** uninstalled on day 12, re-installed on day 18: counts again (heartbeats after the removal, R19) */
        REINSTALLED,
        /** uninstalled on day 22 after daily heartbeats: does not count (R19) */
        REMOVED,
        /** installed on day 9 and removed on day 27, between two snapshots: never billed (R19) */
        TRY_OUT,
        /** last seen on day 4, before the 30-day window: does not count (R16) */
        STALE,
        /** installed on day 32: counts for the whole month (R16, R23 no pro-rating) */
        NEW
    }

    /** One endpoint, server or mobile device; {@code userId} null = no user (servers, kiosks). */
    public record Device(Customer customer, String deviceId, String deviceKind, Set<ProductCode> products,
            String userId, Pattern pattern) {
    }

    public enum Kind {
        DEVICE_HEARTBEAT, FIREWALL_HEARTBEAT, DEVICE_REMOVED
    }

    /**
     * One telemetry item as sent. {@code deviceId} is the serial for firewalls. {@code expectedReject}:
     * the reason ingest must reject it with (R15 UTM 9, too old), or null.
     */
    public record Item(Kind kind, String eventId, Customer customer, String deviceId, String deviceKind,
            Set<ProductCode> products, String userId, Firewall firewall, Instant occurredAt, String expectedReject) {

        public Map<String, Object> json() {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("eventId", eventId);
            m.put("occurredAt", occurredAt.toString());
            if (kind == Kind.DEVICE_HEARTBEAT) {
                m.put("kind", "device-heartbeat");
                m.put("deviceId", deviceId);
                m.put("deviceKind", deviceKind);
                m.put("products", products.stream().map(Enum::name).toList());
                if (userId != null) {
                    m.put("userId", userId);
                }
                m.put("hostname", deviceId);
                m.put("agentVersion", "2026.3.1");
            } else if (kind == Kind.FIREWALL_HEARTBEAT) {
                m.put("kind", "firewall-heartbeat");
                m.put("serialNumber", firewall.serial());
                m.put("model", firewall.model());
                m.put("firmwareVersion", firewall.firmware());
                m.put("subscriptions", List.of(firewall.reported().name()));
            } else {
                m.put("kind", "device-removed");
                m.put("deviceId", deviceId);
                m.put("reason", "UNINSTALLED");
            }
            return m;
        }
    }

    public final List<Partner> partners = new ArrayList<>();
    public final List<Customer> customers = new ArrayList<>();
    public final List<Firewall> firewalls = new ArrayList<>();
    public final List<Device> fleet = new ArrayList<>();
    /** Every item in the order of its occurrence (sending reorders and duplicates some). */
    public final List<Item> items = new ArrayList<>();
}
