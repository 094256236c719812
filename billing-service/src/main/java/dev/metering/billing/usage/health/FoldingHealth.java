package dev.metering.billing.usage.health;

import dev.metering.billing.usage.CustomerUnits;
import dev.metering.billing.usage.UsageProjection;
import dev.metering.billing.usage.messaging.FoldingConsumer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** The fold's progress in {@code /q/health/ready} and as metrics. */
@Readiness
@ApplicationScoped
public class FoldingHealth implements HealthCheck {

    @Inject
    FoldingConsumer consumer;

    @Inject
    UsageProjection usage;

    @Inject
    MeterRegistry registry;

    void metrics(@Observes StartupEvent event) {
        FunctionCounter.builder("billing.fold.records", consumer, FoldingConsumer::folded)
                .description("telemetry and billing records folded").register(registry);
        FunctionCounter.builder("billing.fold.dead.letters", consumer, FoldingConsumer::deadLettered)
                .description("records sent to the dead-letter table").register(registry);
        FunctionCounter.builder("billing.fold.batches", consumer, FoldingConsumer::batches)
                .description("batches stored (one transaction each)").register(registry);
        Gauge.builder("billing.fold.caught.up", consumer, c -> c.caughtUp() ? 1 : 0).register(registry);
        Gauge.builder("billing.usage.customers", usage, u -> u.all().size())
                .description("customers with telemetry held by the usage projection").register(registry);
        Gauge.builder("billing.usage.devices", usage,
                u -> u.all().stream().mapToLong(CustomerUnits::deviceCount).sum())
                .description("devices and firewalls held by the usage projection (sizing: memory per device)")
                .register(registry);
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("billing-fold").up().withData("caughtUp", consumer.caughtUp())
                .withData("folded", consumer.folded()).withData("deadLetters", consumer.deadLettered())
                .withData("batches", consumer.batches()).build();
    }
}
