package dev.metering.platform.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metering.platform.error.ApiException;
import org.junit.jupiter.api.Test;

class ETagsTest {

    @Test
    void ifMatchAcceptsStrongWeakAndBareVersions() {
        assertThat(ETags.parseIfMatch("\"3\"")).isEqualTo(3);
        assertThat(ETags.parseIfMatch("W/\"3\"")).isEqualTo(3);
        assertThat(ETags.parseIfMatch(" 12 ")).isEqualTo(12);
    }

    @Test
    void noIfMatchOrAStarMeansNoPrecondition() {
        assertThat(ETags.parseIfMatch(null)).isNull();
        assertThat(ETags.parseIfMatch("")).isNull();
        assertThat(ETags.parseIfMatch("*")).isNull();
    }

    @Test
    void anythingElseIsA400() {
        assertThatThrownBy(() -> ETags.parseIfMatch("\"abc\"")).isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(400));
        assertThatThrownBy(() -> ETags.parseIfMatch("-1")).isInstanceOf(ApiException.class);
    }
}
