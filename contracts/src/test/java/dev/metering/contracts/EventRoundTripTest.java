package dev.metering.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metering.contracts.telemetry.DeviceHeartbeat;
import dev.metering.contracts.telemetry.DeviceKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventRoundTripTest {

    static Stream<Class<? extends MeteringEvent>> eventTypes() {
        return EventTypes.all().values().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventTypes")
    void everyEventSurvivesBinaryModeKafkaRoundTrip(Class<? extends MeteringEvent> type) {
        MeteringEvent event = (MeteringEvent) SampleEvents.sample(type);
        CloudEvent envelope = CloudEvents.wrap("id-1", "/test", event);

        CloudEvent read = CloudEvents.read(CloudEvents.binaryHeaders(envelope), CloudEvents.dataBytes(envelope));

        assertThat(read.type()).isEqualTo(type.getAnnotation(EventType.class).value());
        assertThat(read.subject()).isEqualTo(event.subject());
        assertThat(read.time()).isEqualTo(event.occurredAt());
        assertThat(CloudEvents.unwrap(read)).isEqualTo(event);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventTypes")
    void everyEventSurvivesStructuredModeRoundTrip(Class<? extends MeteringEvent> type) {
        MeteringEvent event = (MeteringEvent) SampleEvents.sample(type);
        CloudEvent envelope = CloudEvents.wrap("id-2", "/test", event);

        CloudEvent read = CloudEvents.read(Map.of(), CloudEvents.structuredBytes(envelope));

        assertThat(read.id()).isEqualTo("id-2");
        assertThat(CloudEvents.unwrap(read)).isEqualTo(event);
    }

    @Test
    void auditAttributesTravelAsLowercaseExtensionsInBothModes() {
        // given an event with its actor, correlation and causation
        MeteringEvent event = (MeteringEvent) SampleEvents.sample(EventTypes.all().values().iterator().next());
        Audit audit = new Audit("user-7", "partner", "corr-1", "req-9");

        // when it is wrapped and written in binary and in structured mode
        CloudEvent envelope = CloudEvents.wrap("id-3", "/test", event, audit);
        Map<String, byte[]> headers = CloudEvents.binaryHeaders(envelope);
        String structured = new String(CloudEvents.structuredBytes(envelope), StandardCharsets.UTF_8);

        // then the attributes are ce_<lowercase> headers and top-level members, and read back as written
        assertThat(headers).containsKeys("ce_actor", "ce_actorrole", "ce_correlationid", "ce_causationid");
        assertThat(new String(headers.get("ce_actorrole"), StandardCharsets.UTF_8)).isEqualTo("partner");
        assertThat(structured).contains("\"correlationid\":\"corr-1\"").doesNotContain("extensions");
        assertThat(Audit.of(CloudEvents.read(headers, CloudEvents.dataBytes(envelope)))).isEqualTo(audit);
        assertThat(Audit.of(CloudEvents.read(Map.of(), CloudEvents.structuredBytes(envelope)))).isEqualTo(audit);
        assertThat(Audit.of(CloudEvents.wrap("id-4", "/test", event))).isNull();
        assertThatThrownBy(() -> envelope.withExtensions(Map.of("Actor_Name", "x")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void typeNamesAreVersionedAndNeverJavaClassNames() {
        assertThat(EventTypes.all()).isNotEmpty();
        EventTypes.all().forEach((name, type) -> {
            assertThat(name).matches("metering\\.[a-z]+\\.v[0-9]+\\.[a-z-]+");
            assertThat(name).doesNotContain(type.getSimpleName());
        });
    }

    @Test
    void heartbeatJsonUsesTheDocumentedFieldNames() throws Exception {
        String json = """
                {"eventId":"e1","customerId":"c1","deviceId":"d1","deviceKind":"SERVER",
                 "products":["SERVER_ADVANCED","DEVICE_ENCRYPTION"],"hostname":"srv-1","agentVersion":"2024.1",
                 "occurredAt":"2026-11-01T10:00:00Z","receivedAt":"2026-11-01T10:00:01Z","futureField":42}""";

        DeviceHeartbeat hb = Json.mapper().readValue(json, DeviceHeartbeat.class);

        assertThat(hb).isEqualTo(new DeviceHeartbeat("e1", "c1", "d1", DeviceKind.SERVER,
                Set.of(ProductCode.SERVER_ADVANCED, ProductCode.DEVICE_ENCRYPTION), null, "srv-1", "2024.1",
                Instant.parse("2026-11-01T10:00:00Z"), Instant.parse("2026-11-01T10:00:01Z")));
        assertThat(Json.mapper().writeValueAsString(hb)).doesNotContain("userId").contains("\"occurredAt\":\"2026-11-01T10:00:00Z\"");
    }

    @Test
    void recordsThatAreNotCloudEventsAreRejectedWithAReason() {
        assertThatThrownBy(() -> CloudEvents.read(Map.of(), "not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidEventException.class).extracting("reason").isEqualTo("bad-json");
        assertThatThrownBy(() -> CloudEvents.read(Map.of(), "{\"a\":1}".getBytes(StandardCharsets.UTF_8)))
                .extracting("reason").isEqualTo("not-a-cloudevent");
        assertThatThrownBy(() -> CloudEvents.unwrap(new CloudEvent("1.0", "x", "/s", "metering.nope.v1.thing",
                null, null, null, Json.mapper().createObjectNode()))).extracting("reason").isEqualTo("unknown-type");
        assertThatThrownBy(() -> CloudEvents.read(Map.of("ce_type", "metering.customer.v1.created".getBytes(StandardCharsets.UTF_8)),
                "{}".getBytes(StandardCharsets.UTF_8))).extracting("reason").isEqualTo("missing-id");
    }

    @Test
    void invoiceTopicsArePerDistributorAndRejectUnsafeNames() {
        assertThat(Topics.invoicesFor("DIRECT")).isEqualTo("billing.invoices.DIRECT");
        assertThatThrownBy(() -> Topics.invoicesFor("a/b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Topics.invoicesFor(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
