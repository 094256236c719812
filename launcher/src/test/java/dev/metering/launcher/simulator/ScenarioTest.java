package dev.metering.launcher.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.contracts.BillingType;
import dev.metering.launcher.simulator.World.Item;
import dev.metering.launcher.simulator.World.Pattern;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ScenarioTest {

    static final Instant S = Instant.parse("2026-11-22T09:00:00Z");

    @Test
    void generatesExactlyTheRequestedDevicesWithEveryPattern() {
        World w = Scenario.generate(1000, 7);
        assertThat(w.fleet).hasSize(1000);
        assertThat(w.fleet.stream().map(World.Device::pattern).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(Pattern.values());
        assertThat(w.fleet.stream().map(World.Device::deviceId).distinct().count()).isEqualTo(1000);
        assertThat(w.partners.stream().filter(p -> p.country().equals("GB")).findFirst().orElseThrow()
                .invoicedDistributor()).isEqualTo("DIRECT");
        assertThat(w.customers).anyMatch(c -> c.created == BillingType.TRIAL && c.atClose == BillingType.MONTHLY);
        assertThat(w.firewalls).anyMatch(World.Firewall::utm9);
    }

    @Test
    void telemetryStaysInsideTheIngestWindowExceptThePlantedRejections() {
        World w = Scenario.generate(300, 7);
        Scenario.telemetry(w, S, 7);
        for (Item i : w.items) {
            if ("too-old".equals(i.expectedReject())) {
                assertThat(i.occurredAt()).isBefore(S.minus(Duration.ofDays(35)));
            } else {
                assertThat(i.occurredAt()).isAfter(S.minus(Duration.ofDays(35))).isBeforeOrEqualTo(S);
            }
        }
        assertThat(w.items).anyMatch(i -> "utm9-not-supported".equals(i.expectedReject()));
        assertThat(w.items).anyMatch(i -> i.kind() == World.Kind.DEVICE_REMOVED);
    }

    @Test
    void isDeterministicForASeed() {
        World a = Scenario.generate(200, 7);
        World b = Scenario.generate(200, 7);
        Scenario.telemetry(a, S, 7);
        Scenario.telemetry(b, S, 7);
        assertThat(a.items.stream().map(i -> i.eventId() + i.occurredAt()).toList())
                .isEqualTo(b.items.stream().map(i -> i.eventId() + i.occurredAt()).toList());
    }
}
