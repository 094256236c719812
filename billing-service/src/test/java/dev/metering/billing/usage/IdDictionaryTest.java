package dev.metering.billing.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The byte-arena id dictionary behind every device and user id of the projection (R17, R26 evidence ids). */
class IdDictionaryTest {

    final IdDictionary dict = new IdDictionary();

    @Test
    void internsDenseIndicesAndGivesTheIdsBack() {
        assertThat(dict.find("a")).isEqualTo(-1);
        assertThat(dict.intern("dev-7-0")).isZero();
        assertThat(dict.intern("dev-7-1")).isEqualTo(1);
        assertThat(dict.intern("dev-7-0")).isZero();
        assertThat(dict.size()).isEqualTo(2);
        assertThat(dict.id(0)).isEqualTo("dev-7-0");
        assertThat(dict.id(1)).isEqualTo("dev-7-1");
        assertThat(dict.find("dev-7-1")).isEqualTo(1);
        assertThat(dict.find("dev-7-2")).isEqualTo(-1);
        assertThat(dict.find("dev-7-")).isEqualTo(-1);
        assertThat(dict.find("dev-7-00")).isEqualTo(-1);
    }

    @Test
    void keepsTheSharedPrefixOnceAndShrinksItWhenAnIdDoesNotShareIt() {
        for (int i = 0; i < 100; i++) {
            dict.intern("dev-1234-" + i);
        }
        assertThat(dict.prefixLength()).isEqualTo("dev-1234-".length());
        dict.intern("dev-99");
        assertThat(dict.prefixLength()).isEqualTo("dev-".length());
        dict.intern("x");
        assertThat(dict.prefixLength()).isZero();
        for (int i = 0; i < 100; i++) {
            assertThat(dict.id(i)).isEqualTo("dev-1234-" + i);
            assertThat(dict.find("dev-1234-" + i)).isEqualTo(i);
        }
        assertThat(dict.find("dev-99")).isEqualTo(100);
        assertThat(dict.find("x")).isEqualTo(101);
    }

    @Test
    void anIdThatIsAPrefixOfAnotherAndTheEmptyIdAreDistinct() {
        int a = dict.intern("dev-1");
        int b = dict.intern("dev-10");
        int c = dict.intern("dev-");
        int d = dict.intern("");
        assertThat(List.of(a, b, c, d)).containsExactly(0, 1, 2, 3);
        assertThat(dict.id(3)).isEmpty();
        assertThat(dict.find("dev-1")).isZero();
        assertThat(dict.find("dev-10")).isEqualTo(1);
        assertThat(dict.find("dev-")).isEqualTo(2);
        assertThat(dict.find("")).isEqualTo(3);
    }

    @Test
    void nonAsciiIdsRoundTripExactlyIncludingLoneSurrogatesAndNul() {
        List<String> ids = List.of("gerät-ä", "gerät-ö", "设备-1", "设备-2", "😀-device", "\uD800lone", "lone\uDC00",
                "nul\u0000x", "é", "e", "\u00ff", "\u07ff\u0800\uffff");
        for (String id : ids) {
            dict.intern(id);
        }
        for (int i = 0; i < ids.size(); i++) {
            assertThat(dict.id(i)).isEqualTo(ids.get(i));
            assertThat(dict.find(ids.get(i))).isEqualTo(i);
        }
        assertThat(dict.find("gerät-ü")).isEqualTo(-1);
        assertThat(dict.find("\uD801lone")).isEqualTo(-1);
    }

    @Test
    void aPrefixSplitInsideAMultiByteCharStillDecodes() {
        dict.intern("é1"); // é = C3 A9, è = C3 A8: the shared prefix ends inside the char
        dict.intern("è1");
        assertThat(dict.id(0)).isEqualTo("é1");
        assertThat(dict.id(1)).isEqualTo("è1");
        assertThat(dict.find("è1")).isEqualTo(1);
    }

    @Test
    void manyIdsWithCollidingHashesAndGrowthBeyondTwoByteIndices() {
        // "Aa" and "BB" have the same String hash: every combination of them collides
        List<String> colliding = new ArrayList<>();
        for (int mask = 0; mask < 256; mask++) {
            StringBuilder sb = new StringBuilder();
            for (int bit = 0; bit < 8; bit++) {
                sb.append((mask >> bit & 1) == 0 ? "Aa" : "BB");
            }
            colliding.add(sb.toString());
        }
        Map<String, Integer> expected = new HashMap<>();
        for (String id : colliding) {
            expected.put(id, dict.intern(id));
        }
        Random random = new Random(1);
        for (int i = 0; i < 70_000; i++) { // > 65 535: indices and offsets widen to 4 bytes
            String id = random.nextInt(3) == 0 ? Long.toString(random.nextLong(), 36) : "user-" + i;
            int index = dict.intern(id);
            Integer before = expected.putIfAbsent(id, index);
            if (before != null) {
                assertThat(index).isEqualTo(before);
            }
        }
        assertThat(dict.size()).isEqualTo(expected.size());
        dict.trim();
        for (Map.Entry<String, Integer> e : expected.entrySet()) {
            assertThat(dict.find(e.getKey())).isEqualTo(e.getValue());
            assertThat(dict.id(e.getValue())).isEqualTo(e.getKey());
        }
        assertThat(dict.find("user-70000")).isEqualTo(-1);
    }

    @Test
    void trimmingKeepsEveryIdAndInterningContinuesAfterIt() {
        for (int i = 0; i < 50; i++) {
            dict.intern("u-" + i);
        }
        long before = dict.retainedBytes(true);
        dict.trim();
        assertThat(dict.retainedBytes(true)).isLessThanOrEqualTo(before);
        assertThat(dict.intern("u-50")).isEqualTo(50);
        assertThat(dict.intern("v")).isEqualTo(51);
        for (int i = 0; i <= 50; i++) {
            assertThat(dict.id(i)).isEqualTo("u-" + i);
        }
    }

    @Test
    void packedIntsWidenFromOneToTwoToFourBytesKeepingValues() {
        PackedInts p = new PackedInts(5);
        p.set(0, 200);
        assertThat(p.width()).isEqualTo(1);
        p.set(1, 300);
        assertThat(p.width()).isEqualTo(2);
        p.set(2, 70_000);
        assertThat(p.width()).isEqualTo(4);
        p.set(3, Integer.MAX_VALUE);
        p.resize(6);
        assertThat(new int[] { p.get(0), p.get(1), p.get(2), p.get(3), p.get(4), p.get(5) })
                .containsExactly(200, 300, 70_000, Integer.MAX_VALUE, 0, 0);
        PackedInts q = new PackedInts(2);
        q.set(1, 255);
        q.set(0, 65_535);
        assertThat(q.width()).isEqualTo(2);
        assertThat(q.get(1)).isEqualTo(255);
        q.set(0, 65_536);
        assertThat(q.get(1)).isEqualTo(255);
        assertThat(q.get(0)).isEqualTo(65_536);
    }

    @Test
    void sparseTimesKeepTheValuesOfManyKeys() {
        SparseTimes times = new SparseTimes();
        assertThat(times.get(5)).isEqualTo(SparseTimes.NONE);
        for (int k = 0; k < 1000; k += 3) {
            times.put(k, k * 10L);
        }
        times.put(3, -1L);
        assertThat(times.size()).isEqualTo(334);
        assertThat(times.get(3)).isEqualTo(-1L);
        assertThat(times.get(999)).isEqualTo(9990L);
        assertThat(times.get(998)).isEqualTo(SparseTimes.NONE);
        assertThat(times.keys()).hasSize(334).contains(0, 3, 999);
    }

    @Test
    void packedInstantsKeepNoneAndEveryInstantInSixBytesUntilOneNeedsEight() {
        PackedInstants p = new PackedInstants(4);
        long[] values = { PackedInstants.NONE, 0L, -1L, 1_793_707_200_123L };
        for (int i = 0; i < values.length; i++) {
            p.set(i, values[i]);
        }
        p.set(1, (1L << 47) - 1); // the largest 48-bit value
        values[1] = (1L << 47) - 1;
        assertThat(p.width()).isEqualTo(6);
        for (int i = 0; i < values.length; i++) {
            assertThat(p.get(i)).isEqualTo(values[i]);
        }
        p.resize(5);
        p.set(4, -(1L << 47)); // the 48-bit pattern that stands for NONE: widens rather than be mistaken
        assertThat(p.width()).isEqualTo(8);
        assertThat(p.get(4)).isEqualTo(-(1L << 47));
        for (int i = 0; i < values.length; i++) {
            assertThat(p.get(i)).isEqualTo(values[i]);
        }
        PackedInstants q = new PackedInstants(2);
        q.set(0, 5L);
        q.set(1, Long.MAX_VALUE);
        assertThat(q.width()).isEqualTo(8);
        assertThat(q.get(0)).isEqualTo(5L);
        assertThat(q.get(1)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void idsWrittenAsBytesReadBackIntoAnotherDictionaryInTheSameOrder() throws java.io.IOException {
        List<String> ids = List.of("dev-1-0", "dev-1-1", "x".repeat(300), "gerät-ü", "", "\u0000nul", "dev-1-0x",
                "5f0c3a4e-9b1d-4c7a-8e2f-0a1b2c3d4e5f", "A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D");
        for (String id : ids) {
            dict.intern(id);
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
        for (int i = 0; i < dict.size(); i++) {
            dict.writeId(i, out);
        }
        IdDictionary back = new IdDictionary();
        java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()));
        for (int i = 0; i < ids.size(); i++) {
            assertThat(back.internWritten(in)).isEqualTo(i);
        }
        for (int i = 0; i < ids.size(); i++) {
            assertThat(back.id(i)).isEqualTo(ids.get(i));
            assertThat(back.find(ids.get(i))).isEqualTo(i);
        }
        assertThat(in.read()).isEqualTo(-1);
    }

    @Test
    void canonicalUuidsAreKeptAsSeventeenBytesAndGiveTheExactStringBack() {
        // issue 16: lower-case, upper-case and digits-only UUIDs are a marker and 16 bytes; anything else is chars
        List<String> ids = List.of("5f0c3a4e-9b1d-4c7a-8e2f-0a1b2c3d4e5f", "A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D",
                "12345678-1234-1234-1234-123456789012", "5F0c3a4e-9b1d-4c7a-8e2f-0a1b2c3d4e5f",
                "5f0c3a4e-9b1d-4c7a-8e2f-0a1b2c3d4e5g", "5f0c3a4e_9b1d-4c7a-8e2f-0a1b2c3d4e5f", "dev-1", "");
        List<Integer> sizes = List.of(17, 17, 17, 36, 36, 36, 5, 0);
        for (int i = 0; i < ids.size(); i++) {
            assertThat(IdDictionary.encode(ids.get(i))).as(ids.get(i)).hasSize(sizes.get(i));
            assertThat(dict.intern(ids.get(i))).isEqualTo(i);
        }
        for (int i = 0; i < ids.size(); i++) {
            assertThat(dict.id(i)).isEqualTo(ids.get(i));
            assertThat(dict.find(ids.get(i))).isEqualTo(i);
        }
        // a UUID's other spelling is another id, as its string is
        assertThat(dict.find("5F0C3A4E-9B1D-4C7A-8E2F-0A1B2C3D4E5F")).isEqualTo(-1);
        assertThat(dict.find("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d")).isEqualTo(-1);
    }

    @Test
    void tenThousandRandomUuidsCostSixteenBytesOfIdEach() {
        Random random = new Random(16);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(new java.util.UUID(random.nextLong(), random.nextLong()).toString());
            dict.intern(ids.get(i));
        }
        dict.trim();
        double idBytes = (dict.retainedBytes(true) - dict.retainedBytes(false)) / (double) ids.size();
        assertThat(idBytes).isLessThan(16.1); // the shared marker byte is the prefix, kept once
        for (int i = 0; i < ids.size(); i++) {
            assertThat(dict.find(ids.get(i))).isEqualTo(i);
            assertThat(dict.id(i)).isEqualTo(ids.get(i));
        }
    }

    @Test
    void sameCaseUuidsAreSixteenBytesEachWithNoOffsetsUntilAnotherIdArrives() {
        // issue 16: while every id is a lower-case UUID, an id is its 16 bytes at index * 16
        List<String> ids = new ArrayList<>();
        Random random = new Random(32);
        for (int i = 0; i < 1_000; i++) {
            ids.add(new java.util.UUID(random.nextLong(), random.nextLong()).toString());
            assertThat(dict.intern(ids.get(i))).isEqualTo(i);
        }
        dict.trim();
        assertThat(dict.fixedWidth()).isTrue();
        IdDictionary empty = new IdDictionary();
        assertThat(dict.retainedBytes(true) - dict.retainedBytes(false)).isEqualTo(16 + 16 + 16_000); // empty prefix, arena

        // no offsets: only the table (and the object) beyond what an empty dictionary has
        assertThat(dict.retainedBytes(false) - empty.retainedBytes(false)).isEqualTo(2048 * 2 - 8);
        assertThat(dict.find(ids.get(7).toUpperCase())).isEqualTo(-1); // another spelling, another id
        assertThat(dict.find("dev-1")).isEqualTo(-1);

        // an upper-case UUID is not the same case: the dictionary converts once, every id keeps its index
        String upper = "A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D";
        assertThat(dict.intern(upper)).isEqualTo(1_000);
        assertThat(dict.fixedWidth()).isFalse();
        assertThat(dict.intern("dev-1")).isEqualTo(1_001);
        ids.add(upper);
        ids.add("dev-1");
        for (int i = 0; i < ids.size(); i++) {
            assertThat(dict.find(ids.get(i))).isEqualTo(i);
            assertThat(dict.intern(ids.get(i))).isEqualTo(i);
            assertThat(dict.id(i)).isEqualTo(ids.get(i));
        }
        assertThat(dict.size()).isEqualTo(1_002);
    }

    @Test
    void aFirstIdThatIsNoUuidKeepsTheGeneralLayoutAndUpperCaseUuidsHaveTheirOwnFixedLayout() {
        dict.intern("dev-1");
        dict.intern("5f0c3a4e-9b1d-4c7a-8e2f-0a1b2c3d4e5f");
        assertThat(dict.fixedWidth()).isFalse();
        assertThat(dict.find("5f0c3a4e-9b1d-4c7a-8e2f-0a1b2c3d4e5f")).isEqualTo(1);

        IdDictionary upper = new IdDictionary();
        upper.intern("A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D");
        upper.intern("12345678-1234-1234-1234-123456789012"); // digits only: the lower-case marker
        assertThat(upper.fixedWidth()).isFalse();
        assertThat(upper.id(0)).isEqualTo("A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D");
        assertThat(upper.id(1)).isEqualTo("12345678-1234-1234-1234-123456789012");

        IdDictionary upperOnly = new IdDictionary();
        upperOnly.intern("A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D");
        upperOnly.intern("B1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D");
        assertThat(upperOnly.fixedWidth()).isTrue();
        assertThat(upperOnly.find("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d")).isEqualTo(-1);
        assertThat(upperOnly.find("B1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D")).isEqualTo(1);
        assertThat(upperOnly.id(1)).isEqualTo("B1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D");
    }

    @Test
    void fixedWidthUuidsAreWrittenAsTheGeneralLayoutWritesThemAndReadBackFixed() throws java.io.IOException {
        // the snapshot stays format 4: a UUID is written as its marker and 16 bytes in either layout
        IdDictionary general = new IdDictionary();
        general.intern("x"); // general layout from the start
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 300; i++) { // > 255 ids: 2-byte table entries
            ids.add(new java.util.UUID(i * 0x9E3779B97F4A7C15L, i).toString());
            dict.intern(ids.get(i));
            general.intern(ids.get(i));
        }
        java.io.ByteArrayOutputStream fixedBytes = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream generalBytes = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < ids.size(); i++) {
            dict.writeId(i, new java.io.DataOutputStream(fixedBytes));
            general.writeId(i + 1, new java.io.DataOutputStream(generalBytes));
        }
        assertThat(fixedBytes.toByteArray()).isEqualTo(generalBytes.toByteArray()).hasSize(300 * 18);
        IdDictionary back = new IdDictionary();
        java.io.DataInputStream in = new java.io.DataInputStream(
                new java.io.ByteArrayInputStream(fixedBytes.toByteArray()));
        for (int i = 0; i < ids.size(); i++) {
            assertThat(back.internWritten(in)).isEqualTo(i);
        }
        assertThat(back.fixedWidth()).isTrue();
        for (int i = 0; i < ids.size(); i++) {
            assertThat(back.find(ids.get(i))).isEqualTo(i);
            assertThat(back.id(i)).isEqualTo(ids.get(i));
        }
    }

    @Test
    void seventyThousandUuidsWithSharedHighBitsStayFindable() {
        // sequential UUIDs (one long fixed, the other counting): the table's hash must mix every bit
        for (int i = 0; i < 70_000; i++) {
            assertThat(dict.intern(new java.util.UUID(42, i).toString())).isEqualTo(i);
        }
        assertThat(dict.fixedWidth()).isTrue();
        for (int i = 0; i < 70_000; i += 7) {
            assertThat(dict.find(new java.util.UUID(42, i).toString())).isEqualTo(i);
        }
        assertThat(dict.find(new java.util.UUID(42, 70_000).toString())).isEqualTo(-1);
        assertThat(dict.find(new java.util.UUID(43, 0).toString())).isEqualTo(-1);
    }

    @Test
    void packedInstantsKeepFourBytesWhileTheValuesSpanUnder37DaysMovingTheBase() {
        long day = ActivityWindow.DAY_MS;
        long t = 1_793_707_200_123L;
        PackedInstants p = new PackedInstants(4);
        assertThat(p.get(0)).isEqualTo(PackedInstants.NONE);
        p.set(0, t);
        p.set(1, t - 20 * day - 1); // below the first range: moves the base down
        p.set(3, PackedInstants.NONE);
        assertThat(p.width()).isEqualTo(4);
        assertThat(p.get(0)).isEqualTo(t);
        assertThat(p.get(1)).isEqualTo(t - 20 * day - 1);
        assertThat(p.get(3)).isEqualTo(PackedInstants.NONE);
        p.set(1, t + 1); // the oldest value replaced by a newer one (a device's next heartbeat)
        p.set(2, t + 30 * day + 7); // beyond the range: moves the base up
        assertThat(p.width()).isEqualTo(4);
        assertThat(p.get(0)).isEqualTo(t);
        assertThat(p.get(1)).isEqualTo(t + 1);
        assertThat(p.get(2)).isEqualTo(t + 30 * day + 7);
        assertThat(p.get(3)).isEqualTo(PackedInstants.NONE);
        p.resize(6);
        assertThat(p.get(5)).isEqualTo(PackedInstants.NONE);
        p.set(4, t - 10 * day); // 40 days spanned: 6 bytes from now on, nothing lost
        assertThat(p.width()).isEqualTo(6);
        assertThat(p.get(0)).isEqualTo(t);
        assertThat(p.get(1)).isEqualTo(t + 1);
        assertThat(p.get(2)).isEqualTo(t + 30 * day + 7);
        assertThat(p.get(3)).isEqualTo(PackedInstants.NONE);
        assertThat(p.get(4)).isEqualTo(t - 10 * day);
        assertThat(p.get(5)).isEqualTo(PackedInstants.NONE);
    }

    @Test
    void idsOfOnePrefixAndACanonicalNumberAreKeptAsNumbersUntilAnotherShapeArrives() {
        // issue 16: user-<c>-<n> and dev-<c>-<n> are the prefix once and 1, 2 or 4 bytes per id
        for (int i = 0; i < 300; i++) {
            assertThat(dict.intern("user-77-" + i)).isEqualTo(i);
        }
        dict.trim();
        assertThat(dict.numbered()).isTrue();
        assertThat(dict.retainedBytes(true) - dict.retainedBytes(false)).isEqualTo(16 + 8 + 16 + 32 + 600);
        assertThat(dict.id(0)).isEqualTo("user-77-0");
        assertThat(dict.id(299)).isEqualTo("user-77-299");
        assertThat(dict.find("user-77-299")).isEqualTo(299);
        assertThat(dict.find("user-77-05")).isEqualTo(-1); // a leading zero: another string than user-77-5
        assertThat(dict.find("user-77-")).isEqualTo(-1);
        assertThat(dict.find("user-77-300")).isEqualTo(-1);
        assertThat(dict.find("user-78-5")).isEqualTo(-1);
        assertThat(dict.find("user-77-1234567890")).isEqualTo(-1);
        assertThat(dict.intern("user-77-999999999")).isEqualTo(300); // 9 digits: still a number (4 bytes)
        assertThat(dict.numbered()).isTrue();

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            ids.add("user-77-" + i);
        }
        ids.add("user-77-999999999");
        ids.add("user-77-05");
        ids.add("user-77-1234567890");
        ids.add("gerät-1");
        for (int i = 301; i < ids.size(); i++) {
            assertThat(dict.intern(ids.get(i))).isEqualTo(i);
        }
        assertThat(dict.numbered()).isFalse();
        for (int i = 0; i < ids.size(); i++) {
            assertThat(dict.find(ids.get(i))).isEqualTo(i);
            assertThat(dict.id(i)).isEqualTo(ids.get(i));
        }
    }

    @Test
    void numberedIdsAreWrittenAsTheirCharsAndReadBackNumbered() throws java.io.IOException {
        String longPrefix = "p".repeat(260) + "-"; // written with the long length form
        List<String> ids = List.of(longPrefix + "0", longPrefix + "7", longPrefix + "123456789");
        for (String id : ids) {
            dict.intern(id);
        }
        assertThat(dict.numbered()).isTrue();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
        for (int i = 0; i < ids.size(); i++) {
            dict.writeId(i, out);
        }
        java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()));
        for (String id : ids) {
            assertThat(IdDictionary.readWrittenChars(in)).isEqualTo(id); // the format-4 bytes: the id's chars
        }
        IdDictionary back = new IdDictionary();
        in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()));
        for (int i = 0; i < ids.size(); i++) {
            assertThat(back.internWritten(in)).isEqualTo(i);
        }
        assertThat(back.numbered()).isTrue();
        for (int i = 0; i < ids.size(); i++) {
            assertThat(back.find(ids.get(i))).isEqualTo(i);
            assertThat(back.id(i)).isEqualTo(ids.get(i));
        }
    }
}
