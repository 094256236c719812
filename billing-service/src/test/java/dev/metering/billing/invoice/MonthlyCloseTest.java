package dev.metering.billing.invoice;

import static dev.metering.billing.Facts.billingType;
import static dev.metering.billing.Facts.customer;
import static dev.metering.billing.Facts.firewall;
import static dev.metering.billing.Facts.firewallHeartbeat;
import static dev.metering.billing.Facts.heartbeat;
import static dev.metering.billing.Facts.migrated;
import static dev.metering.billing.Facts.partner;
import static dev.metering.billing.Facts.removed;
import static dev.metering.billing.Facts.renamed;
import static dev.metering.billing.Facts.selected;
import static dev.metering.contracts.BillingType.MONTHLY;
import static dev.metering.contracts.BillingType.TERM;
import static dev.metering.contracts.BillingType.TRIAL;
import static dev.metering.contracts.ProductCode.ENDPOINT_ADVANCED;
import static dev.metering.contracts.ProductCode.ENDPOINT_STANDARD;
import static dev.metering.contracts.ProductCode.FIREWALL_ENTERPRISE_GUARD;
import static dev.metering.contracts.ProductCode.FIREWALL_FULL_GUARD;
import static dev.metering.contracts.ProductCode.SERVER_ADVANCED;
import static dev.metering.contracts.ProductCode.SERVER_STANDARD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.billing.account.BillingState;
import dev.metering.billing.usage.ActivityWindow;
import dev.metering.billing.usage.UsageProjection;
import dev.metering.contracts.MeteringEvent;
import dev.metering.contracts.ProductCode;
import dev.metering.contracts.ProductFamily;
import dev.metering.contracts.billing.BillingEvent.AdjustmentIssued;
import dev.metering.contracts.billing.BillingEvent.InvoiceIssued;
import dev.metering.contracts.billing.BillingEvent.InvoiceLine;
import dev.metering.contracts.billing.BillingEvent.ProductTotal;
import dev.metering.contracts.telemetry.FirewallSubscription;
import dev.metering.contracts.telemetry.TelemetryEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The period close and adjustments (R22–R28, R17a, R13, R3), given events, when closed, then invoices. */
class MonthlyCloseTest {

    static final YearMonth OCT = YearMonth.of(2026, 10);
    static final Instant S = CloseSchedule.monthEnd().closeOf(OCT); // 2026-11-01T00:00Z
    static final Instant ISSUED = Instant.parse("2026-11-01T00:00:05Z");

    final BillingState state = new BillingState();
    final UsageProjection usage = new UsageProjection(ActivityWindow.midnightUtc());
    final PriceList prices = prices();

    static PriceList prices() {
        PriceList p = new PriceList("EUR", Map.of("DIRECT", "GBP"));
        for (ProductCode c : ProductCode.values()) {
            p.price(Skus.of(c), "EUR", new BigDecimal("2.0000").add(BigDecimal.valueOf(c.ordinal())));
            p.price(Skus.of(c), "GBP", new BigDecimal("1.5000").add(BigDecimal.valueOf(c.ordinal())));
        }
        return p;
    }

    static BigDecimal eur(ProductCode c) {
        return new BigDecimal("2.0000").add(BigDecimal.valueOf(c.ordinal()));
    }

    void given(MeteringEvent... events) {
        for (MeteringEvent e : events) {
            if (e instanceof TelemetryEvent t) {
                usage.apply(t);
            } else {
                state.apply(e);
            }
        }
    }

    MonthlyClose.Result close() {
        return MonthlyClose.close(OCT, S, state, usage, prices, ISSUED);
    }

    InvoiceIssued onlyInvoice() {
        MonthlyClose.Result r = close();
        assertThat(r.problems()).isEmpty();
        assertThat(r.invoices()).hasSize(1);
        return r.invoices().get(0).invoice();
    }

    static InvoiceLine line(String customer, ProductCode product, long quantity) {
        BigDecimal price = eur(product);
        return new InvoiceLine(customer, "Customer " + customer, product, Skus.of(product), quantity, price,
                MonthlyClose.amount(price, quantity));
    }

    @Test
    void R25_oneInvoicePerPartnerWithALinePerCustomerAndSkuAndTotalsPerProduct() {
        given(partner("p-1", "dist-a", "DE"),
                customer("c-1", "p-1", MONTHLY, "2026-01-10T00:00:00Z"),
                customer("c-2", "p-1", MONTHLY, "2026-01-10T00:00:00Z"),
                heartbeat("c-1", "srv-1", SERVER_ADVANCED, null, "2026-10-20T10:00:00Z"),
                heartbeat("c-1", "srv-2", SERVER_ADVANCED, null, "2026-10-21T10:00:00Z"),
                heartbeat("c-1", "pc-1", ENDPOINT_STANDARD, "alice", "2026-10-21T10:00:00Z"),
                heartbeat("c-2", "srv-9", SERVER_ADVANCED, null, "2026-10-30T10:00:00Z"));

        InvoiceIssued invoice = onlyInvoice();

        assertThat(invoice.invoiceId()).isEqualTo("INV-2026-10-p-1");
        assertThat(invoice.partnerId()).isEqualTo("p-1");
        assertThat(invoice.distributorId()).isEqualTo("dist-a");
        assertThat(invoice.period()).isEqualTo("2026-10");
        assertThat(invoice.closedAt()).isEqualTo(S);
        assertThat(invoice.currency()).isEqualTo("EUR");
        assertThat(invoice.lines()).containsExactly(line("c-1", ENDPOINT_STANDARD, 1), line("c-1", SERVER_ADVANCED, 2),
                line("c-2", SERVER_ADVANCED, 1));
        assertThat(invoice.totals()).containsExactly(
                new ProductTotal(ENDPOINT_STANDARD, 1, new BigDecimal("2.00")),
                new ProductTotal(SERVER_ADVANCED, 3, new BigDecimal("15.00")));
        assertThat(invoice.totalAmount()).isEqualByComparingTo("17.00");
    }

    @Test
    void R26_everyLineKeepsTheUnitsItCounted() {
        given(partner("p-1", "dist-a", "DE"), customer("c-1", "p-1", MONTHLY, "2026-01-10T00:00:00Z"),
                heartbeat("c-1", "pc-1", ENDPOINT_STANDARD, "alice", "2026-10-21T10:00:00Z"),
                heartbeat("c-1", "pc-2", ENDPOINT_STANDARD, "alice", "2026-10-22T10:00:00Z"),
                heartbeat("c-1", "kiosk", ENDPOINT_STANDARD, null, "2026-10-22T10:00:00Z"));
        PartnerInvoice invoice = close().invoices().get(0);
        assertThat(invoice.evidence()).containsExactly(new LineEvidence("c-1", ENDPOINT_STANDARD,
                Skus.of(ENDPOINT_STANDARD), List.of("device:kiosk", "user:alice")));
        assertThat(invoice.invoice().lines().get(0).quantity()).isEqualTo(2);
    }

    @Test
    void R23_noProRating_aDeviceInstalledOnTheLastDayIsBilledForTheWholeMonth() {
        given(partner("p-1", "dist-a", "DE"), customer("c-1", "p-1", MONTHLY, "2026-01-10T00:00:00Z"),
                heartbeat("c-1", "srv-1", SERVER_ADVANCED, null, "2026-10-31T23:59:59.999Z"));
        assertThat(onlyInvoice().lines()).containsExactly(line("c-1", SERVER_ADVANCED, 1));
    }

    @Test
    void R23_trialConvertedToMonthlyOnThe3rdIsBilledForTheWholeMonth() {
        given(partner("p-1", "dist-a", "DE"), customer("c-1", "p-1", TRIAL, "2026-09-20T00:00:00Z"),
                heartbeat("c-1", "srv-1", SERVER_ADVANCED, null, "2026-10-02T10:00:00Z"),
                billingType("c-1", "p-1", TRIAL, MONTHLY, "2026-10-03T09:00:00Z"));
        assertThat(onlyInvoice().lines()).containsExactly(line("c-1", SERVER_ADVANCED, 1));
    }

    @Test
    void R23_aMonthlyCustomerThatBecameTermBeforeSIsNotInvoicedForThatMonth() {
        given(partner("p-1", "dist-a", "DE"), customer("c-1", "p-1", MONTHLY, "2026-01-10T00:00:00Z"),
                heartbeat("c-1", "srv-1", SERVER_ADVANCED, null, "2026-10-02T10:00:00Z"),
                billingType("c-1", "p-1", MONTHLY, TERM, "2026-10-28T00:00:00Z"));
        assertThat(close().invoices()).isEmpty();
    }

    @Test
    void R23_aConversionAfterSDoesNotReachBackIntoTheClosedMonth() {
        given(partner("p-1", "dist-a", "DE"), customer("c-1", "p-1", TRIAL, "2026-09-20T00:00:00Z"),
                heartbeat("c-1", "srv-1", SERVER_ADVANCED, null, "2026-10-02T10:00:00Z"),
                billingType("c-1", "p-1", TRIAL, MONTHLY, "2026-11-01T00:00:00.001Z"));
        assertThat(close().invoices()).isEmpty();
    }

    @Test
    void R24_termAndTrialCustomersAreNotInvoiced() {
        given(partner("p-1", "dist-a", "DE"),
                customer("c-term", "p-1", TERM, "2026-01-10T00:00:00Z"),
                customer("c-trial", "p-1", TRIAL, "2026-10-10T00:00:00Z"),
                customer("c-monthly", "p-1", MONTHLY, "2026-01-10T00:00:00Z"),
                heartbeat("c-term", "a", SERVER_ADVANCED, null, "2026-10-20T10:00:00Z"),
                heartbeat("c-trial", "b", SERVER_ADVANCED, null, "2026-10-20T10:00:00Z"),
                heartbeat("c-monthly", "c", SERVER_ADVANCED, null, "2026-10-20T10:00:00Z"));
        assertThat(onlyInvoice().lines()).containsExactly(line("c-monthly", SERVER_ADVANCED, 1));
    }

    @Test
    void R24_aPartnerWithOnlyTermCustomersGetsNoInvoice() {
        given(partner("p-1", "dist-a", "DE"), customer("c-term", "p-1", TERM, "2026-01-10T00:00:00Z"),
                heartbeat("c-term", "a", SERVER_ADVANCED, null, "2026-10-20T10:00:00Z"));
        assertThat(close().invoices()).isEmpty();
    }

    @Test
    void R25_aMonthlyCustomerWithNoActiveUnitsStillGetsItsPartnerAnInvoiceWithNoLine() {
        given(partner("p-1", "dist-a", "DE"), customer("c-1", "p-1", MONTHLY, "2026-01-10T00:00:00Z"));
        InvoiceIssued invoice = onlyInvoice();
        assertThat(invoice.lines()).isEmpty();
        assertThat(invoice.totalAmount()).isEqualByComparingTo("0");
    }

    @Test
    void R27_aCustomerMigratedMidMonthIsBilledWholeToThePartnerManagingItAtS() {
        given(partner("p-old", "dist-a", "DE"), partner("p-new", "dist-b", "FR"),
                customer("c-1", "p-old", MONTHLY, "2026-01-10T00:00:00Z"),
                heartbeat("c-1", "srv-1", SERVER_ADVANCED, null, "2026-10-05T10:00:00Z"),
                migrated("c-1", "p-old", "p-new", "2026-10-15T12:00:00Z"),
                heartbeat("c-1", "srv-2", SERVER_ADVANCED, null, "2026-10-25T10:00:00Z"));
        InvoiceIssued invoice = onlyInvoice();
        assertThat(invoice.partnerId()).isEqualTo("p-new");
        assertThat(invoice.distributorId()).isEqualTo("dist-b");
        assertThat(invoice.lines()).containsExactly(line("c-1", SERVER_ADVANCED, 2));
    }

    @Test
    void R27_aMigrationEffectiveAfterSLeavesTheMonthWithTheOldPartner() {
        given(partner("p-old", "dist-a", "DE"), partner("p-new", "dist-b", "FR"),
                customer("c-1", "p-old", MONTHLY, "2026-01-10T00:00:00Z"),
                heartbeat("c-1", "srv-1", SERVER_ADVANCED, null, "2026-10-05T10:00:00Z"),
                migrated("c-1", "p-old", "p-new", "2026-11-02T00:00:00Z"));
        assertThat(onlyInvoice().partnerId()).isEqualTo("p-old");
    }

    @Test
    void R17a_theSelectedLicenceDecidesTheSkuForEveryActiveUnitOfTheFamily() {
        given(partner("p-1", "dist-a", "DE"), customer("c-1", "p-1", MONTHLY, "2026-01-10T00:00:00Z"),
                selected("c-1", "p-1", ProductFamily.ENDPOINT, ENDPOINT_ADVANCED, "2026-10-10T00:00:00Z"),
                heartbeat("c-1", "pc-1", ENDPOINT_STANDARD, "alice", "2026-10-20T10:00:00Z"),
                heartbeat("c-1", "pc-2", ENDPOINT_ADVANCED, "alice", "2026-10-20T10:00:00Z"),
                heartbeat("c-1", "pc-3", ENDPOINT_STANDARD, "bob", "2026-10-20T10:00:00Z"),
                heartbeat("c-1", "srv", SERVER_STANDARD, null, "2026-10-20T10:00:00Z"));
        assertThat(onlyInvoice().lines()).containsExactly(line("c-1", ENDPOINT_ADVANCED, 2),
                line("c-1", SERVER_STANDARD, 1));
    }

    @Test
    void R17a_withoutASelectionTheReportedProductIsBilledAndAClearedSelectionFallsBack() {
        given(partner("p-1", "dist-a", "DE"), customer("c-1", "p-1", MONTHLY, "2026-01-10T00:00:00Z"),
                selected("c-1", "p-1", ProductFamily.SERVER, SERVER_ADVANCED, "2026-09-10T00:00:00Z"),
                selected("c-1", "p-1", ProductFamily.SERVER, null, "2026-10-10T00:00:00Z"),
                heartbeat("c-1", "srv", SERVER_STANDARD, null, "2026-10-20T10:00:00Z"));
        assertThat(onlyInvoice().lines()).containsExactly(line("c-1", SERVER_STANDARD, 1));
    }

    @Test
    void R13_aRegisteredFirewallIsBilledUnderItsRegisteredSubscriptionAndAnUnregisteredOneIsNot() {
        given(partner("p-1", "dist-a", "DE"), customer("c-1", "p-1", MONTHLY, "2026-01-10T00:00:00Z"),
                firewall("c-1", "p-1", "SN-1", FirewallSubscription.FULL_GUARD, "2026-10-01T00:00:00Z"),
                firewallHeartbeat("c-1", "SN-1", FirewallSubscription.ENTERPRISE_GUARD, "2026-10-30T00:00:00Z"),
                firewallHeartbeat("c-1", "SN-2", FirewallSubscription.ENTERPRISE_GUARD, "2026-10-30T00:00:00Z"));
        PartnerInvoice invoice = close().invoices().get(0);
        assertThat(invoice.invoice().lines()).containsExactly(line("c-1", FIREWALL_FULL_GUARD, 1));
        assertThat(invoice.evidence().get(0).unitIds()).containsExactly("serial:SN-1");
        assertThat(invoice.invoice().lines()).noneMatch(l -> l.product() == FIREWALL_ENTERPRISE_GUARD);
    }

    @Test
    void R19_R22_aDeviceInstalledAfterTheSeptemberCloseAndRemovedBeforeTheOctoberCloseIsNeverBilled() {
        given(partner("p-1", "dist-a", "DE"), customer("c-1", "p-1", MONTHLY, "2026-01-10T00:00:00Z"),
                heartbeat("c-1", "keep", SERVER_ADVANCED, null, "2026-10-20T10:00:00Z"),
                heartbeat("c-1", "tryout", ENDPOINT_ADVANCED, null, "2026-10-01T00:00:00.001Z"),
                heartbeat("c-1", "tryout", ENDPOINT_ADVANCED, null, "2026-10-30T00:00:00Z"),
                removed("c-1", "tryout", "2026-10-31T12:00:00Z"));
        assertThat(MonthlyClose.close(YearMonth.of(2026, 9), CloseSchedule.monthEnd().closeOf(YearMonth.of(2026, 9)),
                state, usage, prices, ISSUED).invoices().get(0).invoice().lines()).isEmpty();
        assertThat(onlyInvoice().lines()).containsExactly(line("c-1", SERVER_ADVANCED, 1));
    }

    @Nested
    class R3_distributors {
        @Test
        void aUkPartnersInvoiceGoesToDirectInItsCurrency() {
            given(partner("p-uk", "dist-a", "GB"), customer("c-1", "p-uk", MONTHLY, "2026-01-10T00:00:00Z"),
                    heartbeat("c-1", "srv", SERVER_ADVANCED, null, "2026-10-20T10:00:00Z"));
            InvoiceIssued invoice = onlyInvoice();
            assertThat(invoice.distributorId()).isEqualTo("DIRECT");
            assertThat(invoice.currency()).isEqualTo("GBP");
            assertThat(invoice.lines().get(0).unitPrice()).isEqualByComparingTo("4.5");
        }

        @Test
        void aPartnerWithoutARegistrationIsReportedNotInvoiced() {
            given(customer("c-1", "p-ghost", MONTHLY, "2026-01-10T00:00:00Z"));
            MonthlyClose.Result r = close();
            assertThat(r.invoices()).isEmpty();
            assertThat(r.problems()).singleElement().asString().contains("p-ghost");
        }
    }

    @Test
    void aMissingPriceIsReportedAndThatPartnerIsNotInvoiced() {
        given(partner("p-1", "dist-a", "DE"), customer("c-1", "p-1", MONTHLY, "2026-01-10T00:00:00Z"),
                heartbeat("c-1", "srv", SERVER_ADVANCED, null, "2026-10-20T10:00:00Z"));
        MonthlyClose.Result r = MonthlyClose.close(OCT, S, state, usage, new PriceList("EUR", Map.of()), ISSUED);
        assertThat(r.invoices()).isEmpty();
        assertThat(r.problems()).singleElement().asString().contains(Skus.of(SERVER_ADVANCED));
    }

    @Test
    void R7_aRenamedCustomerShowsItsNewName() {
        given(partner("p-1", "dist-a", "DE"), customer("c-1", "p-1", MONTHLY, "2026-01-10T00:00:00Z"),
                renamed("c-1", "p-1", "Acme GmbH", "2026-10-10T00:00:00Z"),
                heartbeat("c-1", "srv", SERVER_ADVANCED, null, "2026-10-20T10:00:00Z"));
        assertThat(onlyInvoice().lines().get(0).customerName()).isEqualTo("Acme GmbH");
    }

    @Nested
    class R28_adjustments {

        @Test
        void aLateHeartbeatForAClosedPeriodYieldsAnAdjustmentWithDeltaLinesReferencingTheInvoice() {
            given(partner("p-1", "dist-a", "DE"), customer("c-1", "p-1", MONTHLY, "2026-01-10T00:00:00Z"),
                    heartbeat("c-1", "srv-1", SERVER_ADVANCED, null, "2026-10-20T10:00:00Z"));
            InvoiceIssued original = onlyInvoice();

            given(heartbeat("c-1", "srv-2", SERVER_ADVANCED, null, "2026-10-25T10:00:00Z"),
                    heartbeat("c-1", "pc", ENDPOINT_STANDARD, null, "2026-10-25T10:00:00Z"));
            PartnerInvoice recomputed = MonthlyClose.closePartner("p-1", OCT, S, state, usage, prices, ISSUED,
                    original.currency()).orElseThrow();
            AdjustmentIssued adjustment = MonthlyClose.adjustment(original, original.lines(), recomputed, 1,
                    "late-telemetry", ISSUED).orElseThrow();

            assertThat(adjustment.adjustmentId()).isEqualTo("INV-2026-10-p-1-ADJ-1");
            assertThat(adjustment.invoiceId()).isEqualTo(original.invoiceId());
            assertThat(adjustment.lines()).containsExactly(line("c-1", ENDPOINT_STANDARD, 1),
                    line("c-1", SERVER_ADVANCED, 1));
            assertThat(adjustment.totalAmount()).isEqualByComparingTo("7.00");
            // the original is untouched (R28): it is a value, and the adjustment only references it
            assertThat(original.lines()).containsExactly(line("c-1", SERVER_ADVANCED, 1));
        }

        @Test
        void aLateHeartbeatOutsideTheWindowOrAlreadyCountedYieldsNoAdjustment() {
            given(partner("p-1", "dist-a", "DE"), customer("c-1", "p-1", MONTHLY, "2026-01-10T00:00:00Z"),
                    heartbeat("c-1", "srv-1", SERVER_ADVANCED, null, "2026-10-20T10:00:00Z"));
            InvoiceIssued original = onlyInvoice();
            given(heartbeat("c-1", "srv-1", SERVER_ADVANCED, null, "2026-10-21T10:00:00Z"),
                    heartbeat("c-1", "srv-3", SERVER_ADVANCED, null, "2026-11-02T10:00:00Z"));
            PartnerInvoice recomputed = MonthlyClose.closePartner("p-1", OCT, S, state, usage, prices, ISSUED,
                    original.currency()).orElseThrow();
            assertThat(MonthlyClose.adjustment(original, original.lines(), recomputed, 1, "late-telemetry", ISSUED))
                    .isEmpty();
        }

        @Test
        void aLateRemovalYieldsANegativeDeltaAndEarlierAdjustmentsAreTakenIntoAccount() {
            given(partner("p-1", "dist-a", "DE"), customer("c-1", "p-1", MONTHLY, "2026-01-10T00:00:00Z"),
                    heartbeat("c-1", "srv-1", SERVER_ADVANCED, null, "2026-10-20T10:00:00Z"),
                    heartbeat("c-1", "srv-2", SERVER_ADVANCED, null, "2026-10-20T10:00:00Z"));
            InvoiceIssued original = onlyInvoice();
            given(removed("c-1", "srv-2", "2026-10-22T10:00:00Z"));
            PartnerInvoice recomputed = MonthlyClose.closePartner("p-1", OCT, S, state, usage, prices, ISSUED,
                    original.currency()).orElseThrow();
            AdjustmentIssued first = MonthlyClose.adjustment(original, original.lines(), recomputed, 1, "late-removal",
                    ISSUED).orElseThrow();
            assertThat(first.lines()).containsExactly(new InvoiceLine("c-1", "Customer c-1", SERVER_ADVANCED,
                    Skus.of(SERVER_ADVANCED), -1, eur(SERVER_ADVANCED), new BigDecimal("-5.00")));

            List<InvoiceLine> soFar = new ArrayList<>(original.lines());
            soFar.addAll(first.lines());
            assertThat(MonthlyClose.adjustment(original, soFar, recomputed, 2, "again", ISSUED)).isEmpty();
        }
    }

    @Nested
    class R21_orderIndependence {

        @Test
        void anyPermutationOfTheEventsWithDuplicatesGivesTheSameInvoices() {
            List<MeteringEvent> events = new ArrayList<>(List.of(
                    partner("p-1", "dist-a", "DE"), partner("p-2", "dist-b", "GB"), partner("p-3", "dist-a", "FR"),
                    customer("c-1", "p-1", MONTHLY, "2026-01-10T00:00:00Z"),
                    customer("c-2", "p-1", TRIAL, "2026-09-10T00:00:00Z"),
                    billingType("c-2", "p-1", TRIAL, MONTHLY, "2026-10-03T00:00:00Z"),
                    customer("c-3", "p-2", MONTHLY, "2026-01-10T00:00:00Z"),
                    customer("c-4", "p-2", TERM, "2026-01-10T00:00:00Z"),
                    customer("c-5", "p-3", MONTHLY, "2026-01-10T00:00:00Z"),
                    migrated("c-5", "p-3", "p-1", "2026-10-12T00:00:00Z"),
                    renamed("c-3", "p-2", "Renamed Three", "2026-10-11T00:00:00Z"),
                    selected("c-1", "p-1", ProductFamily.ENDPOINT, ENDPOINT_ADVANCED, "2026-10-05T00:00:00Z"),
                    firewall("c-3", "p-2", "SN-1", FirewallSubscription.ENTERPRISE_GUARD, "2026-10-05T00:00:00Z")));
            Random random = new Random(7);
            List<String> customers = List.of("c-1", "c-2", "c-3", "c-4", "c-5");
            List<ProductCode> products = List.of(ENDPOINT_STANDARD, ENDPOINT_ADVANCED, SERVER_ADVANCED,
                    SERVER_STANDARD, ProductCode.WEB, ProductCode.MOBILE_CONTROL);
            Instant start = Instant.parse("2026-09-20T00:00:00Z");
            for (int i = 0; i < 300; i++) {
                String at = start.plusSeconds(random.nextInt(45 * 86_400)).toString();
                String c = customers.get(random.nextInt(customers.size()));
                if (random.nextInt(12) == 0) {
                    events.add(removed(c, "d-" + random.nextInt(20), at));
                } else {
                    events.add(heartbeat(c, "d-" + random.nextInt(20), products.get(random.nextInt(products.size())),
                            random.nextBoolean() ? null : "u-" + random.nextInt(5), at));
                }
            }
            events.add(firewallHeartbeat("c-3", "SN-1", FirewallSubscription.FULL_GUARD, "2026-10-29T00:00:00Z"));
            events.add(heartbeat("c-1", "edge-out", SERVER_ADVANCED, null, "2026-10-02T00:00:00Z"));
            events.add(heartbeat("c-1", "edge-in", SERVER_ADVANCED, null, "2026-10-02T00:00:00.001Z"));

            List<PartnerInvoice> reference = closeOver(events);
            assertThat(reference).extracting(i -> i.invoice().partnerId()).containsExactly("p-1", "p-2");
            assertThat(reference.get(1).invoice().distributorId()).isEqualTo("DIRECT");
            for (int run = 0; run < 30; run++) {
                List<MeteringEvent> shuffled = new ArrayList<>(events);
                for (int i = 0; i < 60; i++) {
                    shuffled.add(events.get(random.nextInt(events.size())));
                }
                Collections.shuffle(shuffled, random);
                assertThat(closeOver(shuffled)).isEqualTo(reference);
            }
        }

        private List<PartnerInvoice> closeOver(List<MeteringEvent> events) {
            BillingState s = new BillingState();
            UsageProjection u = new UsageProjection(ActivityWindow.midnightUtc());
            for (MeteringEvent e : events) {
                if (e instanceof TelemetryEvent t) {
                    u.apply(t);
                } else {
                    s.apply(e);
                }
            }
            MonthlyClose.Result r = MonthlyClose.close(OCT, S, s, u, prices, ISSUED);
            assertThat(r.problems()).isEmpty();
            return r.invoices();
        }
    }
}
