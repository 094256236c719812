package dev.metering.psa.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NameMatchTest {

    @Test
    void caseAccentsPunctuationAndLegalFormsDoNotMatter() {
        assertThat(NameMatch.score("Müller Zahnärzte GmbH", "MULLER ZAHNARZTE")).isEqualTo(1.0);
        assertThat(NameMatch.score("Acme, Inc.", "acme")).isEqualTo(1.0);
    }

    @Test
    void partlyCommonNamesScoreByTheirCommonWords_andUnrelatedNamesScoreZero() {
        assertThat(NameMatch.score("Beta Logistics North", "Beta Logistics")).isEqualTo(2.0 / 3);
        assertThat(NameMatch.score("Beta Logistics", "Unrelated Bakery")).isZero();
        assertThat(NameMatch.score(null, "x")).isZero();
    }
}
