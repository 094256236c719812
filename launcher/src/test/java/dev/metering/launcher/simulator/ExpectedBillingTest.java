package dev.metering.launcher.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.contracts.BillingType;
import dev.metering.contracts.ProductCode;
import dev.metering.contracts.ProductFamily;
import dev.metering.contracts.telemetry.FirewallSubscription;
import dev.metering.launcher.simulator.World.Customer;
import dev.metering.launcher.simulator.World.Firewall;
import dev.metering.launcher.simulator.World.Item;
import dev.metering.launcher.simulator.World.Kind;
import dev.metering.launcher.simulator.World.Partner;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The simulator's own model of the rules, given/when/then on hand-made facts. */
class ExpectedBillingTest {

    static final Instant S = Instant.parse("2026-11-22T09:00:00Z");

    final World world = new World();
    final Partner flex = new Partner("p-1", "Flex", "DE", "dist-1", true);
    final Partner uk = new Partner("p-uk", "UK", "GB", null, true);
    final Customer monthly = customer("c-1", flex, BillingType.MONTHLY);
    int ids;

    Customer customer(String id, Partner p, BillingType type) {
        if (!world.partners.contains(p)) {
            world.partners.add(p);
        }
        Customer c = new Customer(id, p, "Customer " + id, "DE", type, type);
        c.id = id;
        world.customers.add(c);
        return c;
    }

    void beat(Customer c, String device, String user, Duration beforeS, ProductCode... products) {
        world.items.add(new Item(Kind.DEVICE_HEARTBEAT, "e" + (++ids), c, device, "WORKSTATION", Set.of(products),
                user, null, S.minus(beforeS), null));
    }

    void removed(Customer c, String device, Duration beforeS) {
        world.items.add(new Item(Kind.DEVICE_REMOVED, "e" + (++ids), c, device, null, Set.of(), null, null,
                S.minus(beforeS), null));
    }

    @Test
    void r16WindowIsOpenOnTheLeftAndClosedOnTheRight() {
        beat(monthly, "d-edge-left", null, Duration.ofDays(30), ProductCode.SERVER_STANDARD);
        beat(monthly, "d-edge-right", null, Duration.ZERO, ProductCode.SERVER_STANDARD);
        beat(monthly, "d-inside", null, Duration.ofDays(30).minusMillis(1), ProductCode.SERVER_STANDARD);
        assertThat(ExpectedBilling.counts(world, monthly, S, true)).isEqualTo(Map.of(ProductCode.SERVER_STANDARD, 2));
    }

    @Test
    void r19RemovalStopsCountingUntilAHeartbeatAfterIt() {
        beat(monthly, "d-removed", null, Duration.ofDays(5), ProductCode.SERVER_STANDARD);
        removed(monthly, "d-removed", Duration.ofDays(4));
        beat(monthly, "d-back", null, Duration.ofDays(20), ProductCode.SERVER_STANDARD);
        removed(monthly, "d-back", Duration.ofDays(15));
        beat(monthly, "d-back", null, Duration.ofDays(6), ProductCode.SERVER_STANDARD);
        assertThat(ExpectedBilling.counts(world, monthly, S, true)).isEqualTo(Map.of(ProductCode.SERVER_STANDARD, 1));
    }

    @Test
    void r17UsersCountOnceAndDevicesWithoutUserCountEach() {
        beat(monthly, "laptop", "alice", Duration.ofDays(1), ProductCode.ENDPOINT_STANDARD, ProductCode.DEVICE_ENCRYPTION);
        beat(monthly, "desktop", "alice", Duration.ofDays(2), ProductCode.ENDPOINT_STANDARD);
        beat(monthly, "kiosk", null, Duration.ofDays(2), ProductCode.ENDPOINT_STANDARD);
        beat(monthly, "phone", "alice", Duration.ofDays(2), ProductCode.MOBILE_CONTROL);
        assertThat(ExpectedBilling.counts(world, monthly, S, true)).isEqualTo(Map.of(ProductCode.ENDPOINT_STANDARD, 2,
                ProductCode.DEVICE_ENCRYPTION, 1, ProductCode.MOBILE_CONTROL, 1));
    }

    @Test
    void r17aTheSelectedLicenceIsBilledForTheWholeFamily() {
        monthly.selections.put(ProductFamily.ENDPOINT, ProductCode.ENDPOINT_ADVANCED);
        beat(monthly, "laptop", "alice", Duration.ofDays(1), ProductCode.ENDPOINT_STANDARD);
        beat(monthly, "desktop", "alice", Duration.ofDays(1), ProductCode.ENDPOINT_ADVANCED);
        beat(monthly, "laptop-2", "bob", Duration.ofDays(1), ProductCode.ENDPOINT_STANDARD);
        assertThat(ExpectedBilling.counts(world, monthly, S, true)).isEqualTo(Map.of(ProductCode.ENDPOINT_ADVANCED, 2));
    }

    @Test
    void r13OnlyRegisteredFirewallsAreInvoicedButAllAreVisible() {
        Firewall registered = new Firewall(monthly, "C01", "XGS", "SFOS 21", FirewallSubscription.FULL_GUARD,
                FirewallSubscription.FULL_GUARD);
        Firewall unregistered = new Firewall(monthly, "C02", "XGS", "SFOS 21", FirewallSubscription.ENTERPRISE_GUARD,
                null);
        for (Firewall f : new Firewall[] { registered, unregistered }) {
            world.items.add(new Item(Kind.FIREWALL_HEARTBEAT, "e" + (++ids), monthly, f.serial(), null,
                    Set.of(f.reported().product()), null, f, S.minus(Duration.ofDays(1)), null));
        }
        assertThat(ExpectedBilling.counts(world, monthly, S, true))
                .isEqualTo(Map.of(ProductCode.FIREWALL_FULL_GUARD, 1));
        assertThat(ExpectedBilling.counts(world, monthly, S, false)).isEqualTo(Map.of(
                ProductCode.FIREWALL_FULL_GUARD, 1, ProductCode.FIREWALL_ENTERPRISE_GUARD, 1));
    }

    @Test
    void rejectedItemsNeverCount() {
        world.items.add(new Item(Kind.DEVICE_HEARTBEAT, "e-old", monthly, "d", "SERVER",
                Set.of(ProductCode.SERVER_STANDARD), null, null, S.minus(Duration.ofDays(1)), "too-old"));
        assertThat(ExpectedBilling.counts(world, monthly, S, true)).isEmpty();
    }

    @Test
    void r24r25OneInvoicePerPartnerWithMonthlyCustomersOnly() {
        Customer term = customer("c-term", flex, BillingType.TERM);
        Customer ukMonthly = customer("c-uk", uk, BillingType.MONTHLY);
        Partner connect = new Partner("p-connect", "Connect", "DE", "dist-1", false);
        Customer connectTerm = customer("c-connect", connect, BillingType.TERM);
        beat(monthly, "s1", null, Duration.ofDays(1), ProductCode.SERVER_STANDARD);
        beat(monthly, "s2", null, Duration.ofDays(1), ProductCode.SERVER_STANDARD, ProductCode.DEVICE_ENCRYPTION);
        beat(term, "s3", null, Duration.ofDays(1), ProductCode.SERVER_STANDARD);
        beat(ukMonthly, "s4", null, Duration.ofDays(1), ProductCode.SERVER_STANDARD);
        beat(connectTerm, "s5", null, Duration.ofDays(1), ProductCode.SERVER_STANDARD);

        Map<String, ExpectedBilling.Invoice> invoices = ExpectedBilling.invoices(world, S);

        assertThat(invoices).containsOnlyKeys("p-1", "p-uk");
        ExpectedBilling.Invoice de = invoices.get("p-1");
        assertThat(de.distributorId()).isEqualTo("dist-1");
        assertThat(de.currency()).isEqualTo("EUR");
        assertThat(de.lines()).extracting(ExpectedBilling.Line::customerId, ExpectedBilling.Line::product,
                ExpectedBilling.Line::quantity).containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("c-1", ProductCode.SERVER_STANDARD, 2L),
                        org.assertj.core.groups.Tuple.tuple("c-1", ProductCode.DEVICE_ENCRYPTION, 1L));
        assertThat(de.totalAmount()).isEqualByComparingTo("11.50");
        ExpectedBilling.Invoice gb = invoices.get("p-uk");
        assertThat(gb.distributorId()).isEqualTo("DIRECT");
        assertThat(gb.currency()).isEqualTo("GBP");
        assertThat(gb.totalAmount()).isEqualByComparingTo("4.30");
    }
}
