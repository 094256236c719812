package dev.metering.billing.cluster.service;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metering.platform.error.ApiException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** R21 across instances: the owners' parts answer every partition exactly once, or the answer is a 503 to retry. */
class ScatterTest {

    @Test
    void givenPartsCoveringEveryPartitionOnce_whenChecked_thenTheyAreTheAnswer() {
        assertThatCode(() -> Scatter.coverEveryPartitionOnce(List.of(Set.of(0, 1), Set.of(2, 3)), 4))
                .doesNotThrowAnyException();
    }

    @Test
    void givenAMissingPartition_whenChecked_thenA503NeverAPartialAnswer() {
        assertThatThrownBy(() -> Scatter.coverEveryPartitionOnce(List.of(Set.of(0, 1)), 4))
                .isInstanceOf(ApiException.class).hasMessageContaining("only partitions [0, 1] of 4")
                .extracting(e -> ((ApiException) e).status()).isEqualTo(503);
    }

    @Test
    void givenAPartitionAnsweredTwice_whenChecked_thenA503NeverADoubleCount() {
        assertThatThrownBy(() -> Scatter.coverEveryPartitionOnce(List.of(Set.of(0, 1), Set.of(1, 2)), 3))
                .isInstanceOf(ApiException.class).hasMessageContaining("partition 1 answered twice")
                .extracting(e -> ((ApiException) e).status()).isEqualTo(503);
    }
}
