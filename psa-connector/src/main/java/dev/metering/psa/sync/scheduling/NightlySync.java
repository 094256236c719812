package dev.metering.psa.sync.scheduling;

import dev.metering.psa.connection.store.ConnectionStore;
import dev.metering.psa.sync.service.SyncService;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * The nightly sync of every connected partner ({@code metering.psa.sync.cron}; "off" disables it): the daily
 * real-time sync for partners in DAILY mode, the newest invoiced period for the others.
 */
@ApplicationScoped
public class NightlySync {

    private static final Logger LOG = Logger.getLogger(NightlySync.class);
    private final ConnectionStore connections;
    private final SyncService sync;

    public NightlySync(ConnectionStore connections, SyncService sync) {
        this.connections = connections;
        this.sync = sync;
    }

    @Scheduled(identity = "psa-nightly-sync", cron = "${metering.psa.sync.cron}", timeZone = "UTC",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void syncAll() {
        for (String partnerId : connections.partners()) {
            try {
                sync.scheduled(partnerId);
            } catch (RuntimeException e) {
                LOG.warnf("nightly PSA sync of partner %s failed: %s", partnerId, e.getMessage());
            }
        }
    }
}
