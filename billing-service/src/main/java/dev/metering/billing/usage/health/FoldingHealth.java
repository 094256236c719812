package dev.metering.billing.usage.health;

import dev.metering.billing.cluster.service.Ownership;
import dev.metering.billing.usage.CustomerUnits;
import dev.metering.billing.usage.UsageProjection;
import dev.metering.billing.usage.messaging.FoldingConsumer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The fold's progress in {@code /q/health/ready} and as metrics. Ready = this instance owns its partitions
 * (every partition of the topics has an owner and this one has loaded its own) and has stored the backlog it
 * took over. {@code billing_fold_caught_up} is the strict measure every close uses: every partition's stored
 * position at the end offset taken at the moment of the question; {@code billing_fold_lag} gives the records
 * behind per topic partition.
 */
@Readiness
@ApplicationScoped
public class FoldingHealth implements HealthCheck {

    private final FoldingConsumer consumer;
    private final UsageProjection usage;
    private final MeterRegistry registry;
    private final Ownership ownership;
    private final Set<TopicPartition> lagGauges = ConcurrentHashMap.newKeySet();

    public FoldingHealth(FoldingConsumer consumer, UsageProjection usage, MeterRegistry registry, Ownership ownership) {
        this.consumer = consumer;
        this.usage = usage;
        this.registry = registry;
        this.ownership = ownership;
    }

    void metrics(@Observes StartupEvent event) {
        FunctionCounter.builder("billing.fold.records", consumer, FoldingConsumer::folded)
                .description("telemetry and billing records folded").register(registry);
        FunctionCounter.builder("billing.fold.dead.letters", consumer, FoldingConsumer::deadLettered)
                .description("records sent to the dead-letter table").register(registry);
        FunctionCounter.builder("billing.fold.batches", consumer, FoldingConsumer::batches)
                .description("batches stored (one transaction each)").register(registry);
        FunctionCounter.builder("billing.fold.commit.failures", consumer, FoldingConsumer::commitFailures)
                .description("offset commits to Kafka that failed; the stored offsets are committed again")
                .register(registry);
        Gauge.builder("billing.fold.caught.up", consumer, c -> c.lastProgress() != null && c.lastProgress().caughtUp()
                ? 1 : 0).description("1 when every partition's stored position was at the end offsets when last "
                        + "measured (every 5 s)").register(registry);
        Gauge.builder("billing.fold.partitions.owned", ownership, o -> o.view().mine().size())
                .description("partitions of the customer-keyed topics this instance owns").register(registry);
        Gauge.builder("billing.usage.customers", usage, u -> u.all().size())
                .description("customers with telemetry held by the usage projection").register(registry);
        Gauge.builder("billing.usage.devices", usage,
                u -> u.all().stream().mapToLong(CustomerUnits::deviceCount).sum())
                .description("devices and firewalls held by the usage projection (sizing: memory per device)")
                .register(registry);
    }

    /** Measures progress (and so lag per partition) every few seconds for the gauges. */
    @Scheduled(every = "${billing.fold.measure-every:5s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void measure() {
        FoldingConsumer.Progress p = consumer.progress();
        p.lag().keySet().forEach(tp -> {
            if (lagGauges.add(tp)) {
                Gauge.builder("billing.fold.lag", consumer, c -> {
                    FoldingConsumer.Progress last = c.lastProgress();
                    Long lag = last == null ? null : last.lag().get(tp);
                    return lag == null ? Double.NaN : lag;
                }).tags(Tags.of("topic", tp.topic(), "partition", Integer.toString(tp.partition())))
                        .description("records of the partition not yet stored by its owner").register(registry);
            }
        });
    }

    @Override
    public HealthCheckResponse call() {
        boolean ready = consumer.ready();
        Ownership.View view = ownership.view();
        return HealthCheckResponse.named("billing-fold").status(ready).withData("ready", ready)
                .withData("partitionsOwned", view.mine().toString()).withData("partitions", view.partitions())
                .withData("settled", view.settled()).withData("folded", consumer.folded())
                .withData("deadLetters", consumer.deadLettered()).withData("batches", consumer.batches()).build();
    }
}
