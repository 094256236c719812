package dev.metering.ingest.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.contracts.telemetry.DeviceHeartbeat;
import dev.metering.contracts.telemetry.FirewallHeartbeat;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Gateway records of telemetry.heartbeats.raw: key = customer, value = one item in any supported shape. */
class RawRecordProcessorTest {

    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    final RawRecordProcessor processor = new RawRecordProcessor(new BodyParser(10),
            new HeartbeatValidator(ValidationRules.defaults()), Set.of("cust-1", "cust-2")::contains);

    static final String ITEM = """
            {"kind":"device-heartbeat","eventId":"e-1","deviceId":"d-1","deviceKind":"MOBILE",
             "products":["MOBILE_CONTROL"],"occurredAt":"2026-11-22T11:00:00Z"}""";

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    ItemOutcome process(String key, Map<String, byte[]> headers, String value) {
        return processor.process(key, headers, value == null ? null : b(value), NOW);
    }

    static String reason(ItemOutcome o) {
        assertThat(o).isInstanceOf(ItemOutcome.Rejected.class);
        return ((ItemOutcome.Rejected) o).reason();
    }

    @Test
    void aPlainItemKeyedByItsCustomerIsAccepted() {
        ItemOutcome o = process("cust-1", Map.of(), ITEM);
        assertThat(o).isInstanceOf(ItemOutcome.Accepted.class);
        assertThat(((ItemOutcome.Accepted) o).event().customerId()).isEqualTo("cust-1");
        assertThat(((ItemOutcome.Accepted) o).event().receivedAt()).isEqualTo(NOW);
    }

    @Test
    void withoutAKeyTheItemNamesTheCustomer() {
        assertThat(reason(process(null, Map.of(), ITEM))).isEqualTo("missing-field:customerId");
        String named = ITEM.replace("{\"kind\"", "{\"customerId\":\"cust-2\",\"kind\"");
        assertThat(((ItemOutcome.Accepted) process("  ", Map.of(), named)).event().customerId()).isEqualTo("cust-2");
    }

    @Test
    void aCustomerWithoutLiveKeyIsUnknown_andAMismatchIsRejected() {
        assertThat(reason(process("cust-9", Map.of(), ITEM))).isEqualTo("unknown-customer");
        assertThat(reason(process("c".repeat(129), Map.of(), ITEM))).isEqualTo("too-long:customerId");
        String named = ITEM.replace("{\"kind\"", "{\"customerId\":\"cust-2\",\"kind\"");
        assertThat(reason(process("cust-1", Map.of(), named))).isEqualTo("customer-mismatch");
    }

    @Test
    void aBinaryModeCloudEventTakesKindFromCeTypeAndIdFromCeId() {
        Map<String, byte[]> headers = new HashMap<>();
        headers.put("ce_type", b("metering.telemetry.v1.firewall-heartbeat"));
        headers.put("ce_id", b("ce-77"));
        String data = """
                {"serialNumber":"s-1","model":"XGS 87","firmwareVersion":"20.0.1","occurredAt":"2026-11-22T01:00:00Z"}""";
        ItemOutcome o = process("cust-1", headers, data);
        FirewallHeartbeat fw = (FirewallHeartbeat) ((ItemOutcome.Accepted) o).event();
        assertThat(fw.eventId()).isEqualTo("ce-77");
        assertThat(fw.serialNumber()).isEqualTo("S-1");

        headers.put("ce_type", b("metering.customer.v1.created"));
        assertThat(reason(process("cust-1", headers, data))).isEqualTo("unknown-event-type");
        headers.put("ce_type", b("metering.telemetry.v1.firewall-heartbeat"));
        assertThat(reason(process("cust-1", headers, "not json"))).isEqualTo("malformed-json");
        assertThat(reason(process("cust-1", headers, "[1]"))).isEqualTo("malformed-item");
    }

    @Test
    void aStructuredCloudEventIsUnwrapped() {
        String ce = "{\"specversion\":\"1.0\",\"id\":\"x-1\",\"source\":\"/gw\","
                + "\"type\":\"metering.telemetry.v1.device-heartbeat\",\"data\":" + ITEM.replace("\"kind\":\"device-heartbeat\",", "")
                + "}";
        DeviceHeartbeat hb = (DeviceHeartbeat) ((ItemOutcome.Accepted) process("cust-1", Map.of(), ce)).event();
        assertThat(hb.eventId()).isEqualTo("e-1");
        assertThat(reason(process("cust-1", Map.of(), "{\"specversion\":\"1.0\",\"type\":\"nope\",\"data\":{}}")))
                .isEqualTo("unknown-event-type");
    }

    @Test
    void poisonValuesAreRejectedWithAReason() {
        assertThat(reason(process("cust-1", Map.of(), null))).isEqualTo("empty-value");
        assertThat(reason(process("cust-1", Map.of(), ""))).isEqualTo("empty-value");
        assertThat(reason(process("cust-1", Map.of(), "{oops"))).isEqualTo("malformed-json");
        assertThat(reason(process("cust-1", Map.of(), "[" + ITEM + "]"))).isEqualTo("malformed-item");
        assertThat(reason(process("cust-1", Map.of(), "[".repeat(5000)))).isEqualTo("malformed-json");
        assertThat(reason(processor.process("cust-1", Map.of(), new byte[] { (byte) 0xFF, (byte) 0xFE }, NOW)))
                .isEqualTo("malformed-json");
        assertThat(reason(process("cust-1", Map.of(), ITEM.replace("9.", "x")
                .replace("\"MOBILE\"", "\"FRIDGE\"")))).isEqualTo("invalid-enum:deviceKind");
    }
}
