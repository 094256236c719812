package dev.metering.billing.invoice.close;

import dev.metering.billing.config.BillingConfig;
import dev.metering.billing.invoice.CloseSchedule;
import dev.metering.billing.invoice.messaging.InvoicePublisher;
import dev.metering.billing.usage.messaging.FoldingConsumer;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.YearMonth;
import org.jboss.logging.Logger;

/**
 * R22: closes the last period once its instant has passed (checked every minute, so the close runs
 * within a minute of the configured instant, and catches up after downtime), but only once the
 * consumer has caught up with the topics; also retries the outbox.
 */
@ApplicationScoped
public class CloseScheduler {

    private static final Logger LOG = Logger.getLogger(CloseScheduler.class);

    @Inject
    BillingConfig config;
    @Inject
    CloseSchedule schedule;
    @Inject
    ClosedPeriods closedPeriods;
    @Inject
    PeriodCloser closer;
    @Inject
    FoldingConsumer consumer;
    @Inject
    InvoicePublisher publisher;

    @Scheduled(every = "${billing.close.check-every:60s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void closeWhenDue() {
        if (!config.close().autoEnabled()) {
            return;
        }
        closeIfDue(Instant.now());
    }

    /** Closes the last period whose instant passed, unless closed already; returns it or null. */
    public YearMonth closeIfDue(Instant now) {
        YearMonth due = schedule.lastClosedAt(now);
        if (closedPeriods.isClosed(due)) {
            return null;
        }
        if (!consumer.caughtUp()) {
            LOG.infof("period %s is due but the consumer has not caught up yet", due);
            return null;
        }
        closer.close(due);
        return due;
    }

    @Scheduled(every = "${billing.outbox.retry-every:30s}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void retryOutbox() {
        publisher.publishPending();
    }
}
