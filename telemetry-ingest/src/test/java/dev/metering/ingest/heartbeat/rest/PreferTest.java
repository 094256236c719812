package dev.metering.ingest.heartbeat.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 7240 parsing of the one preference ingest honours. */
class PreferTest {

    @Test
    void returnMinimalInItsSpellings() {
        for (String h : List.of("return=minimal", "RETURN=MINIMAL", " return = minimal ", "return=\"minimal\"",
                "respond-async, return=minimal", "return=minimal; foo=\"bar\"", "wait=10,return=minimal")) {
            assertThat(Prefer.returnMinimal(List.of(h))).as(h).isTrue();
        }
        assertThat(Prefer.returnMinimal(List.of("respond-async", "return=minimal"))).isTrue();
    }

    @Test
    void anythingElseKeepsTheFullAnswer() {
        assertThat(Prefer.returnMinimal(null)).isFalse();
        assertThat(Prefer.returnMinimal(Arrays.asList((String) null))).isFalse();
        for (String h : List.of("", "return=representation", "return", "minimal", "handling=minimal", "return=minimalist",
                "return=representation, return=minimal", "xreturn=minimal")) {
            assertThat(Prefer.returnMinimal(List.of(h))).as(h).isFalse();
        }
    }

    @Test
    void returnRepresentationAsksForEveryResultAndTheFirstReturnPreferenceDecides() {
        for (String h : List.of("return=representation", "RETURN=\"Representation\"", "wait=5, return=representation; x=1",
                "return=representation, return=minimal")) {
            assertThat(Prefer.returnPreference(List.of(h))).as(h).isEqualTo(Prefer.Return.REPRESENTATION);
        }
        assertThat(Prefer.returnPreference(List.of("return=minimal, return=representation")))
                .isEqualTo(Prefer.Return.MINIMAL);
        for (String h : List.of("", "return", "return=other", "handling=strict")) {
            assertThat(Prefer.returnPreference(List.of(h))).as(h).isEqualTo(Prefer.Return.UNSPECIFIED);
        }
        assertThat(Prefer.returnPreference(null)).isEqualTo(Prefer.Return.UNSPECIFIED);
    }
}
