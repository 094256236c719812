package dev.metering.billing.usage;

import static dev.metering.contracts.ProductCode.DEVICE_ENCRYPTION;
import static dev.metering.contracts.ProductCode.ENDPOINT_ADVANCED;
import static dev.metering.contracts.ProductCode.ENDPOINT_STANDARD;
import static dev.metering.contracts.ProductCode.FIREWALL_FULL_GUARD;
import static dev.metering.contracts.ProductCode.MOBILE_SECURITY;
import static dev.metering.contracts.ProductCode.SERVER_ADVANCED;
import static dev.metering.contracts.ProductCode.WEB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.contracts.ProductCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The active-unit projection, rule by rule (R16–R19, R21). */
class CustomerUnitsTest {

    static final Instant S = Instant.parse("2026-11-01T00:00:00Z");
    static final long DAY = Duration.ofDays(1).toMillis();
    static final long MS30D = Duration.ofDays(30).toMillis();

    final CustomerUnits units = new CustomerUnits("c-1", ActivityWindow.midnightUtc());

    static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    int count(ProductCode p, long s) {
        return units.countsAt(s, ProductResolver.AS_REPORTED).getOrDefault(p, 0);
    }

    int countAtS(ProductCode p) {
        return count(p, S.toEpochMilli());
    }

    @Nested
    class R16_the30DayWindow {

        @Test
        void aHeartbeatExactly30DaysBeforeSIsOutsideTheWindow() {
            units.heartbeat("d-1", SERVER_ADVANCED, null, S.toEpochMilli() - MS30D);
            assertThat(countAtS(SERVER_ADVANCED)).isZero();
        }

        @Test
        void aHeartbeat30DaysMinus1msBeforeSIsInside() {
            units.heartbeat("d-1", SERVER_ADVANCED, null, S.toEpochMilli() - MS30D + 1);
            assertThat(countAtS(SERVER_ADVANCED)).isEqualTo(1);
        }

        @Test
        void aHeartbeatAtSItselfCountsAndOneMillisecondLaterDoesNot() {
            units.heartbeat("d-1", SERVER_ADVANCED, null, S.toEpochMilli());
            units.heartbeat("d-2", SERVER_ADVANCED, null, S.toEpochMilli() + 1);
            assertThat(countAtS(SERVER_ADVANCED)).isEqualTo(1);
            assertThat(units.unitsAt(S.toEpochMilli(), ProductResolver.AS_REPORTED).get(SERVER_ADVANCED))
                    .containsExactly("device:d-1");
        }

        @Test
        void theBoundaryIsExactAtAnyRealTimeInstantNotOnlyAtMidnight() {
            long now = at("2026-11-14T13:37:42.123Z");
            units.heartbeat("d-1", WEB, null, now - MS30D);
            units.heartbeat("d-2", WEB, null, now - MS30D + 1);
            assertThat(count(WEB, now)).isEqualTo(1);
            assertThat(count(WEB, now - 1)).isEqualTo(2);
            assertThat(count(WEB, now + 1)).isZero();
        }

        @Test
        void theBoundaryIsExactAtEveryCloseEvenWhenTheUnitSentHeartbeatsAfterS() {
            // 30 days + 1 ms before S, then again after S: the mask answers the historical S exactly
            units.heartbeat("d-1", WEB, null, S.toEpochMilli() - MS30D + 1);
            units.heartbeat("d-1", WEB, null, S.toEpochMilli() + 5 * DAY);
            units.heartbeat("d-2", WEB, null, S.toEpochMilli() - MS30D);
            units.heartbeat("d-2", WEB, null, S.toEpochMilli() + 5 * DAY);
            assertThat(units.unitsAt(S.toEpochMilli(), ProductResolver.AS_REPORTED).get(WEB))
                    .containsExactly("device:d-1");
        }

        @Test
        void closesAtAnotherTimeOfDayAreExactWithAMatchingAlignment() {
            long close = at("2026-10-23T06:00:00Z");
            CustomerUnits aligned = new CustomerUnits("c", new ActivityWindow(6 * 3_600_000L));
            aligned.heartbeat("in", WEB, null, close - MS30D + 1);
            aligned.heartbeat("out", WEB, null, close - MS30D);
            aligned.heartbeat("in", WEB, null, close + DAY);
            aligned.heartbeat("out", WEB, null, close + DAY);
            assertThat(aligned.unitsAt(close, ProductResolver.AS_REPORTED).get(WEB)).containsExactly("device:in");
        }

        @Test
        void aDeviceSeenOnlyLongAgoIsNotCountedAndOneSeenEveryDayIs() {
            for (int d = 0; d < 60; d++) {
                units.heartbeat("daily", SERVER_ADVANCED, null, S.toEpochMilli() - d * DAY - 3_600_000L);
            }
            units.heartbeat("old", SERVER_ADVANCED, null, S.toEpochMilli() - 45 * DAY);
            assertThat(countAtS(SERVER_ADVANCED)).isEqualTo(1);
            // historical instants in the middle of the mask, on bucket ends
            assertThat(count(SERVER_ADVANCED, S.toEpochMilli() - 20 * DAY)).isEqualTo(2);
            assertThat(count(SERVER_ADVANCED, S.toEpochMilli() - 15 * DAY)).isEqualTo(1);
        }
    }

    @Nested
    class R17_whatOneUnitIs {

        @Test
        void endpointProductsCountDistinctUsersNotDevices() {
            units.heartbeat("laptop", ENDPOINT_ADVANCED, "alice", at("2026-10-20T10:00:00Z"));
            units.heartbeat("desktop", ENDPOINT_ADVANCED, "alice", at("2026-10-21T10:00:00Z"));
            units.heartbeat("pc-bob", ENDPOINT_ADVANCED, "bob", at("2026-10-21T10:00:00Z"));
            assertThat(countAtS(ENDPOINT_ADVANCED)).isEqualTo(2);
            assertThat(units.unitsAt(S.toEpochMilli(), ProductResolver.AS_REPORTED).get(ENDPOINT_ADVANCED))
                    .containsExactly("user:alice", "user:bob");
        }

        @Test
        void endpointDevicesWithNoUserCountAsTheirOwnUnit() {
            units.heartbeat("kiosk-1", ENDPOINT_STANDARD, null, at("2026-10-20T10:00:00Z"));
            units.heartbeat("kiosk-2", ENDPOINT_STANDARD, "", at("2026-10-20T10:00:00Z"));
            units.heartbeat("pc", ENDPOINT_STANDARD, "alice", at("2026-10-20T10:00:00Z"));
            assertThat(units.unitsAt(S.toEpochMilli(), ProductResolver.AS_REPORTED).get(ENDPOINT_STANDARD))
                    .containsExactly("device:kiosk-1", "device:kiosk-2", "user:alice");
        }

        @Test
        void mobileProductsCountUsersToo() {
            units.heartbeat("phone", MOBILE_SECURITY, "alice", at("2026-10-20T10:00:00Z"));
            units.heartbeat("tablet", MOBILE_SECURITY, "alice", at("2026-10-20T11:00:00Z"));
            assertThat(countAtS(MOBILE_SECURITY)).isEqualTo(1);
        }

        @Test
        void aUserCountsOnlyThroughAnActiveDevice() {
            units.heartbeat("old-pc", ENDPOINT_STANDARD, "alice", at("2026-09-01T10:00:00Z"));
            units.heartbeat("new-pc", ENDPOINT_STANDARD, "bob", at("2026-10-20T10:00:00Z"));
            assertThat(units.unitsAt(S.toEpochMilli(), ProductResolver.AS_REPORTED).get(ENDPOINT_STANDARD))
                    .containsExactly("user:bob");
        }

        @Test
        void serversWebAndEncryptionCountDevicesEvenWithTheSameUser() {
            for (ProductCode p : List.of(SERVER_ADVANCED, WEB, DEVICE_ENCRYPTION)) {
                units.heartbeat("a", p, "alice", at("2026-10-20T10:00:00Z"));
                units.heartbeat("b", p, "alice", at("2026-10-20T10:00:00Z"));
                assertThat(countAtS(p)).as(p.name()).isEqualTo(2);
            }
        }

        @Test
        void oneDeviceCountsOnceInEachOfItsProducts() {
            units.heartbeat("srv", SERVER_ADVANCED, null, at("2026-10-20T10:00:00Z"));
            units.heartbeat("srv", DEVICE_ENCRYPTION, null, at("2026-10-20T10:00:00Z"));
            assertThat(units.countsAt(S.toEpochMilli(), ProductResolver.AS_REPORTED))
                    .containsExactlyInAnyOrderEntriesOf(Map.of(SERVER_ADVANCED, 1, DEVICE_ENCRYPTION, 1));
        }

        @Test
        void firewallsCountBySerialNumber() {
            units.heartbeat("SN-1", FIREWALL_FULL_GUARD, null, at("2026-10-20T00:00:00Z"));
            units.heartbeat("SN-1", FIREWALL_FULL_GUARD, null, at("2026-10-21T00:00:00Z"));
            units.heartbeat("SN-2", FIREWALL_FULL_GUARD, null, at("2026-10-21T00:00:00Z"));
            assertThat(units.unitsAt(S.toEpochMilli(), ProductResolver.AS_REPORTED).get(FIREWALL_FULL_GUARD))
                    .containsExactly("serial:SN-1", "serial:SN-2");
        }

        @Test
        void theResolverRebillsAFamilyUnderItsSelectedProductCountingUsersAcrossTheFamily() {
            units.heartbeat("pc-1", ENDPOINT_STANDARD, "alice", at("2026-10-20T10:00:00Z"));
            units.heartbeat("pc-2", ENDPOINT_ADVANCED, "alice", at("2026-10-20T10:00:00Z"));
            units.heartbeat("pc-3", ENDPOINT_STANDARD, "bob", at("2026-10-20T10:00:00Z"));
            ProductResolver advanced = (reported, device) -> reported.family() == ENDPOINT_ADVANCED.family()
                    ? ENDPOINT_ADVANCED : reported;
            assertThat(units.countsAt(S.toEpochMilli(), advanced)).containsExactlyEntriesOf(Map.of(ENDPOINT_ADVANCED, 2));
            assertThat(units.countsAt(S.toEpochMilli(), ProductResolver.AS_REPORTED))
                    .containsExactlyInAnyOrderEntriesOf(Map.of(ENDPOINT_STANDARD, 2, ENDPOINT_ADVANCED, 1));
        }
    }

    @Nested
    class R18_firewallsSendDaily {
        @Test
        void aFirewallSeenOnceInTheLast30DaysIsBilled() {
            units.heartbeat("SN-1", FIREWALL_FULL_GUARD, null, at("2026-10-03T00:00:00Z"));
            assertThat(countAtS(FIREWALL_FULL_GUARD)).isEqualTo(1);
        }
    }

    @Nested
    class R19_removals {

        @Test
        void aDeviceRemovedBeforeSWithNoLaterHeartbeatDoesNotCount() {
            units.heartbeat("d-1", SERVER_ADVANCED, null, at("2026-10-20T10:00:00Z"));
            units.removed("d-1", at("2026-10-25T10:00:00Z"));
            assertThat(countAtS(SERVER_ADVANCED)).isZero();
        }

        @Test
        void aRemovalExactlyAtSCountsAsBeforeS() {
            units.heartbeat("d-1", SERVER_ADVANCED, null, at("2026-10-20T10:00:00Z"));
            units.removed("d-1", S.toEpochMilli());
            assertThat(countAtS(SERVER_ADVANCED)).isZero();
        }

        @Test
        void aRemovalAfterSDoesNotChangeTheCountAtS() {
            units.heartbeat("d-1", SERVER_ADVANCED, null, at("2026-10-20T10:00:00Z"));
            units.removed("d-1", S.toEpochMilli() + 1);
            assertThat(countAtS(SERVER_ADVANCED)).isEqualTo(1);
        }

        @Test
        void aReinstallAfterTheRemovalCountsAgain() {
            units.heartbeat("d-1", SERVER_ADVANCED, null, at("2026-10-20T10:00:00Z"));
            units.removed("d-1", at("2026-10-25T10:00:00Z"));
            units.heartbeat("d-1", SERVER_ADVANCED, null, at("2026-10-28T10:00:00Z"));
            assertThat(countAtS(SERVER_ADVANCED)).isEqualTo(1);
        }

        @Test
        void aHeartbeatAtTheRemovalInstantIsNotAfterIt() {
            units.heartbeat("d-1", SERVER_ADVANCED, null, at("2026-10-25T10:00:00Z"));
            units.removed("d-1", at("2026-10-25T10:00:00Z"));
            assertThat(countAtS(SERVER_ADVANCED)).isZero();
        }

        @Test
        void installedAfterOneSnapshotAndRemovedBeforeTheNextIsNeverBilled() {
            long octClose = at("2026-10-01T00:00:00Z");
            long novClose = S.toEpochMilli();
            units.heartbeat("trial-pc", ENDPOINT_ADVANCED, null, octClose + 3_600_000L);
            units.heartbeat("trial-pc", ENDPOINT_ADVANCED, null, at("2026-10-20T10:00:00Z"));
            units.removed("trial-pc", novClose - 3_600_000L);
            assertThat(count(ENDPOINT_ADVANCED, octClose)).isZero();
            assertThat(count(ENDPOINT_ADVANCED, novClose)).isZero();
            // ... yet it was visible in real time while installed (R20)
            assertThat(count(ENDPOINT_ADVANCED, at("2026-10-21T00:00:00Z"))).isEqualTo(1);
        }

        @Test
        void aRemovedUsersOtherActiveDeviceStillCountsTheUser() {
            units.heartbeat("pc-1", ENDPOINT_STANDARD, "alice", at("2026-10-20T10:00:00Z"));
            units.heartbeat("pc-2", ENDPOINT_STANDARD, "alice", at("2026-10-20T10:00:00Z"));
            units.removed("pc-1", at("2026-10-25T10:00:00Z"));
            assertThat(units.unitsAt(S.toEpochMilli(), ProductResolver.AS_REPORTED).get(ENDPOINT_STANDARD))
                    .containsExactly("user:alice");
        }
    }

    @Nested
    class R21_orderAndDuplicates {

        record Fact(String device, ProductCode product, String user, long at, boolean removal) {
        }

        @Test
        void anyPermutationWithDuplicatesGivesTheSameStateAndCounts() {
            Random random = new Random(42);
            List<ProductCode> products = List.of(ENDPOINT_STANDARD, ENDPOINT_ADVANCED, SERVER_ADVANCED, WEB,
                    MOBILE_SECURITY, FIREWALL_FULL_GUARD);
            List<Fact> facts = new ArrayList<>();
            long base = S.toEpochMilli() - 70 * DAY;
            for (int i = 0; i < 400; i++) {
                boolean removal = random.nextInt(15) == 0;
                facts.add(new Fact("d-" + random.nextInt(25), products.get(random.nextInt(products.size())),
                        random.nextInt(3) == 0 ? null : "u-" + random.nextInt(6),
                        base + (long) (random.nextDouble() * 80 * DAY), removal));
            }
            // boundary facts
            facts.add(new Fact("edge", WEB, null, S.toEpochMilli() - MS30D, false));
            facts.add(new Fact("edge2", WEB, null, S.toEpochMilli() - MS30D + 1, false));
            CustomerUnits reference = fold(facts);
            List<Long> instants = new ArrayList<>();
            for (int d = -40; d <= 12; d++) {
                instants.add(S.toEpochMilli() + d * DAY);
                instants.add(S.toEpochMilli() + d * DAY + 13 * 3_600_000L + 7);
            }
            for (int run = 0; run < 50; run++) {
                List<Fact> shuffled = new ArrayList<>(facts);
                for (int i = 0; i < 100; i++) {
                    shuffled.add(facts.get(random.nextInt(facts.size())));
                }
                java.util.Collections.shuffle(shuffled, random);
                CustomerUnits other = fold(shuffled);
                assertThat(other.describe()).isEqualTo(reference.describe());
                for (long s : instants) {
                    assertThat(other.unitsAt(s, ProductResolver.AS_REPORTED))
                            .isEqualTo(reference.unitsAt(s, ProductResolver.AS_REPORTED));
                }
            }
        }

        private CustomerUnits fold(List<Fact> facts) {
            CustomerUnits u = new CustomerUnits("c", ActivityWindow.midnightUtc());
            for (Fact f : facts) {
                if (f.removal()) {
                    u.removed(f.device(), f.at());
                } else {
                    u.heartbeat(f.device(), f.product(), f.user(), f.at());
                }
            }
            return u;
        }
    }

    @Test
    void aSnapshotRoundTripsToAnIdenticalProjection() throws Exception {
        units.heartbeat("pc", ENDPOINT_STANDARD, "alice", at("2026-10-20T10:00:00Z"));
        units.heartbeat("srv", SERVER_ADVANCED, null, at("2026-10-10T10:00:00Z"));
        units.heartbeat("srv", DEVICE_ENCRYPTION, null, at("2026-10-12T10:00:00Z"));
        units.removed("srv", at("2026-10-11T10:00:00Z"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        units.writeTo(new DataOutputStream(bytes));
        CustomerUnits back = CustomerUnits.readFrom("c-1", ActivityWindow.midnightUtc(),
                new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertThat(back.describe()).isEqualTo(units.describe());
        assertThat(back.unitsAt(S.toEpochMilli(), ProductResolver.AS_REPORTED))
                .isEqualTo(units.unitsAt(S.toEpochMilli(), ProductResolver.AS_REPORTED));
        // the copy keeps folding like the original
        back.heartbeat("srv", SERVER_ADVANCED, null, at("2026-10-20T10:00:00Z"));
        assertThat(back.isActive("srv", SERVER_ADVANCED, S.toEpochMilli())).isTrue();
    }

    @Nested
    class TheConsolesDeviceList {

        @Test
        void everyDeviceIsListedWithItsLatestHeartbeatUserAndWhyItDoesNotCount() {
            // given a counted laptop, a server silent for 30 days (R16) and a try-out removed after its heartbeat (R19)
            long s = S.toEpochMilli();
            units.heartbeat("laptop", ENDPOINT_STANDARD, "alice", s - DAY);
            units.heartbeat("laptop", ENDPOINT_STANDARD, "bob", s - 2 * DAY);
            units.heartbeat("old-server", SERVER_ADVANCED, null, s - MS30D);
            units.heartbeat("tryout", SERVER_ADVANCED, null, s - 10 * DAY);
            units.removed("tryout", s - 5 * DAY);
            units.heartbeat("reinstalled", WEB, null, s - 10 * DAY);
            units.removed("reinstalled", s - 5 * DAY);
            units.heartbeat("reinstalled", WEB, null, s - 4 * DAY);

            // when the console asks at S
            List<CustomerUnits.Track> tracks = units.tracksAt(s);

            // then each device shows whether it counts and, if not, why
            assertThat(tracks).extracting(CustomerUnits.Track::deviceId, CustomerUnits.Track::product,
                    CustomerUnits.Track::userId, CustomerUnits.Track::counted, CustomerUnits.Track::notCounted)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("laptop", ENDPOINT_STANDARD, "alice", true, null),
                            org.assertj.core.groups.Tuple.tuple("old-server", SERVER_ADVANCED, null, false,
                                    CustomerUnits.OUTSIDE_30_DAYS),
                            org.assertj.core.groups.Tuple.tuple("reinstalled", WEB, null, true, null),
                            org.assertj.core.groups.Tuple.tuple("tryout", SERVER_ADVANCED, null, false,
                                    CustomerUnits.REMOVED));
            assertThat(tracks.get(0).lastHeartbeat()).isEqualTo(Instant.ofEpochMilli(s - DAY));
            assertThat(tracks.get(3).removedAt()).isEqualTo(Instant.ofEpochMilli(s - 5 * DAY));
            assertThat(tracks.get(0).removedAt()).isNull();
            // and the list agrees with the counts
            assertThat(tracks.stream().filter(t -> t.counted() && t.product() == SERVER_ADVANCED)).isEmpty();
            assertThat(countAtS(SERVER_ADVANCED)).isZero();
        }

        @Test
        void aListAsOfSIsNotChangedByHeartbeatsAfterS() {
            // given a laptop counted at S and a server removed before S
            long s = S.toEpochMilli();
            units.heartbeat("laptop", ENDPOINT_STANDARD, "alice", s - DAY);
            units.heartbeat("server", SERVER_ADVANCED, null, s - 10 * DAY);
            units.removed("server", s - 5 * DAY);
            List<CustomerUnits.Track> before = units.tracksAt(s);

            // when a new device, the laptop, and the removed server report after S, and the laptop is removed later
            units.heartbeat("newcomer", ENDPOINT_STANDARD, null, s + 6 * 3_600_000L);
            units.heartbeat("laptop", ENDPOINT_STANDARD, "alice", s + 2 * DAY);
            units.heartbeat("server", SERVER_ADVANCED, null, s + DAY);
            units.removed("laptop", s + 3 * DAY);

            // then the list as of S still has exactly the units S knew, none showing a later heartbeat or removal
            List<CustomerUnits.Track> after = units.tracksAt(s);
            assertThat(after).extracting(CustomerUnits.Track::deviceId, CustomerUnits.Track::counted,
                    CustomerUnits.Track::notCounted, CustomerUnits.Track::removedAt)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("laptop", true, null, null),
                            org.assertj.core.groups.Tuple.tuple("server", false, CustomerUnits.REMOVED,
                                    Instant.ofEpochMilli(s - 5 * DAY)));
            assertThat(before).extracting(CustomerUnits.Track::deviceId).containsExactly("laptop", "server");
            assertThat(after).allSatisfy(t -> assertThat(t.lastHeartbeat() == null
                    || !t.lastHeartbeat().isAfter(S)).isTrue());
            // and in real time the newcomer is there, counted
            assertThat(units.tracksAt(s + 4 * DAY)).extracting(CustomerUnits.Track::deviceId)
                    .containsExactly("laptop", "newcomer", "server");
        }
    }
}
