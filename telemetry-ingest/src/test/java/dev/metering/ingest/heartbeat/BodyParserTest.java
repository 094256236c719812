package dev.metering.ingest.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Splitting request bodies into items, per content type. */
class BodyParserTest {

    final BodyParser parser = new BodyParser(3);

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void contentTypesAreRecognisedIgnoringParametersAndCase() {
        assertThat(BodyFormat.of("application/json")).isEqualTo(BodyFormat.JSON);
        assertThat(BodyFormat.of("Application/JSON; charset=utf-8")).isEqualTo(BodyFormat.JSON);
        assertThat(BodyFormat.of("application/x-ndjson")).isEqualTo(BodyFormat.NDJSON);
        assertThat(BodyFormat.of("application/jsonl")).isEqualTo(BodyFormat.NDJSON);
        assertThat(BodyFormat.of("application/cloudevents+json")).isEqualTo(BodyFormat.CLOUDEVENT);
        assertThat(BodyFormat.of("application/cloudevents-batch+json")).isEqualTo(BodyFormat.CLOUDEVENT_BATCH);
        assertThat(BodyFormat.of("text/plain")).isNull();
        assertThat(BodyFormat.of(null)).isNull();
        assertThat(BodyFormat.of("")).isNull();
    }

    @Test
    void oneObjectOrAnArrayOfValues() {
        assertThat(parser.parse(b("{\"a\":1}"), BodyFormat.JSON)).hasSize(1);
        List<RawItem> items = parser.parse(b("[{\"a\":1}, 2, {\"b\":[1,2]}]"), BodyFormat.JSON);
        assertThat(items).hasSize(3);
        assertThat(items.get(1).node().isInt()).isTrue();
        assertThat(parser.parse(b("[]"), BodyFormat.JSON)).isEmpty();
        assertThat(parser.parse(b("  {\"a\":1}  \n"), BodyFormat.JSON)).hasSize(1);
    }

    @Test
    void unreadableJsonFailsTheWholeBody() {
        for (String bad : new String[] { "", "   ", "{", "[{\"a\":1}", "[{\"a\":1},]", "{\"a\":1} {\"b\":2}", "nul",
                "[1] x", "{'a':1}" }) {
            assertThatThrownBy(() -> parser.parse(b(bad), BodyFormat.JSON)).as(bad)
                    .isInstanceOfSatisfying(BodyException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.code()).isEqualTo("malformed-json");
                    });
        }
    }

    @Test
    void invalidUtf8AndDeepNestingAreMalformed() {
        byte[] invalid = { '[', '"', (byte) 0xC3, (byte) 0x28, '"', ']' };
        assertThatThrownBy(() -> parser.parse(invalid, BodyFormat.JSON)).isInstanceOf(BodyException.class);
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        assertThatThrownBy(() -> parser.parse(b(deep), BodyFormat.JSON))
                .isInstanceOfSatisfying(BodyException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void moreItemsThanAllowedIs413() {
        assertThat(parser.parse(b("[1,2,3]"), BodyFormat.JSON)).hasSize(3);
        assertThatThrownBy(() -> parser.parse(b("[1,2,3,4]"), BodyFormat.JSON))
                .isInstanceOfSatisfying(BodyException.class, e -> {
                    assertThat(e.status()).isEqualTo(413);
                    assertThat(e.code()).isEqualTo("too-many-items");
                });
        assertThatThrownBy(() -> parser.parse(b("1\n2\n3\n4\n"), BodyFormat.NDJSON)).isInstanceOf(BodyException.class);
    }

    @Test
    void ndjsonRejectsOnlyTheBrokenLinesAndSkipsBlankOnes() {
        List<RawItem> items = parser.parse(b("{\"a\":1}\r\n\n   \n{broken\n{\"b\":2} trailing"), BodyFormat.NDJSON);
        assertThat(items).hasSize(3);
        assertThat(items.get(0).node().get("a").intValue()).isEqualTo(1);
        assertThat(items.get(1).rejectReason()).isEqualTo("malformed-json");
        assertThat(items.get(2).rejectReason()).isEqualTo("malformed-json");
        assertThat(parser.parse(b(""), BodyFormat.NDJSON)).isEmpty();
        byte[] invalidUtf8Line = { '{', '"', 'a', '"', ':', '"', (byte) 0xFF, '"', '}', '\n', '{', '}' };
        List<RawItem> mixed = parser.parse(invalidUtf8Line, BodyFormat.NDJSON);
        assertThat(mixed.get(0).rejectReason()).isEqualTo("malformed-json");
        assertThat(mixed.get(1).node().isObject()).isTrue();
    }

    @Test
    void aStructuredCloudEventBecomesAnItem() {
        String ce = """
                {"specversion":"1.0","id":"ce-1","source":"/agent","type":"metering.telemetry.v1.device-heartbeat",
                 "data":{"deviceId":"d-1"}}""";
        List<RawItem> items = parser.parse(b(ce), BodyFormat.CLOUDEVENT);
        assertThat(items).hasSize(1);
        assertThat(items.get(0).node().get("kind").textValue()).isEqualTo("device-heartbeat");
        assertThat(items.get(0).node().get("eventId").textValue()).isEqualTo("ce-1");
        assertThat(items.get(0).node().get("deviceId").textValue()).isEqualTo("d-1");
    }

    @Test
    void theDataEventIdWinsOverTheEnvelopeId() {
        String ce = """
                {"id":"ce-1","type":"metering.telemetry.v1.device-removed","data":{"eventId":"own"}}""";
        assertThat(parser.parse(b(ce), BodyFormat.CLOUDEVENT).get(0).node().get("eventId").textValue())
                .isEqualTo("own");
    }

    @Test
    void cloudEventBatchesRejectEventsThatAreNotTelemetry() {
        String batch = """
                [{"id":"1","type":"metering.telemetry.v1.firewall-heartbeat","data":{}},
                 {"id":"2","type":"metering.customer.v1.created","data":{}},
                 {"id":"3","data":{}}]""";
        List<RawItem> items = parser.parse(b(batch), BodyFormat.CLOUDEVENT_BATCH);
        assertThat(items.get(0).node().get("kind").textValue()).isEqualTo("firewall-heartbeat");
        assertThat(items.get(1).rejectReason()).isEqualTo("unknown-event-type");
        assertThat(items.get(2).rejectReason()).isEqualTo("missing-field:type");
        assertThat(parser.parse(b("[{\"type\":\"metering.telemetry.v1.firewall-heartbeat\",\"data\":7}]"),
                BodyFormat.CLOUDEVENT_BATCH).get(0).rejectReason()).isEqualTo("invalid-type:data");
        assertThat(parser.parse(b("[{\"type\":\"metering.telemetry.v1.firewall-heartbeat\"}]"),
                BodyFormat.CLOUDEVENT_BATCH).get(0).rejectReason()).isEqualTo("missing-field:data");
        assertThat(parser.parse(b("[5]"), BodyFormat.CLOUDEVENT_BATCH).get(0).rejectReason())
                .isEqualTo("malformed-item");
        assertThatThrownBy(() -> parser.parse(b("{\"id\":\"1\"}"), BodyFormat.CLOUDEVENT_BATCH))
                .isInstanceOf(BodyException.class);
    }

    @Test
    void errorMessagesNeverEchoLongOrBinaryInput() {
        String garbage = "x".repeat(5000) + "\u0001\uD800";
        assertThatThrownBy(() -> parser.parse(b(garbage), BodyFormat.JSON))
                .isInstanceOfSatisfying(BodyException.class, e -> {
                    assertThat(e.getMessage().length()).isLessThan(300);
                    assertThat(e.getMessage().chars().noneMatch(c -> c < 0x20 || Character.isSurrogate((char) c)))
                            .isTrue();
                });
    }
}
