package dev.metering.ingest.heartbeat.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metering.contracts.Json;
import dev.metering.contracts.ProductCode;
import dev.metering.contracts.telemetry.DeviceHeartbeat;
import dev.metering.contracts.telemetry.DeviceKind;
import dev.metering.contracts.telemetry.DeviceRemoved;
import dev.metering.contracts.telemetry.FirewallHeartbeat;
import dev.metering.contracts.telemetry.FirewallSubscription;
import dev.metering.contracts.telemetry.TelemetryEvent;
import dev.metering.contracts.Instants;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Both paths of {@link TelemetryJson} (hand-written for plain ASCII, Jackson's generator otherwise) write
 * exactly what the contracts' mapper writes, and the mapper reads the bytes back to the same event.
 */
class TelemetryJsonPathsTest {

    static final ObjectMapper CONTRACTS = Json.mapper();
    static final Instant T = Instant.parse("2026-11-22T11:00:00.123Z");
    static final Instant R = Instant.parse("2026-11-22T11:00:01Z");

    @Test
    void theHandWrittenAsciiPathAndTheGeneratorWriteTheSameBytesForRandomEvents() throws Exception {
        java.util.Random random = new java.util.Random(8);
        int fastPath = 0;
        for (int i = 0; i < 5000; i++) {
            TelemetryEvent event = randomEvent(random);
            byte[] fast = TelemetryJson.write(event);
            byte[] expected = CONTRACTS.writeValueAsBytes(event);
            assertThat(new String(fast, StandardCharsets.UTF_8)).as("event %s", event)
                    .isEqualTo(new String(expected, StandardCharsets.UTF_8));
            assertThat(fast).isEqualTo(expected);
            assertThat(TelemetryJson.writeWithGenerator(event, Instants.format(event.occurredAt()))).isEqualTo(expected);
            // the contracts' mapper reads the bytes back to the same event
            assertThat(CONTRACTS.readValue(fast, event.getClass())).isEqualTo(event);
            fastPath += TelemetryJson.AsciiWriter.write(event, Instants.format(event.occurredAt())) != null ? 1 : 0;
        }
        assertThat(fastPath).as("most random events take the hand-written path").isGreaterThan(1000).isLessThan(5000);
    }

    @Test
    void stringsThatNeedEscapingOrUtf8LeaveTheHandWrittenPath() {
        for (String s : List.of("a\"b", "a\\b", "tab\tx", "\u007f", "ü", "😀", "\u0001")) {
            DeviceHeartbeat event = new DeviceHeartbeat("e-1", "c-1", "d-1", DeviceKind.SERVER,
                    EnumSet.noneOf(ProductCode.class), null, s, null, T, R);
            assertThat(TelemetryJson.AsciiWriter.write(event, Instants.format(T))).as(s).isNull();
        }
    }

    static TelemetryEvent randomEvent(java.util.Random random) {
        Instant occurred = Instant.ofEpochSecond(1_790_000_000L + random.nextInt(10_000_000),
                random.nextBoolean() ? 0 : random.nextInt(1_000_000_000));
        Instant received = random.nextBoolean() ? R : occurred.plusMillis(random.nextInt(100_000));
        String id = randomString(random, false);
        String customer = randomString(random, false);
        int kind = random.nextInt(3);
        if (kind == 0) {
            EnumSet<ProductCode> products = EnumSet.noneOf(ProductCode.class);
            for (ProductCode p : ProductCode.values()) {
                if (random.nextInt(4) == 0) {
                    products.add(p);
                }
            }
            return new DeviceHeartbeat(id, customer, randomString(random, false),
                    DeviceKind.values()[random.nextInt(DeviceKind.values().length)], products,
                    randomString(random, true), randomString(random, true), randomString(random, true), occurred,
                    received);
        }
        if (kind == 1) {
            EnumSet<FirewallSubscription> subs = EnumSet.noneOf(FirewallSubscription.class);
            for (FirewallSubscription f : FirewallSubscription.values()) {
                if (random.nextInt(3) == 0) {
                    subs.add(f);
                }
            }
            return new FirewallHeartbeat(id, customer, randomString(random, false), randomString(random, false),
                    randomString(random, false), subs, occurred, received);
        }
        return new DeviceRemoved(id, customer, randomString(random, false),
                DeviceRemoved.Reason.values()[random.nextInt(DeviceRemoved.Reason.values().length)], occurred,
                received);
    }

    /** Mostly plain ASCII; sometimes quotes, backslashes, control characters, non-ASCII or surrogate pairs. */
    static String randomString(java.util.Random random, boolean nullable) {
        if (nullable && random.nextInt(5) == 0) {
            return null;
        }
        int n = 1 + random.nextInt(30);
        StringBuilder sb = new StringBuilder();
        boolean special = random.nextInt(6) == 0;
        for (int i = 0; i < n; i++) {
            if (special && random.nextInt(8) == 0) {
                String[] odd = { "\"", "\\", "\t", "\n", "\u0001", "\u007f", "\u0080", "ü", "€", "😀", "/", "\u2028" };
                sb.append(odd[random.nextInt(odd.length)]);
            } else {
                char c = (char) (0x20 + random.nextInt(0x5f));
                sb.append(c == '"' || c == '\\' ? 'x' : c);
            }
        }
        return sb.toString();
    }

}
