package dev.metering.billing.usage;

import static dev.metering.contracts.ProductCode.DEVICE_ENCRYPTION;
import static dev.metering.contracts.ProductCode.ENDPOINT_ADVANCED;
import static dev.metering.contracts.ProductCode.ENDPOINT_STANDARD;
import static dev.metering.contracts.ProductCode.FIREWALL_FULL_GUARD;
import static dev.metering.contracts.ProductCode.MOBILE_SECURITY;
import static dev.metering.contracts.ProductCode.SERVER_ADVANCED;
import static dev.metering.contracts.ProductCode.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metering.contracts.ProductCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The persisted snapshot (stored per customer by the fold): format 4 round trips, format-2 and format-3 snapshots
 * written by earlier versions still load to the same state (R21: a restart changes nothing), and persisting (which cuts
 * the arrays to size) never changes what the projection folds or answers (R16–R19).
 */
class CustomerUnitsSnapshotTest {

    static final long S = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
    static final long DAY = ActivityWindow.DAY_MS;

    /** Written by the format-2 version (commit 01d783d) after folding {@link #fixtureFacts}. */
    static final String FORMAT_2_SNAPSHOT = "AgAAAAYABHBjLTGAAAAAAAAAAAAEcGMtMoAAAAAAAAAAAANzcnYAAAGhKmetAAAJZ2Vyw6R0LcO8gAAAAAAAAAAAB"
            + "HBjLTOAAAAAAAAAAAAFZ2hvc3QAAAGhCVw0AAAAAAIABWFsaWNlAARiw7hiAAAABwAAAAAAAAAAAAAAQAEAAAGhoUfOAAAAAAAAAAABAAAA"
            + "AAAAAAABAAABoV3nRQAAAAAAAAAAAgMAAAAAAAAAAQAAAaElQVEA/////wAAAAIHAAAAAAAAAAEAAAGhL44JAP////8AAAADBgAAAAAAAAAB"
            + "AAABoXBbZAD/////AAAABAEAAAAAAAIAAQAAAaD7oJQAAAAAAQAAAAAGAAAAAAAAAAEAAAGhjK5eAP////8=";
    /** {@code describe()} of that projection, printed by the format-2 version. */
    static final String FORMAT_2_DESCRIBE = "{gerät-ü=removed=-9223372036854775808, gerät-ü/WEB=mask=1 "
            + "last=1792886400000 user=- removed=-9223372036854775808, ghost=removed=1791158400000, "
            + "pc-1=removed=-9223372036854775808, pc-1/ENDPOINT_STANDARD=mask=4001 last=1793707200000 user=alice "
            + "removed=-9223372036854775808, pc-1/WEB=mask=1 last=1793361600000 user=- removed=-9223372036854775808, "
            + "pc-2=removed=-9223372036854775808, pc-2/ENDPOINT_STANDARD=mask=1 last=1792576800000 user=alice "
            + "removed=-9223372036854775808, pc-3=removed=-9223372036854775808, pc-3/ENDPOINT_ADVANCED=mask=20001 "
            + "last=1790928000000 user=bøb removed=-9223372036854775808, srv=removed=1791712800000, "
            + "srv/DEVICE_ENCRYPTION=mask=1 last=1791799200000 user=- removed=1791712800000, srv/SERVER_ADVANCED=mask=1 "
            + "last=1791626400000 user=- removed=1791712800000}";

    /**
     * Written by the format-3 version (commit 08e66d2) after folding {@link #fixtureFacts} and
     * {@link UuidFixture#facts}: its UUID ids are 36 bytes each.
     */
    static final String FORMAT_3_SNAPSHOT = "AwAAAAgEcGMtMQRwYy0yA3NydglnZXLDpHQtw7wEcGMtMwVnaG9zdCQ1ZjBjM2E0ZS05YjFkLTRjN2EtOGU"
            + "yZi0wYTFiMmMzZDRlNWYkQTFCMkMzRDQtRTVGNi00QTdCLThDOUQtMEUxRjJBM0I0QzVEAAAAAgAAAAIAAAGhKmetAAAAAAUAAAGhCVw0AAA"
            + "AAAMFYWxpY2UEYsO4YiQwYjdkMWUyZi0zYTRiLTRjNWQtOWU2Zi03YThiOWMwZDFlMmYAAAAJAAAAAAAAAAAAAABAAQAAAaGhR84AAAAAAAAAA"
            + "AEAAAAAAAAAAAEAAAGhXedFAAAAAAAAAAACAwAAAAAAAAABAAABoSVBUQD/////AAAAAwYAAAAAAAAAAQAAAaFwW2QA/////wAAAAQBAAAAAAAC"
            + "AAEAAAGg+6CUAAAAAAEAAAAGAQAAAAAAAAAFAAABoYG82oAAAAACAAAABwMAAAAAAAAAAQAAAaF8sfXA/////wAAAAIHAAAAAAAAAAEAAAGhL44J"
            + "AP////8AAAAABgAAAAAAAAABAAABoYyuXgD/////";

    /**
     * Written by the format-4 version (commit 1774671, every id in the general layout) after folding
     * {@link UuidFixture#uuidOnlyFacts}: seven lower-case UUID device ids, each its marker and 16 bytes.
     */
    static final String FORMAT_4_UUID_SNAPSHOT = "BAAAAAcR+F8MOk6bHUx6ji8KGyw9Tl8R+F8MOk6bHUx7HF4UNlh6nL4R+F8MOk6bHUx8qo0eUYS36x0R+F8MOk6bHUx9OLwobLD1"
            + "OXwR+F8MOk6bHUx+xusyh90yh9sR+F8MOk6bHUx/VRo8owlv1joR+F8MOk6bHUyA40lGvjWtJJkAAAACAAAAAQAAAaGKGzAAAAAA"
            + "BgAAAaEqZ60AAAAABAh1c2VyLTctMAh1c2VyLTctMQh1c2VyLTctMgh1c2VyLTctOQAAAAgAAAAAAQAAAAAACAABAAABoVpc5cEA"
            + "AAAAAAAAAQEAAAAAAAgAAQAAAaFfg0HBAAAAAAAAAAIBABAAAAAIAAEAAAGhZKmdwQAAAAEAAAADAQAAAAAACAABAAABoWnP+cEA"
            + "AAABAAAABAEAAAAAAAgAAQAAAaFu9lXBAAAAAgAAAAUBAAAAAAAIAAEAAAGhdByxwQAAAAIAAAAGAwAAAAAAAAABAAABoSVBUQD/"
            + "////AAAABgcAAAAAAAAAAQAAAaEvjgkA/////w==";

    static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    static void fixtureFacts(CustomerUnits u) {
        u.heartbeat("pc-1", ENDPOINT_STANDARD, "alice", at("2026-10-20T10:00:00Z"));
        u.heartbeat("pc-2", ENDPOINT_STANDARD, "alice", at("2026-10-21T10:00:00Z"));
        u.heartbeat("srv", SERVER_ADVANCED, null, at("2026-10-10T10:00:00Z"));
        u.heartbeat("srv", DEVICE_ENCRYPTION, null, at("2026-10-12T10:00:00Z"));
        u.removed("srv", at("2026-10-11T10:00:00Z"));
        u.heartbeat("gerät-ü", WEB, null, at("2026-10-25T00:00:00Z"));
        u.heartbeat("pc-3", ENDPOINT_ADVANCED, "bøb", at("2026-09-15T08:00:00Z"));
        u.heartbeat("pc-3", ENDPOINT_ADVANCED, "bøb", at("2026-10-02T08:00:00Z"));
        u.removed("ghost", at("2026-10-05T00:00:00Z"));
        u.heartbeat("pc-1", ENDPOINT_STANDARD, "alice", at("2026-11-03T12:00:00Z"));
        u.heartbeat("pc-1", WEB, "alice", at("2026-10-30T12:00:00Z"));
    }

    static byte[] write(CustomerUnits u) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        u.writeTo(new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    static CustomerUnits read(byte[] bytes) throws IOException {
        return CustomerUnits.readFrom("c-1", ActivityWindow.midnightUtc(),
                new DataInputStream(new ByteArrayInputStream(bytes)));
    }

    static List<Long> instants() {
        List<Long> out = new ArrayList<>();
        for (int d = -45; d <= 10; d++) {
            out.add(S + d * DAY);
            out.add(S + d * DAY + 13 * 3_600_000L + 7);
        }
        return out;
    }

    static void assertSameAnswers(CustomerUnits actual, CustomerUnits expected) {
        assertThat(actual.describe()).isEqualTo(expected.describe());
        assertThat(actual.deviceCount()).isEqualTo(expected.deviceCount());
        assertThat(actual.trackCount()).isEqualTo(expected.trackCount());
        for (long s : instants()) {
            assertThat(actual.unitsAt(s, ProductResolver.AS_REPORTED)).as("at %s", Instant.ofEpochMilli(s))
                    .isEqualTo(expected.unitsAt(s, ProductResolver.AS_REPORTED));
            assertThat(actual.countsAt(s, ProductResolver.AS_REPORTED))
                    .isEqualTo(expected.countsAt(s, ProductResolver.AS_REPORTED));
        }
    }

    @Test
    void theSameFactsFoldToTheStateTheFormat2VersionHad() {
        CustomerUnits now = new CustomerUnits("c-1", ActivityWindow.midnightUtc());
        fixtureFacts(now);
        assertThat(now.describe().toString()).isEqualTo(FORMAT_2_DESCRIBE);
    }

    @Test
    void aFormat2SnapshotStillLoadsToTheSameProjection() throws IOException {
        byte[] v2 = Base64.getDecoder().decode(FORMAT_2_SNAPSHOT);
        assertThat(v2[0]).isEqualTo((byte) 2);
        CustomerUnits loaded = read(v2);
        assertThat(loaded.describe().toString()).isEqualTo(FORMAT_2_DESCRIBE);
        CustomerUnits folded = new CustomerUnits("c-1", ActivityWindow.midnightUtc());
        fixtureFacts(folded);
        assertSameAnswers(loaded, folded);
        // R19: srv was removed between its two products' heartbeats; ghost was removed without any
        assertThat(loaded.isActive("srv", SERVER_ADVANCED, S)).isFalse();
        assertThat(loaded.isActive("srv", DEVICE_ENCRYPTION, S)).isTrue();
        assertThat(loaded.unitsAt(S, ProductResolver.AS_REPORTED).get(ENDPOINT_STANDARD)).containsExactly("user:alice");

        // written again it is format 4, and that loads to the same projection too
        byte[] v3 = write(loaded);
        assertThat(v3[0]).isEqualTo((byte) 4);
        assertThat(v3.length).isLessThan(v2.length); // no removal instant for the devices never removed
        assertSameAnswers(read(v3), folded);

        // both keep folding alike
        CustomerUnits fromV2 = read(v2);
        CustomerUnits fromV3 = read(v3);
        for (CustomerUnits u : List.of(fromV2, fromV3, folded)) {
            u.heartbeat("srv", SERVER_ADVANCED, null, at("2026-10-20T00:00:00Z"));
            u.heartbeat("new", MOBILE_SECURITY, "alice", at("2026-10-21T00:00:00Z"));
            u.removed("pc-2", at("2026-10-22T00:00:00Z"));
        }
        assertSameAnswers(fromV2, folded);
        assertSameAnswers(fromV3, folded);
    }

    @Test
    void aFormat3SnapshotWithUuidIdsLoadsAndKeepsCountingTheSameDevices() throws IOException {
        byte[] v3 = Base64.getDecoder().decode(FORMAT_3_SNAPSHOT);
        assertThat(v3[0]).isEqualTo((byte) 3);
        CustomerUnits loaded = read(v3);
        CustomerUnits folded = new CustomerUnits("c-1", ActivityWindow.midnightUtc());
        fixtureFacts(folded);
        UuidFixture.facts(folded);
        assertSameAnswers(loaded, folded);

        // R17, R21: a heartbeat of a device the old snapshot held is that device, not a second one
        for (CustomerUnits u : List.of(loaded, folded)) {
            u.heartbeat(UuidFixture.LOWER, ENDPOINT_ADVANCED, UuidFixture.USER, at("2026-10-29T09:00:00Z"));
            u.heartbeat(UuidFixture.UPPER, SERVER_ADVANCED, null, at("2026-10-29T10:00:00Z"));
        }
        assertThat(loaded.deviceCount()).isEqualTo(folded.deviceCount()).isEqualTo(8);
        assertSameAnswers(loaded, folded);
        assertThat(loaded.unitsAt(S, ProductResolver.AS_REPORTED).get(ENDPOINT_ADVANCED))
                .contains("user:" + UuidFixture.USER);

        // written again it is format 4: each of the three UUIDs takes 17 bytes instead of 36
        byte[] v4 = write(loaded);
        assertThat(v4[0]).isEqualTo((byte) 4);
        assertThat(v4.length).isEqualTo(v3.length - 3 * 19);
        assertSameAnswers(read(v4), folded);
    }

    @Test
    void aFormat4SnapshotWithUuidIdsLoadsIntoTheFixedWidthLayoutAndKeepsCountingTheSameDevices() throws IOException {
        // issue 16: UUID ids are now 16 bytes in memory with no offsets, the snapshot's bytes are unchanged
        byte[] v4 = Base64.getDecoder().decode(FORMAT_4_UUID_SNAPSHOT);
        assertThat(v4[0]).isEqualTo((byte) 4);
        CustomerUnits loaded = read(v4);
        CustomerUnits folded = new CustomerUnits("c-1", ActivityWindow.midnightUtc());
        UuidFixture.uuidOnlyFacts(folded);
        assertThat(loaded.deviceIdsFixedWidth()).isTrue();
        assertThat(folded.deviceIdsFixedWidth()).isTrue();
        assertSameAnswers(loaded, folded);
        assertThat(write(loaded)).isEqualTo(v4);
        assertThat(write(folded)).isEqualTo(v4); // the same facts persist to the very bytes the previous version wrote

        // R16, R19: device 1 was removed after its latest heartbeat, device 0 was not
        assertThat(loaded.isActive(UuidFixture.device(0), ENDPOINT_ADVANCED, S)).isTrue();
        assertThat(loaded.isActive(UuidFixture.device(1), ENDPOINT_ADVANCED, S)).isFalse();
        // R17, R21: a heartbeat of a device the snapshot held is that device; a new id of another shape converts
        for (CustomerUnits u : List.of(loaded, folded)) {
            u.heartbeat(UuidFixture.device(1), ENDPOINT_ADVANCED, "user-7-0", at("2026-10-31T09:00:00Z"));
            u.heartbeat(UuidFixture.device(7), ENDPOINT_ADVANCED, "user-7-3", at("2026-10-31T10:00:00Z"));
        }
        assertThat(loaded.deviceIdsFixedWidth()).isTrue();
        assertThat(loaded.deviceCount()).isEqualTo(8);
        assertSameAnswers(loaded, folded);
        for (CustomerUnits u : List.of(loaded, folded)) {
            u.heartbeat("pc-1", WEB, null, at("2026-10-31T11:00:00Z"));
        }
        assertThat(loaded.deviceIdsFixedWidth()).isFalse();
        assertThat(loaded.deviceCount()).isEqualTo(9);
        assertSameAnswers(loaded, folded);
        assertSameAnswers(read(write(loaded)), folded);
        assertThat(loaded.unitsAt(S, ProductResolver.AS_REPORTED).get(ENDPOINT_ADVANCED))
                .containsExactly("user:user-7-0", "user:user-7-1", "user:user-7-2", "user:user-7-3");
    }

    @Test
    void anUnknownFormatIsRefused() {
        assertThatThrownBy(() -> read(new byte[] { 9, 0, 0, 0, 0 })).isInstanceOf(IOException.class)
                .hasMessageContaining("unknown snapshot format 9");
    }

    record Fact(String device, ProductCode product, String user, long at, boolean removal) {
        void applyTo(CustomerUnits u) {
            if (removal) {
                u.removed(device, at);
            } else {
                u.heartbeat(device, product, user, at);
            }
        }
    }

    @Test
    void randomFoldsWithPersistsAndReloadsInBetweenAnswerAsOneFoldWithout() throws IOException {
        Random random = new Random(8);
        List<ProductCode> products = List.of(ENDPOINT_STANDARD, ENDPOINT_ADVANCED, SERVER_ADVANCED, WEB,
                MOBILE_SECURITY, FIREWALL_FULL_GUARD, DEVICE_ENCRYPTION);
        for (int run = 0; run < 20; run++) {
            int devices = 1 + random.nextInt(300);
            List<Fact> facts = new ArrayList<>();
            for (int i = 0; i < 1500; i++) {
                int n = random.nextInt(devices);
                String device = switch (random.nextInt(3)) {
                    case 0 -> "dev-" + run + "-" + n;
                    case 1 -> "gerät-" + n;
                    default -> new java.util.UUID(run, n).toString(); // stored as 16 bytes (issue 16)
                };
                long when = S - 70 * DAY + (long) (random.nextDouble() * 80 * DAY);
                facts.add(new Fact(device, products.get(random.nextInt(products.size())),
                        random.nextInt(4) == 0 ? null : "u-" + random.nextInt(devices / 2 + 1), when,
                        random.nextInt(20) == 0));
            }
            CustomerUnits plain = new CustomerUnits("c-1", ActivityWindow.midnightUtc());
            CustomerUnits persisted = new CustomerUnits("c-1", ActivityWindow.midnightUtc());
            for (Fact f : facts) {
                f.applyTo(plain);
                f.applyTo(persisted);
                int r = random.nextInt(100);
                if (r < 3) {
                    write(persisted); // cuts the arrays to size; folding continues
                } else if (r == 3) {
                    persisted = read(write(persisted)); // a restart
                }
            }
            assertSameAnswers(persisted, plain);
            assertSameAnswers(read(write(plain)), plain);
        }
    }

    @Test
    void instantsBeyondSixBytesAreKeptExactly() throws IOException {
        long far = 1L << 50; // year ~37 000: the latest-heartbeat column widens to 8 bytes
        CustomerUnits u = new CustomerUnits("c-1", ActivityWindow.midnightUtc());
        u.heartbeat("near", WEB, null, S - DAY);
        u.heartbeat("far", WEB, null, far);
        assertThat(u.isActive("far", WEB, far)).isTrue();
        assertThat(u.isActive("far", WEB, far - 1)).isFalse();
        assertThat(u.isActive("far", WEB, far + 30 * DAY - 1)).isTrue();
        assertThat(u.isActive("near", WEB, S)).isTrue();
        CustomerUnits back = read(write(u));
        assertThat(back.describe()).isEqualTo(u.describe());
        assertThat(back.describe().get("far/WEB")).contains("last=" + far);
        assertThat(back.isActive("far", WEB, far)).isTrue();
    }
}
