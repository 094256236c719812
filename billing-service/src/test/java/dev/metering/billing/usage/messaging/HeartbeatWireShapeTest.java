package dev.metering.billing.usage.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.contracts.CloudEvent;
import dev.metering.contracts.CloudEvents;
import dev.metering.contracts.Json;
import dev.metering.contracts.SampleEvents;
import dev.metering.contracts.telemetry.DeviceHeartbeat;
import dev.metering.contracts.telemetry.TelemetryEvent;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fold's hand-written readers know the whole wire shape of the telemetry records (R16–R21 fold inputs):
 * each record, with every component set, is read back whole. A component added to a record fails here until
 * {@link HeartbeatParser} reads it and {@link HeartbeatScanner} knows its name (the scanner takes an unknown
 * field for something to skip, so it would accept, unchecked, a value the contracts' mapper refuses).
 */
class HeartbeatWireShapeTest {

    static Stream<Class<?>> telemetryTypes() {
        return Stream.of(TelemetryEvent.class.getPermittedSubclasses());
    }

    @Test
    void theHeartbeatParserReadsEveryComponent() throws Exception {
        for (DeviceHeartbeat event : List.of(SampleEvents.plainSample(DeviceHeartbeat.class),
                SampleEvents.sample(DeviceHeartbeat.class))) {
            byte[] json = Json.mapper().writeValueAsBytes(event);

            assertThat(HeartbeatParser.parse(json)).as(new String(json, StandardCharsets.UTF_8)).isEqualTo(event);
        }
    }

    @Test
    void theScannerKnowsEveryFieldOfTheHeartbeatByName() throws Exception {
        Field field = HeartbeatScanner.class.getDeclaredField("FIELDS");
        field.setAccessible(true);
        List<String> known = new ArrayList<>();
        for (byte[] name : (byte[][]) field.get(null)) {
            known.add(new String(name, StandardCharsets.US_ASCII));
        }

        assertThat(known).containsExactlyElementsOf(SampleEvents.fieldNames(DeviceHeartbeat.class));
    }

    @Test
    void theScannerTakesAFullyPopulatedPlainHeartbeat() throws Exception {
        DeviceHeartbeat event = SampleEvents.plainSample(DeviceHeartbeat.class);
        HeartbeatScanner scanner = new HeartbeatScanner();

        assertThat(scanner.scan(Json.mapper().writeValueAsBytes(event))).isTrue();
        assertThat(scanner.customerId()).isEqualTo(event.customerId());
        assertThat(scanner.deviceId()).isEqualTo(event.deviceId());
        assertThat(scanner.userId()).isEqualTo(event.userId());
        assertThat(scanner.products()).isEqualTo(HeartbeatScannerTest.mask(event.products()));
        assertThat(scanner.occurredAt()).isEqualTo(event.occurredAt().toEpochMilli());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("telemetryTypes")
    void theDecoderReadsEveryTelemetryEventWhole(Class<?> type) {
        TelemetryEvent event = (TelemetryEvent) SampleEvents.sample(type);
        CloudEvent envelope = CloudEvents.wrap("id-1", "/telemetry-ingest", event);

        assertThat(TelemetryDecoder.decode(CloudEvents.binaryHeaders(envelope), CloudEvents.dataBytes(envelope)))
                .isEqualTo(event);
    }
}
