package dev.metering.platform.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.metering.platform.audit.RequestIds;
import dev.metering.platform.audit.TextValues;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 14 finding 7: which text, instants and dates a request body may hold. */
class InputGuardTest {

    public record Body(String name, List<String> tags, Instant effectiveAt, LocalDate endDate) {
    }

    final ObjectMapper mapper = guarded();

    static ObjectMapper guarded() {
        ObjectMapper m = new ObjectMapper().registerModule(new JavaTimeModule());
        new InputGuard().customize(m);
        return m;
    }

    @Test
    void givenCleanText_whenRead_thenAccepted() throws Exception {
        Body b = mapper.readValue("{\"name\":\"Zo\\u00eb \\ud83d\\ude00\\ttab\\nline\",\"tags\":[\"a\"],"
                + "\"effectiveAt\":\"2026-12-01T00:00:00Z\",\"endDate\":\"9999-12-31\"}", Body.class);
        assertThat(b.name()).isEqualTo("Zo\u00eb \ud83d\ude00\ttab\nline");
    }

    @Test
    void givenNulControlOrUnpairedSurrogate_whenRead_thenRefusedNamingTheField() {
        for (String bad : List.of("\\u0000", "a\\u0000", "\\ud800", "x\\udc00", "\\u0007", "\\u009b", "end\\ud83d")) {
            assertRefused("{\"name\":\"" + bad + "\"}", "name", InputGuard.INVALID_CHARACTERS);
            assertRefused("{\"tags\":[\"ok\",\"" + bad + "\"]}", "tags", InputGuard.INVALID_CHARACTERS);
            // java.time trims, so "\u0000" must not quietly become a null instant
            assertRefused("{\"effectiveAt\":\"" + bad + "\"}", "effectiveAt", InputGuard.INVALID_CHARACTERS);
        }
    }

    @Test
    void givenInstantsAndDatesOutsideTheYears1To9999_whenRead_thenOutOfRange() {
        for (String bad : List.of("-1000000000-01-01T00:00:00Z", "0000-12-31T23:59:59Z", "+10000-01-01T00:00:00Z")) {
            assertRefused("{\"effectiveAt\":\"" + bad + "\"}", "effectiveAt", InputGuard.OUT_OF_RANGE);
        }
        assertRefused("{\"endDate\":\"+999999999-12-31\"}", "endDate", InputGuard.OUT_OF_RANGE);
        assertRefused("{\"endDate\":\"0000-01-01\"}", "endDate", InputGuard.OUT_OF_RANGE);
    }

    @Test
    void correlationIdsAreOneTo128VisibleAsciiCharacters() {
        assertThat(RequestIds.isValidCorrelationId("abc-123_X:/.")).isTrue();
        assertThat(RequestIds.isValidCorrelationId("x".repeat(128))).isTrue();
        assertThat(RequestIds.isValidCorrelationId("x".repeat(129))).isFalse();
        assertThat(RequestIds.isValidCorrelationId("")).isFalse();
        assertThat(RequestIds.isValidCorrelationId("a b")).isFalse();
        assertThat(RequestIds.isValidCorrelationId("caf\u00e9")).isFalse();
        assertThat(TextValues.isClean("\ud83d\ude00")).isTrue();
        assertThat(TextValues.isClean("\ude00\ud83d")).isFalse();
    }

    private void assertRefused(String json, String field, String reason) {
        assertThatThrownBy(() -> mapper.readValue(json, Body.class)).as(json)
                .isInstanceOfSatisfying(InputGuard.RefusedValue.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.getPath().get(0).getFieldName()).isEqualTo(field);
                });
    }
}
