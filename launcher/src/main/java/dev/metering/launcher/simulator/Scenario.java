package dev.metering.launcher.simulator;

import dev.metering.contracts.BillingType;
import dev.metering.contracts.ProductCode;
import dev.metering.contracts.ProductFamily;
import dev.metering.contracts.telemetry.FirewallSubscription;
import dev.metering.launcher.simulator.World.Customer;
import dev.metering.launcher.simulator.World.Device;
import dev.metering.launcher.simulator.World.Firewall;
import dev.metering.launcher.simulator.World.Item;
import dev.metering.launcher.simulator.World.Kind;
import dev.metering.launcher.simulator.World.Partner;
import dev.metering.launcher.simulator.World.Pattern;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Generates the simulated month: five partners (Connect and Flex, one in the UK), monthly, term and
 * trial customers, firewalls, and {@code devices} endpoint/server/mobile devices with realistic
 * patterns; then, once the close instant S is known, 35 days of telemetry ending at S. Deterministic
 * for a seed. Pure.
 */
public final class Scenario {

    public static final int DAYS = 35;
    public static final Duration DAY = Duration.ofDays(1);

    private Scenario() {
    }

    private record Plan(String key, String partner, String name, String geography, BillingType created,
            BillingType atClose, int weight) {
    }

    private static final List<Plan> CUSTOMERS = List.of(
            new Plan("a1", "p-alpha", "Mueller Maschinenbau GmbH", "DE", BillingType.MONTHLY, BillingType.MONTHLY, 14),
            new Plan("a2", "p-alpha", "Baeckerei Schmidt", "DE", BillingType.MONTHLY, BillingType.MONTHLY, 3),
            new Plan("a3", "p-alpha", "Kanzlei Weber & Partner", "DE", BillingType.MONTHLY, BillingType.MONTHLY, 6),
            new Plan("a4", "p-alpha", "Stadtwerke Nordhausen", "DE", BillingType.MONTHLY, BillingType.MONTHLY, 12),
            new Plan("a5", "p-alpha", "Praxis Dr. Koch", "DE", BillingType.TRIAL, BillingType.MONTHLY, 4),
            new Plan("a6", "p-alpha", "Autohaus Becker", "DE", BillingType.TERM, BillingType.TERM, 5),
            new Plan("a7", "p-alpha", "Logistik Fischer", "DE", BillingType.TRIAL, BillingType.TRIAL, 3),
            new Plan("b1", "p-bravo", "Alpenhotel Tirol", "DE", BillingType.MONTHLY, BillingType.MONTHLY, 5),
            new Plan("b2", "p-bravo", "Wiener Versicherungsmakler", "DE", BillingType.MONTHLY, BillingType.MONTHLY, 8),
            new Plan("b3", "p-bravo", "Salzburg Design Studio", "DE", BillingType.TERM, BillingType.TERM, 3),
            new Plan("c1", "p-charlie", "Nordic Freight AB", "IE", BillingType.MONTHLY, BillingType.MONTHLY, 10),
            new Plan("c2", "p-charlie", "Goeteborg Dental", "IE", BillingType.MONTHLY, BillingType.MONTHLY, 3),
            new Plan("c3", "p-charlie", "Malmoe Retail Group", "IE", BillingType.MONTHLY, BillingType.MONTHLY, 9),
            new Plan("c4", "p-charlie", "Uppsala Biotech", "IE", BillingType.TRIAL, BillingType.TRIAL, 2),
            new Plan("d1", "p-delta", "Rotterdam Shipping BV", "DE", BillingType.TERM, BillingType.TERM, 6),
            new Plan("d2", "p-delta", "Utrecht Accountants", "DE", BillingType.TRIAL, BillingType.TRIAL, 2),
            new Plan("e1", "p-echo", "Thames Legal LLP", "GB", BillingType.MONTHLY, BillingType.MONTHLY, 6),
            new Plan("e2", "p-echo", "Manchester Print Works", "GB", BillingType.MONTHLY, BillingType.MONTHLY, 4),
            new Plan("e3", "p-echo", "Leeds Community Trust", "GB", BillingType.TERM, BillingType.TERM, 2));

    public static World generate(int devices, long seed) {
        if (devices < 1) {
            throw new IllegalArgumentException("--devices must be at least 1");
        }
        World w = new World();
        w.partners.add(new Partner("p-alpha", "Alpha IT Services GmbH", "DE", "dist-central", true));
        w.partners.add(new Partner("p-bravo", "Bravo Systemhaus GmbH", "AT", "dist-central", true));
        w.partners.add(new Partner("p-charlie", "Charlie Networks AB", "SE", "dist-nordic", true));
        w.partners.add(new Partner("p-delta", "Delta Connect BV", "NL", "dist-nordic", false));
        w.partners.add(new Partner("p-echo", "Echo Managed Services Ltd", "GB", null, true));
        int totalWeight = CUSTOMERS.stream().mapToInt(Plan::weight).sum();
        Random rnd = new Random(seed);
        int assigned = 0;
        for (int i = 0; i < CUSTOMERS.size(); i++) {
            Plan p = CUSTOMERS.get(i);
            Partner partner = w.partners.stream().filter(x -> x.id().equals(p.partner())).findFirst().orElseThrow();
            Customer c = new Customer(p.key(), partner, p.name(), p.geography(), p.created(), p.atClose());
            w.customers.add(c);
            int budget = i == CUSTOMERS.size() - 1 ? devices - assigned
                    : (int) Math.round((double) devices * p.weight() / totalWeight);
            budget = Math.max(0, Math.min(budget, devices - assigned));
            assigned += budget;
            fleet(w, c, budget, rnd);
        }
        // R17a: the partner's selected licence decides the SKU of a whole family
        customer(w, "a1").selections.put(ProductFamily.ENDPOINT, ProductCode.ENDPOINT_ADVANCED);
        customer(w, "a3").selections.put(ProductFamily.SERVER, ProductCode.SERVER_ADVANCED);
        customer(w, "b2").selections.put(ProductFamily.ENDPOINT, ProductCode.ENDPOINT_ADVANCED);
        customer(w, "c3").selections.put(ProductFamily.MOBILE, ProductCode.MOBILE_SECURITY);
        // R13: registered firewalls are billed by their registered bundle; R15: UTM 9 is rejected
        firewall(w, "a1", "C01A1XG0001", "XGS 2100", "SFOS 21.0.0 GA-Build169", FirewallSubscription.ENTERPRISE_GUARD, true);
        firewall(w, "a1", "C01A1XG0002", "XGS 4300", "SFOS 21.0.0 GA-Build169", FirewallSubscription.FULL_GUARD, true);
        firewall(w, "a4", "C01A4XG0001", "XGS 2300", "SFOS 20.0.2 MR-2", FirewallSubscription.FULL_GUARD, true);
        firewall(w, "a4", "C01A4XG0002", "XGS 116", "SFOS 20.0.2 MR-2", FirewallSubscription.ENTERPRISE_GUARD, false);
        firewall(w, "a3", "S11A3UTM0001", "SG 230", "9.717-3", FirewallSubscription.FULL_GUARD, false);
        firewall(w, "b2", "C01B2XG0001", "XGS 2100", "SFOS 21.0.0 GA-Build169", FirewallSubscription.ENTERPRISE_GUARD, true);
        firewall(w, "c1", "C01C1XG0001", "XGS 3300", "SFOS 21.0.0 GA-Build169", FirewallSubscription.FULL_GUARD, true);
        firewall(w, "e1", "C01E1XG0001", "XGS 2100", "SFOS 21.0.0 GA-Build169", FirewallSubscription.ENTERPRISE_GUARD, true);
        return w;
    }

    private static Customer customer(World w, String key) {
        return w.customers.stream().filter(c -> c.key.equals(key)).findFirst().orElseThrow();
    }

    private static void firewall(World w, String customer, String serial, String model, String firmware,
            FirewallSubscription bundle, boolean registered) {
        w.firewalls.add(new Firewall(customer(w, customer), serial, model, firmware, bundle,
                registered ? bundle : null));
    }

    private static final Pattern[] SPECIAL = { Pattern.REINSTALLED, Pattern.REMOVED, Pattern.TRY_OUT, Pattern.STALE,
            Pattern.NEW };

    /** {@code n} devices of one customer: users with one or several devices, servers, kiosks, phones. */
    private static void fleet(World w, Customer c, int n, Random rnd) {
        ProductCode endpoint = switch (c.key) {
            case "c1", "e1" -> ProductCode.ENDPOINT_ADVANCED;
            default -> ProductCode.ENDPOINT_STANDARD;
        };
        int made = 0;
        int seat = 0;
        int special = 0;
        int users = 0;
        String domain = c.key + ".example";
        while (made < n) {
            seat++;
            String user = "user" + (++users) + "@" + domain;
            ProductCode ep = c.key.equals("a4") && rnd.nextDouble() < 0.2 ? ProductCode.ENDPOINT_ADVANCED : endpoint;
            if (seat % 15 == 7) {
                add(w, c, "laptop", made++, "WORKSTATION", laptopProducts(ep, rnd), user, SPECIAL[special++ % SPECIAL.length]);
                continue;
            }
            double r = rnd.nextDouble();
            int left = n - made;
            if (r < 0.50 || (left == 1 && r < 0.78)) {
                add(w, c, "laptop", made++, "WORKSTATION", laptopProducts(ep, rnd), user, Pattern.OFFICE_HOURS);
            } else if (r < 0.65) {
                add(w, c, "laptop", made++, "WORKSTATION", laptopProducts(ep, rnd), user, Pattern.OFFICE_HOURS);
                add(w, c, "desktop", made++, "WORKSTATION", EnumSet.of(ep), user, Pattern.ALWAYS_ON);
            } else if (r < 0.78) {
                add(w, c, "laptop", made++, "WORKSTATION", laptopProducts(ep, rnd), user, Pattern.OFFICE_HOURS);
                add(w, c, "phone", made++, "MOBILE", EnumSet.of(ProductCode.MOBILE_CONTROL), user, Pattern.ALWAYS_ON);
            } else if (r < 0.90) {
                Set<ProductCode> p = EnumSet.of(rnd.nextDouble() < 0.3 ? ProductCode.SERVER_ADVANCED
                        : ProductCode.SERVER_STANDARD);
                if (rnd.nextDouble() < 0.25) {
                    p.add(ProductCode.DEVICE_ENCRYPTION);
                }
                add(w, c, "server", made++, "SERVER", p, null, Pattern.ALWAYS_ON);
            } else if (r < 0.94) {
                add(w, c, "kiosk", made++, "WORKSTATION", EnumSet.of(ep, ProductCode.WEB), null, Pattern.ALWAYS_ON);
            } else {
                add(w, c, "phone", made++, "MOBILE", EnumSet.of(ProductCode.MOBILE_CONTROL), user, Pattern.ALWAYS_ON);
            }
        }
    }

    private static Set<ProductCode> laptopProducts(ProductCode endpoint, Random rnd) {
        Set<ProductCode> p = EnumSet.of(endpoint);
        if (rnd.nextDouble() < 0.3) {
            p.add(ProductCode.DEVICE_ENCRYPTION);
        }
        if (rnd.nextDouble() < 0.1) {
            p.add(ProductCode.WEB);
        }
        return p;
    }

    private static void add(World w, Customer c, String what, int n, String kind, Set<ProductCode> products,
            String user, Pattern pattern) {
        w.fleet.add(new Device(c, c.key + "-" + what + "-" + n, kind, products, user, pattern));
    }

    /** Day {@code d} (0..34) of the simulation starts at S - 35 d + d days. */
    public static Instant dayStart(Instant s, int d) {
        return s.minus(DAY.multipliedBy(DAYS - d));
    }

    /**
     * 35 days of telemetry ending at S, in order of occurrence: one heartbeat per device and day it is on
     * (at a random time between 03:00 and 23:00 after the day's start), firewalls daily (R18), removals,
     * and two heartbeats buffered for 40 days that ingest must reject as too old.
     */
    public static void telemetry(World w, Instant s, long seed) {
        Random rnd = new Random(seed);
        w.items.clear();
        long counter = 0;
        for (int d = 0; d < DAYS; d++) {
            Instant day = dayStart(s, d);
            for (Device dev : w.fleet) {
                if (!on(dev, d, day, rnd)) {
                    continue;
                }
                Instant at = day.plusSeconds(3 * 3600 + rnd.nextInt(20 * 3600));
                w.items.add(new Item(Kind.DEVICE_HEARTBEAT, "hb-" + (++counter), dev.customer(), dev.deviceId(),
                        dev.deviceKind(), dev.products(), dev.userId(), null, at, null));
                Integer removalDay = removalDay(dev.pattern(), d);
                if (removalDay != null) {
                    // removed later that day (R19: heartbeats at or before the removal do not count after it)
                    w.items.add(new Item(Kind.DEVICE_REMOVED, "rm-" + (++counter), dev.customer(), dev.deviceId(),
                            null, Set.of(), null, null, day.plus(DAY).minusSeconds(1800), null));
                }
            }
            for (Firewall f : w.firewalls) {
                Instant at = day.plusSeconds(2 * 3600 + rnd.nextInt(3600));
                w.items.add(new Item(Kind.FIREWALL_HEARTBEAT, "fw-" + (++counter), f.customer(), f.serial(), null,
                        Set.of(f.reported().product()), null, f, at, f.utm9() ? "utm9-not-supported" : null));
            }
        }
        // an agent that was offline for weeks delivers buffered heartbeats older than 35 days: rejected
        List<Device> someone = w.fleet.stream().filter(x -> x.pattern() == Pattern.OFFICE_HOURS).limit(2).toList();
        for (Device dev : someone) {
            w.items.add(new Item(Kind.DEVICE_HEARTBEAT, "old-" + (++counter), dev.customer(), dev.deviceId(),
                    dev.deviceKind(), dev.products(), dev.userId(), null, s.minus(Duration.ofDays(40)), "too-old"));
        }
        w.items.sort(java.util.Comparator.comparing(Item::occurredAt));
    }

    /** Whether the device sends on day d. */
    private static boolean on(Device dev, int d, Instant day, Random rnd) {
        DayOfWeek dow = day.plusSeconds(12 * 3600).atOffset(ZoneOffset.UTC).getDayOfWeek();
        boolean weekend = dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY;
        return switch (dev.pattern()) {
            case OFFICE_HOURS -> !weekend && rnd.nextDouble() < 0.95;
            case ALWAYS_ON -> true;
            case REINSTALLED -> d <= 12 || d >= 18;
            case REMOVED -> d <= 22;
            case TRY_OUT -> d >= 9 && d <= 27;
            case STALE -> d <= 4;
            case NEW -> d >= 32;
        };
    }

    /** The day on which a device of this pattern is removed, when {@code d} is it. */
    private static Integer removalDay(Pattern p, int d) {
        if ((p == Pattern.REINSTALLED && d == 12) || (p == Pattern.REMOVED && d == 22)
                || (p == Pattern.TRY_OUT && d == 27)) {
            return d;
        }
        return null;
    }
}
