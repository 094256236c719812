package dev.metering.billing.invoice.scheduling;

import dev.metering.billing.cluster.service.Ownership;
import dev.metering.billing.config.BillingConfig;
import dev.metering.billing.invoice.CloseSchedule;
import dev.metering.billing.invoice.messaging.InvoicePublisher;
import dev.metering.billing.invoice.projection.ClosedPeriods;
import dev.metering.billing.invoice.service.AdjustmentService;
import dev.metering.billing.invoice.service.PeriodCloser;
import dev.metering.billing.invoice.store.InvoiceStore;
import dev.metering.billing.usage.messaging.FoldingConsumer;
import dev.metering.billing.usage.messaging.PartitionsLoaded;
import dev.metering.platform.error.ApiException;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Comparator;
import org.jboss.logging.Logger;

/**
 * R22: closes the last period once its instant has passed (checked every minute, so the close runs
 * within a minute of the configured instant, and catches up after downtime), but only once the
 * consumer has caught up with the topics; also retries the outbox.
 */
@ApplicationScoped
public class CloseScheduler {

    private static final Logger LOG = Logger.getLogger(CloseScheduler.class);

    private final BillingConfig config;
    private final CloseSchedule schedule;
    private final ClosedPeriods closedPeriods;
    private final PeriodCloser closer;
    private final FoldingConsumer consumer;
    private final InvoicePublisher publisher;
    private final Ownership ownership;
    private final AdjustmentService adjustments;
    private final InvoiceStore invoices;

    public CloseScheduler(BillingConfig config, CloseSchedule schedule, ClosedPeriods closedPeriods,
            PeriodCloser closer, FoldingConsumer consumer, InvoicePublisher publisher, Ownership ownership,
            AdjustmentService adjustments, InvoiceStore invoices) {
        this.config = config;
        this.schedule = schedule;
        this.closedPeriods = closedPeriods;
        this.closer = closer;
        this.consumer = consumer;
        this.publisher = publisher;
        this.ownership = ownership;
        this.adjustments = adjustments;
        this.invoices = invoices;
    }

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
        Ownership.View view = ownership.view();
        if (config.consumer().enabled() && !view.mine().contains(0)) {
            return null; // the owner of partition 0 closes; the others learn of it from the store
        }
        FoldingConsumer.Progress progress = consumer.progress();
        if (!progress.caughtUp()) {
            LOG.infof("period %s is due but the fold has not caught up yet: %s", due, progress.reason());
            return null;
        }
        try {
            closer.close(due);
        } catch (ApiException e) {
            LOG.warnf("period %s is due but could not be closed now (%s: %s); retrying", due, e.code(), e.getMessage());
            return null;
        }
        return due;
    }

    /**
     * Learns of closes another instance ran (period_closes) and reconciles this instance's customers for them
     * (R28: facts folded here after the lines were taken become adjustments).
     */
    @Scheduled(every = "${billing.close.learn-every:5s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void learnCloses() {
        for (ClosedPeriods.Closed c : invoices.closedPeriods()) {
            if (!closedPeriods.isClosed(c.period())) {
                closedPeriods.put(c);
                LOG.infof("learnt of the close of %s; reconciling this instance's customers", c.period());
                adjustments.reconcileAll(c.period());
            }
        }
    }

    /** After partitions were loaded: their customers' late facts of the recent closed periods (R28). */
    void reconcileLoaded(@Observes PartitionsLoaded event) {
        closedPeriods.all().keySet().stream().sorted(Comparator.reverseOrder()).limit(RECONCILED_PERIODS)
                .forEach(adjustments::reconcileAll);
    }

    /** How many of the latest closed periods are reconciled when partitions are loaded. */
    static final int RECONCILED_PERIODS = 3;


    @Scheduled(every = "${billing.outbox.retry-every:30s}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void retryOutbox() {
        publisher.publishPending();
    }
}
