package dev.metering.platform.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Drives the {@link OutboxPublisher} from one background thread: it drains the outbox as soon as
 * this process commits outbox rows ({@link OutboxSignal}) and at the latest every
 * {@code metering.outbox.interval} (default 200 ms; rows of other instances, retries after a Kafka
 * failure). Present only in services built with {@code metering.outbox.relay=true} (those that own
 * an {@code outbox} table). Metrics: {@code metering_outbox_published_total},
 * {@code metering_outbox_failures_total}, {@code metering_outbox_pending}.
 */
@ApplicationScoped
@IfBuildProperty(name = "metering.outbox.relay", stringValue = "true")
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final OutboxPublisher publisher;
    private final OutboxSignal signal;
    private final MeterRegistry registry;
    private final Duration interval;
    /** How long published rows stay in the outbox (for inspection) before {@link #purge()} deletes them. */
    private final Duration retention;

    private final AtomicLong pending = new AtomicLong();
    private volatile boolean running;
    private volatile long lastFailureLog;
    private Thread thread;
    private Counter published;
    private Counter failures;

    @Inject
    public OutboxRelay(OutboxPublisher publisher, OutboxSignal signal, MeterRegistry registry,
            @ConfigProperty(name = "metering.outbox.interval", defaultValue = "0.2s") Duration interval,
            @ConfigProperty(name = "metering.outbox.retention", defaultValue = "P7D") Duration retention) {
        this.publisher = publisher;
        this.signal = signal;
        this.registry = registry;
        this.interval = interval;
        this.retention = retention;
    }

    void start(@Observes StartupEvent event) {
        published = registry.counter("metering.outbox.published");
        failures = registry.counter("metering.outbox.failures");
        registry.gauge("metering.outbox.pending", pending);
        io.micrometer.core.instrument.FunctionCounter.builder("metering.outbox.dead.letters", publisher,
                OutboxPublisher::deadLettered)
                .description("outbox rows Kafka kept refusing, moved to outbox_dead_letters").register(registry);
        running = true;
        thread = new Thread(this::loop, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(5_000);
        }
    }

    private void loop() {
        while (running) {
            try {
                published.increment(publisher.drain());
            } catch (RuntimeException e) {
                failures.increment();
                long now = System.currentTimeMillis();
                if (now - lastFailureLog > 10_000) {
                    lastFailureLog = now;
                    LOG.warnf("outbox relay failed, will retry: %s", e.getMessage());
                }
            }
            try {
                signal.await(interval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Refreshes the {@code metering.outbox.pending} gauge (rows committed but not yet acknowledged). */
    @Scheduled(identity = "outbox-pending-gauge", every = "10s", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void measurePending() {
        try {
            pending.set(publisher.pendingCount());
        } catch (RuntimeException e) {
            LOG.debugf("could not count pending outbox rows: %s", e.getMessage());
        }
    }

    @Scheduled(identity = "outbox-purge", every = "1h", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purge() {
        try {
            int deleted = publisher.purgePublishedBefore(Instant.now().minus(retention));
            if (deleted > 0) {
                LOG.debugf("purged %d published outbox rows", deleted);
            }
        } catch (RuntimeException e) {
            LOG.warnf("outbox purge failed, will retry: %s", e.getMessage());
        }
    }
}
