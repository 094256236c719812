package dev.metering.billing.usage.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metering.billing.Facts;
import dev.metering.billing.usage.ActivityWindow;
import dev.metering.billing.usage.UsageProjection;
import dev.metering.contracts.CloudEvent;
import dev.metering.contracts.CloudEvents;
import dev.metering.contracts.InvalidEventException;
import dev.metering.contracts.ProductCode;
import dev.metering.contracts.telemetry.FirewallSubscription;
import dev.metering.contracts.telemetry.TelemetryEvent;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

class TelemetryDecoderTest {

    static Map<String, byte[]> headers(CloudEvent e) {
        return new HashMap<>(CloudEvents.binaryHeaders(e));
    }

    @Test
    void binaryAndStructuredRecordsDecodeToTheSameEvent() {
        for (TelemetryEvent event : new TelemetryEvent[] {
                Facts.heartbeat("c", "d", ProductCode.ENDPOINT_ADVANCED, "alice", "2026-10-20T10:00:00Z"),
                Facts.firewallHeartbeat("c", "SN", FirewallSubscription.FULL_GUARD, "2026-10-20T10:00:00Z"),
                Facts.removed("c", "d", "2026-10-21T10:00:00Z") }) {
            CloudEvent envelope = CloudEvents.wrap("id-1", "/test", event);
            assertThat(TelemetryDecoder.decode(headers(envelope), CloudEvents.dataBytes(envelope))).isEqualTo(event);
            assertThat(TelemetryDecoder.decode(new HashMap<>(), CloudEvents.structuredBytes(envelope))).isEqualTo(event);
        }
    }

    @Test
    void theStreamingHeartbeatParserAgreesWithTheContractsMapper() throws Exception {
        java.util.Random random = new java.util.Random(11);
        String[] instants = { "2026-10-20T10:00:00Z", "2026-10-20T10:00:00.1Z", "2026-10-20T10:00:00.123Z",
                "2026-10-20T10:00:00.123456789Z", "2024-02-29T23:59:59.999Z", "1999-12-31T00:00:00.000001Z" };
        for (String at : instants) {
            assertThat(HeartbeatParser.instant(at)).isEqualTo(java.time.Instant.parse(at));
        }
        for (int i = 0; i < 500; i++) {
            java.time.Instant t = java.time.Instant.ofEpochMilli(1_700_000_000_000L + random.nextLong(100_000_000_000L))
                    .plusNanos(random.nextInt(1_000_000));
            var hb = new dev.metering.contracts.telemetry.DeviceHeartbeat("e-" + i, "c-" + i, "d-" + i,
                    dev.metering.contracts.telemetry.DeviceKind.values()[i % 3],
                    java.util.EnumSet.of(ProductCode.values()[i % 10], ProductCode.values()[(i * 7) % 10]),
                    i % 4 == 0 ? null : "u\"ser-" + i, "host", null, t, t.plusSeconds(1));
            byte[] json = dev.metering.contracts.Json.mapper().writeValueAsBytes(hb);
            assertThat(HeartbeatParser.parse(json)).isEqualTo(hb);
        }
        // extra, unknown fields are ignored like the mapper does
        assertThat(HeartbeatParser.parse(("{\"x\":{\"y\":[1,2]},\"deviceId\":\"d\",\"customerId\":\"c\","
                + "\"products\":[\"WEB\"],\"occurredAt\":\"2026-10-20T10:00:00Z\"}").getBytes()).deviceId())
                .isEqualTo("d");
        // what it is not sure about, it leaves to the general decoder
        assertThat(HeartbeatParser.parse("{\"deviceId\":1}".getBytes())).isNull();
        assertThat(HeartbeatParser.parse("[]".getBytes())).isNull();
        assertThat(HeartbeatParser.parse("{\"deviceKind\":\"TOASTER\"}".getBytes())).isNull();
    }

    @Test
    void badRecordsNameTheirReason() {
        CloudEvent customer = CloudEvents.wrap("id-2", "/test",
                Facts.customer("c", "p", dev.metering.contracts.BillingType.MONTHLY, "2026-01-01T00:00:00Z"));
        assertThatThrownBy(() -> TelemetryDecoder.decode(headers(customer), CloudEvents.dataBytes(customer)))
                .isInstanceOf(InvalidEventException.class).extracting("reason").isEqualTo("unexpected-type");
        CloudEvent hb = CloudEvents.wrap("id-3", "/test",
                Facts.heartbeat("c", "d", ProductCode.WEB, null, "2026-10-20T10:00:00Z"));
        assertThatThrownBy(() -> TelemetryDecoder.decode(headers(hb), "{".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidEventException.class).extracting("reason").isEqualTo("bad-json");
        assertThatThrownBy(() -> TelemetryDecoder.decode(new HashMap<>(), null))
                .isInstanceOf(InvalidEventException.class).extracting("reason").isEqualTo("empty-value");
    }

    /** Decode + fold rate of binary-mode heartbeats, without the broker ({@code -Dbenchmark.billing=true}). */
    @Test
    @EnabledIfSystemProperty(named = "benchmark.billing", matches = "true")
    void decodeAndFoldRate() {
        int n = 300_000;
        byte[][] values = new byte[1000][];
        Map<String, byte[]> headers = null;
        for (int i = 0; i < values.length; i++) {
            CloudEvent e = CloudEvents.wrap("id-" + i, "/perf", Facts.heartbeat("customer-" + (i % 50),
                    "device-" + i, ProductCode.ENDPOINT_ADVANCED, "user-" + (i % 300), "2026-10-20T10:00:00Z"));
            values[i] = CloudEvents.dataBytes(e);
            headers = headers(e);
        }
        UsageProjection usage = new UsageProjection(ActivityWindow.midnightUtc());
        for (int i = 0; i < 50_000; i++) { // warm-up
            usage.apply(TelemetryDecoder.decode(headers, values[i % values.length]));
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            usage.apply(TelemetryDecoder.decode(headers, values[i % values.length]));
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("[perf] decode+fold: %d records in %.2f s = %.0f /s (one core)%n", n, s, n / s);
    }
}
