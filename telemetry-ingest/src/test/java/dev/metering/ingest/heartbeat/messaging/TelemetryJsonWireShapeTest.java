package dev.metering.ingest.heartbeat.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metering.contracts.Json;
import dev.metering.contracts.SampleEvents;
import dev.metering.contracts.telemetry.TelemetryEvent;
import dev.metering.contracts.Instants;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The wire shape has one source, the telemetry records (R21: the event id travels, R16: occurredAt counts):
 * for every event type on {@code telemetry.heartbeats}, found by walking the sealed interface, both
 * hand-written write paths of {@link TelemetryJson} write every record component, by its name, in order, and
 * the contracts' mapper reads the bytes back to the same event. A component added to a record fails here until
 * both paths write it.
 */
class TelemetryJsonWireShapeTest {

    static Stream<Class<?>> telemetryTypes() {
        return Stream.of(TelemetryEvent.class.getPermittedSubclasses());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("telemetryTypes")
    void theHandWrittenAsciiPathWritesEveryComponent(Class<?> type) throws Exception {
        TelemetryEvent event = (TelemetryEvent) SampleEvents.plainSample(type);

        byte[] ascii = TelemetryJson.AsciiWriter.write(event, Instants.format(event.occurredAt()));

        assertThat(ascii).as("a plain event takes the hand-written path").isNotNull();
        assertWritesEveryComponent(type, event, ascii);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("telemetryTypes")
    void theGeneratorPathWritesEveryComponent(Class<?> type) throws Exception {
        TelemetryEvent event = (TelemetryEvent) SampleEvents.sample(type);

        byte[] generated = TelemetryJson.writeWithGenerator(event, Instants.format(event.occurredAt()));

        assertThat(TelemetryJson.AsciiWriter.write(event, Instants.format(event.occurredAt())))
                .as("non-ASCII strings leave the hand-written path").isNull();
        assertWritesEveryComponent(type, event, generated);
        assertThat(TelemetryJson.write(event)).isEqualTo(generated);
    }

    private static void assertWritesEveryComponent(Class<?> type, TelemetryEvent event, byte[] written)
            throws Exception {
        JsonNode tree = Json.mapper().readTree(written);
        List<String> names = new ArrayList<>();
        tree.fieldNames().forEachRemaining(names::add);
        assertThat(names).as(new String(written, StandardCharsets.UTF_8))
                .containsExactlyElementsOf(SampleEvents.fieldNames(type));
        assertThat(Json.mapper().readValue(written, type)).isEqualTo(event);
        assertThat(written).isEqualTo(Json.mapper().writeValueAsBytes(event));
    }
}
