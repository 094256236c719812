package dev.metering.psa.vendor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PsaSitesTest {

    @Test
    void aHostOrHttpsUrlBecomesTheHttpsBase() {
        assertThat(PsaSites.baseUri("api-na.myconnectwise.net", false)).hasToString("https://api-na.myconnectwise.net");
        assertThat(PsaSites.baseUri("https://eu.myconnectwise.net/", false)).hasToString("https://eu.myconnectwise.net");
    }

    @Test
    void plainHttpIsOnlyForLoopbackStubsInDevAndTest() {
        assertThat(PsaSites.baseUri("http://127.0.0.1:8089", true)).hasToString("http://127.0.0.1:8089");
        assertThatThrownBy(() -> PsaSites.baseUri("http://127.0.0.1:8089", false)).hasMessage("must use https");
        assertThatThrownBy(() -> PsaSites.baseUri("http://psa.example.com", true)).hasMessage("must use https");
        assertThatThrownBy(() -> PsaSites.baseUri("https://user:pw@psa.example.com", false))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
