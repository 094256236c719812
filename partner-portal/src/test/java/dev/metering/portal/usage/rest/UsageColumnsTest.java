package dev.metering.portal.usage.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UsageColumnsTest {

    @Test
    void productCodesAreShownAsWords() {
        assertThat(UsagePage.label("ENDPOINT_ADVANCED")).isEqualTo("Endpoint Advanced");
        assertThat(UsagePage.label("FIREWALL_ENTERPRISE_GUARD")).isEqualTo("Firewall Enterprise Guard");
        assertThat(UsagePage.label("WEB")).isEqualTo("Web");
    }
}
