package dev.metering.billing.usage.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metering.billing.usage.ActivityWindow;
import dev.metering.billing.usage.UsageProjection;
import dev.metering.contracts.CloudEvent;
import dev.metering.contracts.CloudEvents;
import dev.metering.contracts.Json;
import dev.metering.contracts.ProductCode;
import dev.metering.contracts.telemetry.DeviceHeartbeat;
import dev.metering.contracts.telemetry.DeviceKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The fold's hot-path scanner (R16–R21 fold inputs): for every plain heartbeat it extracts exactly
 * what binding with the contracts' mapper gives, and it declines (false → general path, which folds or
 * dead-letters with the precise reason) everything else.
 */
class HeartbeatScannerTest {

    static final String OK = "{\"eventId\":\"e\",\"customerId\":\"c\",\"deviceId\":\"d\",\"deviceKind\":\"SERVER\","
            + "\"products\":[\"WEB\"],\"userId\":\"u\",\"hostname\":\"h\",\"agentVersion\":\"1\","
            + "\"occurredAt\":\"2026-10-20T10:00:00Z\",\"receivedAt\":\"2026-10-20T10:00:01Z\"}";

    final HeartbeatScanner scanner = new HeartbeatScanner();

    static int mask(Set<ProductCode> products) {
        int m = 0;
        for (ProductCode p : products) {
            m |= 1 << p.ordinal();
        }
        return m;
    }

    boolean scan(String json) {
        return scanner.scan(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void agreesWithTheContractsMapperOnRandomHeartbeats() throws Exception {
        Random random = new Random(17);
        for (int i = 0; i < 3000; i++) {
            Instant t = Instant.ofEpochMilli(random.nextLong(4_000_000_000_000L) - 1_000_000_000_000L)
                    .plusNanos(random.nextInt(1_000_000));
            Set<ProductCode> products = EnumSet.noneOf(ProductCode.class);
            for (int p = 0; p <= random.nextInt(3); p++) {
                products.add(ProductCode.values()[random.nextInt(ProductCode.values().length)]);
            }
            String user = switch (i % 4) {
                case 0 -> null;
                case 1 -> "   ";
                default -> "user-" + random.nextInt(1000);
            };
            DeviceHeartbeat hb = new DeviceHeartbeat(i % 7 == 0 ? null : "e-" + i, "customer-" + (i / 10),
                    "dev-" + i, i % 5 == 0 ? null : DeviceKind.values()[i % 3], products, user,
                    i % 3 == 0 ? null : "host " + i, "2026.3", t, i % 6 == 0 ? null : t.plusSeconds(1));
            byte[] json = Json.mapper().writeValueAsBytes(hb);
            DeviceHeartbeat bound = Json.mapper().readValue(json, DeviceHeartbeat.class);
            assertThat(scanner.scan(json)).as(new String(json, StandardCharsets.UTF_8)).isTrue();
            assertThat(scanner.customerId()).isEqualTo(bound.customerId());
            assertThat(scanner.deviceId()).isEqualTo(bound.deviceId());
            assertThat(scanner.userId()).isEqualTo(bound.userId() == null || bound.userId().isBlank() ? null
                    : bound.userId());
            assertThat(scanner.products()).isEqualTo(mask(bound.products()));
            assertThat(scanner.occurredAt()).isEqualTo(bound.occurredAt().toEpochMilli());
        }
    }

    @Test
    void foldsExactlyLikeTheGeneralPath() throws Exception {
        UsageProjection general = new UsageProjection(ActivityWindow.midnightUtc());
        UsageProjection fast = new UsageProjection(ActivityWindow.midnightUtc());
        Random random = new Random(5);
        for (int i = 0; i < 2000; i++) {
            Instant t = Instant.parse("2026-10-01T00:00:00Z").plusMillis(random.nextLong(40L * 86_400_000));
            DeviceHeartbeat hb = new DeviceHeartbeat("e-" + i, "c-" + (i % 3), "d-" + (i % 37), DeviceKind.SERVER,
                    EnumSet.of(ProductCode.values()[i % 4], ProductCode.values()[(i * 3) % 10]),
                    i % 5 == 0 ? null : "u-" + (i % 11), null, null, t, t);
            CloudEvent e = CloudEvents.wrap("id-" + i, "/test", hb);
            general.apply(TelemetryDecoder.decode(TelemetryDecoderTest.headers(e), CloudEvents.dataBytes(e)));
            assertThat(scanner.scan(CloudEvents.dataBytes(e))).isTrue();
            fast.heartbeat(scanner.customerId(), scanner.deviceId(), scanner.products(), scanner.userId(),
                    scanner.occurredAt());
        }
        for (String c : new String[] {"c-0", "c-1", "c-2"}) {
            assertThat(fast.find(c).describe()).isEqualTo(general.find(c).describe());
        }
    }

    @Test
    void acceptsWhitespaceAnyFieldOrderUnknownFieldsAndNulls() {
        assertThat(scan(" {\n \"products\" : [ \"WEB\" , \"SERVER_ADVANCED\" ,\"WEB\"] ,\t\"x\":\"y\", \"z\":null,"
                + " \"deviceId\":\"d\", \"userId\":null, \"deviceKind\":null, \"customerId\":\"c\","
                + " \"occurredAt\":\"2026-10-20T10:00:00.1234Z\" }\r\n")).isTrue();
        assertThat(scanner.products()).isEqualTo(mask(EnumSet.of(ProductCode.WEB, ProductCode.SERVER_ADVANCED)));
        assertThat(scanner.userId()).isNull();
        assertThat(scanner.occurredAt()).isEqualTo(Instant.parse("2026-10-20T10:00:00.123Z").toEpochMilli());
        assertThat(scan(OK)).isTrue();
        assertThat(scanner.customerId()).isEqualTo("c");
        assertThat(scanner.userId()).isEqualTo("u");
    }

    @Test
    void declinesWhatItIsNotSureAboutAndLeavesItToTheGeneralPath() {
        String[] odd = {
            OK.replace("\"u\"", "\"\\u00fc\""), // escape
            OK.replace("\"u\"", "\"ü\""), // non-ASCII
            OK.replace("\"h\"", "7"), // a number where the mapper would coerce
            OK.replace("\"h\"", "{\"a\":1}"), // nested value
            OK.replace("{", "{\"deviceId\":\"other\","), // duplicate field
            OK.replace("\"c\"", "\"  \""), // blank customer
            OK.replace("\"c\"", "null"),
            OK.replace("\"deviceId\":\"d\",", ""), // missing device
            OK.replace("[\"WEB\"]", "[]"), // no product
            OK.replace("[\"WEB\"]", "null"),
            OK.replace("[\"WEB\"]", "\"WEB\""),
            OK.replace("[\"WEB\"]", "[\"WEB\",null]"),
            OK.replace("[\"WEB\"]", "[\"TOASTER\"]"),
            OK.replace("\"SERVER\"", "\"server\""), // enum spelling the mapper may or may not accept
            OK.replace("\"2026-10-20T10:00:01Z\"", "\"2026-02-30T10:00:01Z\""), // invalid receivedAt
            OK.replace("\"2026-10-20T10:00:00Z\"", "\"2026-10-20t10:00:00z\""),
            OK.replace("\"2026-10-20T10:00:00Z\"", "\"2026-10-20T10:00:00+01:00\""),
            OK.replace("\"2026-10-20T10:00:00Z\"", "\"2026-10-20T10:00:00.Z\""),
            OK.replace("\"2026-10-20T10:00:00Z\"", "null"),
            OK.replace(",\"occurredAt\":\"2026-10-20T10:00:00Z\"", ""),
            OK + "x", // trailing bytes
            OK.substring(0, OK.length() - 1), // truncated
            "\uFEFF" + OK, // BOM
            "[]", "{}", "", "null" };
        for (String json : odd) {
            assertThat(scan(json)).as(json).isFalse();
        }
        assertThat(scanner.scan(null)).isFalse();
        // what is valid among them is still folded by the general path, with the same fields
        DeviceHeartbeat escaped = HeartbeatParser.parse(odd[0].getBytes(StandardCharsets.UTF_8));
        assertThat(escaped.userId()).isEqualTo("ü");
        DeviceHeartbeat coerced = HeartbeatParser.parse(odd[2].getBytes(StandardCharsets.UTF_8));
        assertThat(coerced).isNull(); // and the Jackson binding behind it decides
    }

    @Test
    void instantsAgreeWithJavaTime() {
        Random random = new Random(3);
        for (int i = 0; i < 20_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(315_000_000_000L) - 62_000_000_000L,
                    random.nextInt(1_000_000_000));
            String text = t.toString();
            if (i % 3 == 0) { // also 1–9 fraction digits, not only what Instant.toString writes
                String base = text.substring(0, 19);
                String fraction = String.format("%09d", t.getNano()).substring(0, 1 + random.nextInt(9));
                text = base + "." + fraction + "Z";
            }
            byte[] b = ("x" + text + "y").getBytes(StandardCharsets.US_ASCII);
            long expected;
            try {
                expected = Instant.parse(text).toEpochMilli();
            } catch (DateTimeParseException e) {
                assertThat(HeartbeatScanner.epochMilli(b, 1, b.length - 1)).isEqualTo(Long.MIN_VALUE);
                continue;
            }
            assertThat(HeartbeatScanner.epochMilli(b, 1, b.length - 1)).as(text).isEqualTo(expected);
        }
        for (String bad : new String[] {"2026-02-29T00:00:00Z", "2025-13-01T00:00:00Z", "2025-04-31T00:00:00Z",
                "2025-01-01T00:60:00Z", "2025-01-01T00:00:00.1234567890Z"}) {
            byte[] b = bad.getBytes(StandardCharsets.US_ASCII);
            assertThat(HeartbeatScanner.epochMilli(b, 0, b.length)).as(bad).isEqualTo(Long.MIN_VALUE);
            assertThatThrownBy(() -> Instant.parse(bad)).isInstanceOf(DateTimeParseException.class);
        }
        // shapes java.time may resolve leniently are declined, so the general path decides
        for (String odd : new String[] {"2025-01-01T24:00:00Z", "2025-12-31T23:59:60Z", "+2025-01-01T00:00:00Z"}) {
            byte[] b = odd.getBytes(StandardCharsets.US_ASCII);
            assertThat(HeartbeatScanner.epochMilli(b, 0, b.length)).as(odd).isEqualTo(Long.MIN_VALUE);
        }
        byte[] leap = "2024-02-29T23:59:59.999Z".getBytes(StandardCharsets.US_ASCII);
        assertThat(HeartbeatScanner.epochMilli(leap, 0, leap.length))
                .isEqualTo(Instant.parse("2024-02-29T23:59:59.999Z").toEpochMilli());
    }
}
