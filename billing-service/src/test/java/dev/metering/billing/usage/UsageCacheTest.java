package dev.metering.billing.usage;

import static dev.metering.billing.Facts.billingType;
import static dev.metering.billing.Facts.customer;
import static dev.metering.billing.Facts.firewall;
import static dev.metering.billing.Facts.firewallHeartbeat;
import static dev.metering.billing.Facts.heartbeat;
import static dev.metering.billing.Facts.migrated;
import static dev.metering.billing.Facts.removed;
import static dev.metering.billing.Facts.renamed;
import static dev.metering.billing.Facts.selected;
import static dev.metering.billing.Facts.term;
import static dev.metering.contracts.ProductCode.ENDPOINT_ADVANCED;
import static dev.metering.contracts.ProductCode.ENDPOINT_STANDARD;
import static dev.metering.contracts.ProductCode.FIREWALL_FULL_GUARD;
import static dev.metering.contracts.ProductCode.SERVER_ADVANCED;
import static dev.metering.contracts.ProductCode.SERVER_STANDARD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.billing.account.BillingState;
import dev.metering.contracts.BillingType;
import dev.metering.contracts.MeteringEvent;
import dev.metering.contracts.ProductCode;
import dev.metering.contracts.ProductFamily;
import dev.metering.contracts.license.LicenseEvent;
import dev.metering.contracts.license.LicenseOwner;
import dev.metering.contracts.telemetry.FirewallSubscription;
import dev.metering.contracts.telemetry.TelemetryEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The real-time usage cache answers exactly what {@link UsageReport} computes afresh (R16–R21, R17a, R13, R10, R20):
 * across the window's edge to the millisecond, new heartbeats, removals, heartbeats from a clock ahead, billing
 * facts taking effect later, migrations, restarts, and while the fold writes concurrently.
 */
class UsageCacheTest {

    static final Instant T0 = Instant.parse("2026-11-10T10:00:00.123Z");
    static final Duration WINDOW = Duration.ofDays(30);
    static final String[] SORTS = {"name", "total", "SERVER_ADVANCED", "type"};

    BillingState state;
    UsageProjection usage;
    UsageCache cache;

    @BeforeEach
    void empty() {
        state = new BillingState();
        usage = new UsageProjection(ActivityWindow.midnightUtc());
        cache = new UsageCache(state, usage);
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

    /** The cached answer at {@code at}, after checking it against a fresh computation. */
    UsageCache.Snapshot exact(String partner, Instant at) {
        UsageCache.Snapshot cached = cache.snapshot(partner, at);
        assertThat(cached.rows()).as("rows at %s", at).isEqualTo(UsageReport.rows(partner, at, state, usage));
        assertThat(cached.summary()).as("summary at %s", at).isEqualTo(UsageReport.summary(partner, at, state));
        for (String sort : SORTS) {
            for (boolean desc : new boolean[] {false, true}) {
                assertThat(cache.page(partner, at, null, sort, desc, 0, 2)).as("page by %s at %s", sort, at)
                        .isEqualTo(UsageReport.page(partner, at, state, usage, null, sort, desc, 0, 2));
            }
        }
        assertThat(cache.page(partner, at, "ER B", "total", true, 0, 50))
                .isEqualTo(UsageReport.page(partner, at, state, usage, "ER B", "total", true, 0, 50));
        return cached;
    }

    int count(String partner, Instant at, String customer, ProductCode p) {
        for (UsageReport.Row r : exact(partner, at).rows()) {
            if (r.customerId().equals(customer)) {
                return r.products().get(p);
            }
        }
        throw new AssertionError("no row for " + customer);
    }

    static String iso(Instant t) {
        return t.toString();
    }

    @Nested
    class TimePassing {

        @Test
        void R16_aUnitLeavesExactlyThirtyDaysAfterItsLatestHeartbeat_evenWhenAnsweredFromTheCache() {
            given(customer("a", "p", BillingType.MONTHLY, "2026-01-01T00:00:00Z"),
                    heartbeat("a", "srv-1", SERVER_ADVANCED, null, iso(T0)),
                    heartbeat("a", "srv-2", SERVER_ADVANCED, null, iso(T0.plusSeconds(3600))));
            Instant edge = T0.plus(WINDOW);
            assertThat(count("p", T0.plusSeconds(3600), "a", SERVER_ADVANCED)).isEqualTo(2);
            long misses = cache.misses();
            assertThat(count("p", edge.minusMillis(1), "a", SERVER_ADVANCED)).isEqualTo(2);
            assertThat(count("p", edge.minusMillis(1), "a", SERVER_ADVANCED)).isEqualTo(2);
            assertThat(count("p", edge, "a", SERVER_ADVANCED)).isEqualTo(1); // (S − 30 d, S]: T0 is out
            assertThat(count("p", edge.plusMillis(1), "a", SERVER_ADVANCED)).isEqualTo(1);
            assertThat(count("p", edge.plusSeconds(3600).minusMillis(1), "a", SERVER_ADVANCED)).isEqualTo(1);
            assertThat(count("p", edge.plusSeconds(3600), "a", SERVER_ADVANCED)).isZero();
            assertThat(count("p", edge.plusSeconds(7200), "a", SERVER_ADVANCED)).isZero();
            assertThat(cache.hits()).as("answers in between come from the cache").isPositive();
            assertThat(cache.misses()).isGreaterThan(misses);
        }

        @Test
        void R20_repeatedRealTimeQueriesAreAnsweredFromTheCacheUntilSomethingChanges() {
            given(customer("a", "p", BillingType.MONTHLY, "2026-01-01T00:00:00Z"),
                    customer("b", "p", BillingType.TERM, "2026-01-01T00:00:00Z"),
                    heartbeat("a", "srv-1", SERVER_ADVANCED, null, iso(T0)));
            exact("p", T0);
            long misses = cache.misses();
            for (int i = 1; i <= 100; i++) {
                exact("p", T0.plusSeconds(60L * i));
            }
            assertThat(cache.misses()).isEqualTo(misses);
            assertThat(cache.hits()).isGreaterThanOrEqualTo(200);
        }

        @Test
        void R19_aRemovalDatedLaterTakesEffectAtItsInstant() {
            given(customer("a", "p", BillingType.MONTHLY, "2026-01-01T00:00:00Z"),
                    heartbeat("a", "srv-1", SERVER_ADVANCED, null, iso(T0)),
                    removed("a", "srv-1", iso(T0.plusSeconds(600))));
            assertThat(count("p", T0, "a", SERVER_ADVANCED)).isEqualTo(1);
            assertThat(count("p", T0.plusSeconds(600).minusMillis(1), "a", SERVER_ADVANCED)).isEqualTo(1);
            assertThat(count("p", T0.plusSeconds(600), "a", SERVER_ADVANCED)).isZero();
            assertThat(count("p", T0.plusSeconds(601), "a", SERVER_ADVANCED)).isZero();
        }

        @Test
        void R16_aHeartbeatFromAClockAheadCountsFromItsInstant_notBefore() {
            given(customer("a", "p", BillingType.MONTHLY, "2026-01-01T00:00:00Z"),
                    heartbeat("a", "srv-1", SERVER_ADVANCED, null, iso(T0)),
                    heartbeat("a", "srv-2", SERVER_ADVANCED, null, iso(T0.plusSeconds(120))));
            assertThat(count("p", T0, "a", SERVER_ADVANCED)).isEqualTo(1);
            assertThat(count("p", T0.plusSeconds(120).minusMillis(1), "a", SERVER_ADVANCED)).isEqualTo(1);
            assertThat(count("p", T0.plusSeconds(120), "a", SERVER_ADVANCED)).isEqualTo(2);
            assertThat(count("p", T0.plusSeconds(121), "a", SERVER_ADVANCED)).isEqualTo(2);
        }
    }

    @Nested
    class NewFacts {

        @Test
        void R21_aNewHeartbeatOrRemovalIsVisibleInTheNextAnswer() {
            given(customer("a", "p", BillingType.MONTHLY, "2026-01-01T00:00:00Z"),
                    heartbeat("a", "pc-1", ENDPOINT_STANDARD, "alice", iso(T0)));
            assertThat(count("p", T0, "a", ENDPOINT_STANDARD)).isEqualTo(1);
            given(heartbeat("a", "pc-2", ENDPOINT_STANDARD, "bob", iso(T0.minusSeconds(86_400))));
            assertThat(count("p", T0.plusMillis(1), "a", ENDPOINT_STANDARD)).isEqualTo(2);
            given(heartbeat("a", "pc-3", ENDPOINT_STANDARD, "bob", iso(T0))); // R17: bob counts once
            assertThat(count("p", T0.plusMillis(2), "a", ENDPOINT_STANDARD)).isEqualTo(2);
            given(removed("a", "pc-1", iso(T0.plusMillis(3))));
            assertThat(count("p", T0.plusMillis(2), "a", ENDPOINT_STANDARD)).isEqualTo(2);
            assertThat(count("p", T0.plusMillis(3), "a", ENDPOINT_STANDARD)).isEqualTo(1);
            given(heartbeat("a", "pc-1", ENDPOINT_STANDARD, "alice", iso(T0.plusMillis(3)))); // at, not after (R19)
            assertThat(count("p", T0.plusMillis(4), "a", ENDPOINT_STANDARD)).isEqualTo(1);
            given(heartbeat("a", "pc-1", ENDPOINT_STANDARD, "alice", iso(T0.plusMillis(4))));
            assertThat(count("p", T0.plusMillis(4), "a", ENDPOINT_STANDARD)).isEqualTo(2);
        }

        @Test
        void aCustomerWithoutTelemetryGetsARowOnceItsFirstHeartbeatIsFolded() {
            given(customer("a", "p", BillingType.MONTHLY, "2026-01-01T00:00:00Z"));
            assertThat(count("p", T0, "a", SERVER_ADVANCED)).isZero();
            given(heartbeat("a", "srv-1", SERVER_ADVANCED, null, iso(T0)));
            assertThat(count("p", T0.plusMillis(1), "a", SERVER_ADVANCED)).isEqualTo(1);
        }

        @Test
        void aRestartThatReloadsTheCustomersProjectionIsNoticed() throws Exception {
            given(customer("a", "p", BillingType.MONTHLY, "2026-01-01T00:00:00Z"),
                    heartbeat("a", "srv-1", SERVER_ADVANCED, null, iso(T0)));
            assertThat(count("p", T0, "a", SERVER_ADVANCED)).isEqualTo(1);
            CustomerUnits other = new CustomerUnits("a", usage.window());
            other.heartbeat("srv-1", SERVER_ADVANCED, null, T0.toEpochMilli());
            other.heartbeat("srv-2", SERVER_ADVANCED, null, T0.toEpochMilli());
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            other.writeTo(new DataOutputStream(bytes));
            usage.put(CustomerUnits.readFrom("a", usage.window(),
                    new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
            assertThat(count("p", T0.plusMillis(1), "a", SERVER_ADVANCED)).isEqualTo(2);
            usage.clear();
            assertThat(count("p", T0.plusMillis(2), "a", SERVER_ADVANCED)).isZero();
        }

        @Test
        void aReloadedProjectionRemembersItsLatestHeartbeat() throws Exception {
            CustomerUnits units = new CustomerUnits("a", usage.window());
            units.heartbeat("srv-1", SERVER_ADVANCED, null, T0.toEpochMilli());
            units.heartbeat("srv-2", SERVER_ADVANCED, null, T0.toEpochMilli() - 5);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            units.writeTo(new DataOutputStream(bytes));
            CustomerUnits read = CustomerUnits.readFrom("a", usage.window(),
                    new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            assertThat(read.latestHeartbeat()).isEqualTo(T0.toEpochMilli()).isEqualTo(units.latestHeartbeat());
            long v = units.version();
            units.removed("srv-1", T0.toEpochMilli());
            assertThat(units.version()).isGreaterThan(v);
        }
    }

    @Nested
    class BillingFacts {

        @Test
        void R17a_aSelectionTakingEffectLaterMovesTheUnitsAtItsInstant() {
            Instant effective = T0.plusSeconds(3 * 3600);
            given(customer("a", "p", BillingType.MONTHLY, "2026-01-01T00:00:00Z"),
                    heartbeat("a", "pc-1", ENDPOINT_STANDARD, "alice", iso(T0)),
                    selected("a", "p", ProductFamily.ENDPOINT, ENDPOINT_ADVANCED, iso(effective)));
            assertThat(count("p", T0, "a", ENDPOINT_STANDARD)).isEqualTo(1);
            assertThat(count("p", effective.minusMillis(1), "a", ENDPOINT_STANDARD)).isEqualTo(1);
            assertThat(count("p", effective, "a", ENDPOINT_ADVANCED)).isEqualTo(1);
            assertThat(count("p", effective, "a", ENDPOINT_STANDARD)).isZero();
        }

        @Test
        void R17a_aSelectionFoldedNowIsVisibleInTheNextAnswer() {
            given(customer("a", "p", BillingType.MONTHLY, "2026-01-01T00:00:00Z"),
                    heartbeat("a", "srv", SERVER_STANDARD, null, iso(T0)));
            assertThat(count("p", T0, "a", SERVER_STANDARD)).isEqualTo(1);
            given(selected("a", "p", ProductFamily.SERVER, SERVER_ADVANCED, iso(T0)));
            assertThat(count("p", T0.plusMillis(1), "a", SERVER_ADVANCED)).isEqualTo(1);
            given(renamed("a", "p", "Acme", iso(T0)));
            assertThat(exact("p", T0.plusMillis(2)).rows().get(0).name()).isEqualTo("Acme");
        }

        @Test
        void R13_aFirewallRegisteredLaterCountsUnderItsSubscriptionFromThen() {
            Instant effective = T0.plusSeconds(60);
            given(customer("a", "p", BillingType.MONTHLY, "2026-01-01T00:00:00Z"),
                    firewallHeartbeat("a", "SN-1", FirewallSubscription.ENTERPRISE_GUARD, iso(T0)),
                    firewall("a", "p", "SN-1", FirewallSubscription.FULL_GUARD, iso(effective)));
            assertThat(count("p", T0, "a", FIREWALL_FULL_GUARD)).isZero();
            assertThat(count("p", effective, "a", FIREWALL_FULL_GUARD)).isEqualTo(1);
        }

        @Test
        void R10_R23_billingTypeAndLicenceEndsTakingEffectLaterChangeRowAndSummaryAtTheirInstant() {
            Instant switchAt = T0.plusSeconds(7200);
            Instant endAt = T0.plusSeconds(3600);
            given(customer("a", "p", BillingType.TERM, "2026-01-01T00:00:00Z"),
                    term("a", "p", "lic-1", LicenseOwner.CUSTOMER, "2026-01-02T00:00:00Z"),
                    billingType("a", "p", BillingType.TERM, BillingType.MONTHLY, iso(switchAt)),
                    new LicenseEvent.TermLicenseEnded("a", "p", "lic-1", "expired", endAt, T0),
                    heartbeat("a", "srv", SERVER_STANDARD, null, iso(T0)));
            assertThat(exact("p", T0).summary()).isEqualTo(new UsageReport.Summary(1, 0, 1));
            assertThat(exact("p", endAt.minusMillis(1)).summary()).isEqualTo(new UsageReport.Summary(1, 0, 1));
            assertThat(exact("p", endAt).summary()).isEqualTo(new UsageReport.Summary(1, 0, 0));
            assertThat(exact("p", switchAt.minusMillis(1)).rows().get(0).type()).isEqualTo("TERM");
            assertThat(exact("p", switchAt).rows().get(0).type()).isEqualTo("MONTHLY");
            assertThat(exact("p", switchAt).summary()).isEqualTo(new UsageReport.Summary(1, 1, 0));
        }

        @Test
        void R27_aMigrationTakingEffectLaterMovesTheCustomerAtItsInstant() {
            Instant at = T0.plusSeconds(600);
            given(customer("a", "p", BillingType.MONTHLY, "2026-01-01T00:00:00Z"),
                    customer("b", "p", BillingType.MONTHLY, "2026-01-01T00:00:00Z"),
                    migrated("a", "p", "q", iso(at)));
            assertThat(exact("p", T0).rows()).extracting(UsageReport.Row::customerId).containsExactly("a", "b");
            assertThat(exact("q", T0).rows()).isEmpty();
            assertThat(exact("p", at.minusMillis(1)).rows()).extracting(UsageReport.Row::customerId)
                    .containsExactly("a", "b");
            assertThat(exact("p", at).rows()).extracting(UsageReport.Row::customerId).containsExactly("b");
            assertThat(exact("q", at).rows()).extracting(UsageReport.Row::customerId).containsExactly("a");
            given(customer("c", "p", BillingType.MONTHLY, iso(T0)));
            assertThat(exact("p", at.plusMillis(1)).rows()).extracting(UsageReport.Row::customerId)
                    .containsExactly("b", "c");
        }
    }

    /**
     * Random facts and queries, many of them at the instants where an answer changes (a heartbeat + 30 days,
     * a removal, a billing fact's effective instant) and one millisecond either side: the cache must answer
     * exactly what a fresh computation answers, every time.
     */
    @Test
    void R16_R21_theCacheAnswersExactlyWhatAFreshComputationAnswers_randomised() {
        for (long seed = 1; seed <= 40; seed++) {
            empty();
            randomRun(new Random(seed));
        }
    }

    private void randomRun(Random rnd) {
        String[] customers = {"a", "b", "c", "d"};
        for (String c : customers) {
            given(customer(c, "p", BillingType.MONTHLY, "2026-01-01T00:00:00Z"));
        }
        ProductCode[] products = {ENDPOINT_STANDARD, ENDPOINT_ADVANCED, SERVER_STANDARD, SERVER_ADVANCED};
        String[] users = {null, "alice", "bob"};
        TreeSet<Long> edges = new TreeSet<>(); // instants at which some answer changes
        long now = T0.toEpochMilli();
        long day = ActivityWindow.DAY_MS;
        int hits = 0;
        for (int step = 0; step < 300; step++) {
            int op = rnd.nextInt(12);
            String c = customers[rnd.nextInt(customers.length)];
            if (op < 4) {
                long at = now - (long) (rnd.nextDouble() * 31 * day) + (rnd.nextInt(10) == 0 ? rnd.nextInt(600_000) : 0);
                String device = "dev-" + rnd.nextInt(6);
                given(heartbeat(c, device, products[rnd.nextInt(products.length)], users[rnd.nextInt(users.length)],
                        iso(Instant.ofEpochMilli(at))));
                edges.add(at);
                edges.add(at + ActivityWindow.WINDOW_MS);
            } else if (op == 4) {
                long at = now + rnd.nextInt(3_600_000) - 1_800_000;
                given(removed(c, "dev-" + rnd.nextInt(6), iso(Instant.ofEpochMilli(at))));
                edges.add(at);
            } else if (op == 5) {
                long at = now + rnd.nextInt(7_200_000) - 600_000;
                ProductFamily f = rnd.nextBoolean() ? ProductFamily.ENDPOINT : ProductFamily.SERVER;
                ProductCode p = rnd.nextInt(3) == 0 ? null
                        : f == ProductFamily.ENDPOINT ? (rnd.nextBoolean() ? ENDPOINT_ADVANCED : ENDPOINT_STANDARD)
                                : (rnd.nextBoolean() ? SERVER_ADVANCED : SERVER_STANDARD);
                given(new LicenseEvent.MonthlyLicenseSelected(c, "p", f, p, Instant.ofEpochMilli(at), T0));
                edges.add(at);
            } else if (op == 6) {
                long at = now + rnd.nextInt(7_200_000);
                BillingType to = BillingType.values()[rnd.nextInt(BillingType.values().length)];
                given(billingType(c, "p", BillingType.MONTHLY, to, iso(Instant.ofEpochMilli(at))));
                edges.add(at);
            } else if (op == 7) {
                long at = now + rnd.nextInt(7_200_000);
                given(migrated(c, "p", rnd.nextBoolean() ? "q" : "p", iso(Instant.ofEpochMilli(at))));
                edges.add(at);
            } else {
                // time passes: by a little, or to (around) the next instant where an answer changes
                Long edge = edges.higher(now);
                if (edge != null && rnd.nextBoolean()) {
                    now = edge + rnd.nextInt(3) - 1;
                } else {
                    now += rnd.nextInt(4) == 0 ? rnd.nextInt((int) (2 * day)) : rnd.nextInt(120_000);
                }
            }
            long before = cache.hits();
            exact("p", Instant.ofEpochMilli(now));
            exact("q", Instant.ofEpochMilli(now));
            hits += cache.hits() - before;
        }
        assertThat(hits).as("the cache answered some rows").isPositive();
    }

    @Test
    void R21_whileTheFoldWritesConcurrentlyNoStaleAnswerSurvivesIt() throws Exception {
        for (int c = 0; c < 20; c++) {
            given(customer("c" + c, "p", BillingType.MONTHLY, "2026-01-01T00:00:00Z"));
        }
        Instant at = T0.plusSeconds(86_400);
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            Thread t = new Thread(() -> {
                try {
                    while (!done.get()) {
                        cache.snapshot("p", at);
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            t.start();
            readers.add(t);
        }
        Random rnd = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            String c = "c" + rnd.nextInt(20);
            if (i % 50 == 49) {
                usage.apply(removed(c, "d" + rnd.nextInt(30), iso(T0.plusSeconds(rnd.nextInt(3600)))));
            } else {
                usage.apply(heartbeat(c, "d" + rnd.nextInt(30), SERVER_ADVANCED, null,
                        iso(T0.minusSeconds(rnd.nextInt(40 * 86_400)))));
            }
        }
        done.set(true);
        for (Thread t : readers) {
            t.join();
        }
        assertThat(failure.get()).isNull();
        exact("p", at);
    }

    /** The partner's whole snapshot answered again without a lookup per customer, only while nothing changed. */
    @Nested
    class PartnerAnswer {

        @Test
        void R21_aCustomerWhoseProjectionIsReplacedAtTheSameVersion_isCountedFromTheReplacement() {
            given(customer("a", "p", BillingType.MONTHLY, "2026-01-01T00:00:00Z"),
                    customer("b", "p", BillingType.MONTHLY, "2026-01-01T00:00:00Z"),
                    heartbeat("a", "srv-1", SERVER_ADVANCED, null, iso(T0)));
            assertThat(count("p", T0.plusSeconds(60), "a", SERVER_ADVANCED)).isEqualTo(1);
            // when its partition is loaded again from the store (another object, here with other facts, same version)
            CustomerUnits reloaded = new CustomerUnits("a", usage.window());
            reloaded.heartbeat("laptop-1", ENDPOINT_ADVANCED, "u1", T0.toEpochMilli());
            assertThat(reloaded.version()).isEqualTo(usage.find("a").version());
            usage.put(reloaded);
            // then the next answer counts the reloaded units
            assertThat(count("p", T0.plusSeconds(120), "a", SERVER_ADVANCED)).isZero();
            assertThat(count("p", T0.plusSeconds(120), "a", ENDPOINT_ADVANCED)).isEqualTo(1);
        }

        @Test
        void R16_aCustomersFirstHeartbeatEver_isCountedAtOnce() {
            given(customer("a", "p", BillingType.MONTHLY, "2026-01-01T00:00:00Z"),
                    customer("b", "p", BillingType.MONTHLY, "2026-01-01T00:00:00Z"),
                    heartbeat("a", "srv-1", SERVER_ADVANCED, null, iso(T0)));
            assertThat(count("p", T0.plusSeconds(60), "b", SERVER_ADVANCED)).isZero();
            given(heartbeat("b", "srv-9", SERVER_ADVANCED, null, iso(T0.plusSeconds(90))));
            assertThat(count("p", T0.plusSeconds(120), "b", SERVER_ADVANCED)).isEqualTo(1);
        }

        @Test
        void R20_theHeldPageIsOnlyAnsweredWhileTheSnapshotAndItsOrderingAreCurrent() {
            given(customer("a", "p", BillingType.MONTHLY, "2026-01-01T00:00:00Z"),
                    customer("b", "p", BillingType.MONTHLY, "2026-01-01T00:00:00Z"),
                    heartbeat("a", "srv-1", SERVER_ADVANCED, null, iso(T0)));
            Instant at = T0.plusSeconds(60);
            assertThat(cache.pageIfHeld("p", at, null, "name", false, 0, 1)).as("nothing held yet").isNull();
            cache.page("p", at, null, "name", false, 0, 1);
            assertThat(cache.pageIfHeld("p", at.plusSeconds(1), null, "name", false, 1, 1))
                    .isEqualTo(UsageReport.page("p", at.plusSeconds(1), state, usage, null, "name", false, 1, 1));
            assertThat(cache.pageIfHeld("p", at, null, "total", true, 0, 1)).as("another ordering").isNull();
            assertThat(cache.pageIfHeld("p", at, "zzz", "name", false, 0, 1)).as("another search").isNull();
            assertThat(cache.pageIfHeld("q", at, null, "name", false, 0, 1)).as("another partner").isNull();
            given(heartbeat("b", "srv-2", SERVER_ADVANCED, null, iso(T0.plusSeconds(61))));
            assertThat(cache.pageIfHeld("p", at.plusSeconds(2), null, "name", false, 0, 1))
                    .as("after a heartbeat of one of its customers").isNull();
            cache.page("p", at.plusSeconds(2), null, "name", false, 0, 1);
            given(renamed("b", "p", "Beta", iso(T0)));
            assertThat(cache.pageIfHeld("p", at.plusSeconds(3), null, "name", false, 0, 1))
                    .as("after a billing fact").isNull();
            assertThat(cache.page("p", at.plusSeconds(3), null, "name", false, 0, 2))
                    .isEqualTo(UsageReport.page("p", at.plusSeconds(3), state, usage, null, "name", false, 0, 2));
        }
    }
}
