package dev.metering.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The design-point workload's ids (#16): UUID-shaped, distinct and a pure function of the index. */
class WorkloadTest {

    private static final Instant S = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void givenTheDesignPointWorkload_whenIdsAreMade_thenTheyAreDistinctVersion4UuidsAndTheSameEveryTime() {
        Workload w = new Workload("", 2_000, 100, 1, S, 7, true);
        Set<String> devices = new HashSet<>();
        Set<String> customers = new HashSet<>();

        for (int c = 0; c < w.customers(); c++) {
            customers.add(w.customerId(c));
            for (int d = 0; d < w.devicesPerCustomer(); d++) {
                devices.add(w.deviceId(c, d));
            }
        }

        assertThat(customers).hasSize(2_000);
        assertThat(devices).hasSize(200_000);
        UUID parsed = UUID.fromString(w.customerId(17));
        assertThat(parsed.version()).isEqualTo(4);
        assertThat(parsed.variant()).isEqualTo(2);
        assertThat(parsed.toString()).isEqualTo(w.customerId(17));
        assertThat(UUID.fromString(w.deviceId(3, 5)).version()).isEqualTo(4);
        assertThat(new Workload("", 2_000, 100, 1, S, 7, true).heartbeat(305)).isEqualTo(w.heartbeat(305));
        assertThat(w.heartbeat(305).deviceId()).isEqualTo(w.deviceId(3, 5));
        assertThat(w.heartbeat(305).customerId()).isEqualTo(w.customerId(3));
    }

    @Test
    void givenTheQueryWorkload_whenIdsAreMade_thenTheyKeepTheirShortReadableForm() {
        Workload w = new Workload(1_000, 10, 100, S, 42);

        assertThat(w.customerId(12)).isEqualTo("cust-12");
        assertThat(w.heartbeat(123).deviceId()).isEqualTo("dev-12-3");
    }

    @Test
    void givenTwoWindowRates_whenCompared_thenSteadyOnlyWithin5PercentOfTheLarger() {
        assertThat(WarmUp.steady(Double.NaN, 100)).isFalse();
        assertThat(WarmUp.steady(100, 104.9)).isTrue();
        assertThat(WarmUp.steady(100, 94)).isFalse();
        assertThat(WarmUp.steady(105, 100)).isTrue();
    }
}
