package dev.metering.billing.usage.scheduling;

import dev.metering.billing.usage.messaging.UsageSnapshotPublisher;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Publishes this instance's customers' real-time usage snapshots on {@code billing.usage} on the configured
 * cron ({@code billing.usage-feed.cron}, UTC, default daily at 00:30; {@code off} disables it).
 */
@ApplicationScoped
public class UsageFeedScheduler {

    private final UsageSnapshotPublisher publisher;

    public UsageFeedScheduler(UsageSnapshotPublisher publisher) {
        this.publisher = publisher;
    }

    @Scheduled(cron = "${billing.usage-feed.cron}", timeZone = "UTC",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void publishSnapshots() {
        publisher.publish(Instant.now());
    }
}
