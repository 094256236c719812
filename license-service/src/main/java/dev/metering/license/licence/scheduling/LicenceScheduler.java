package dev.metering.license.licence.scheduling;

import dev.metering.license.config.LicenseServiceConfig;
import dev.metering.license.licence.LicenceService;
import dev.metering.license.licence.projection.LicenceProjection;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Trial expiry (R12), term expiry and renewal-date conversions (R9, R14): every run processes the
 * customers whose licence stream is due ({@code licence_due}). A conversion is effective at its
 * scheduled instant however late the run is; a concurrent write just defers the customer to the next run.
 */
@ApplicationScoped
public class LicenceScheduler {

    private static final Logger LOG = Logger.getLogger(LicenceScheduler.class);

    private final LicenceService licences;
    private final LicenceProjection projection;
    private final LicenseServiceConfig config;

    public LicenceScheduler(LicenceService licences, LicenceProjection projection, LicenseServiceConfig config) {
        this.licences = licences;
        this.projection = projection;
        this.config = config;
    }

    @Scheduled(identity = "licence-due", every = "${metering.license.due-interval:60s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return runDue(licences.now()).replaceWithVoid();
    }

    /** Processes every customer due at {@code at}; returns how many events were appended. */
    public Uni<Integer> runDue(Instant at) {
        return projection.due(at, config.dueBatchSize()).flatMap(ids -> Multi.createFrom().iterable(ids)
                .onItem().transformToUniAndConcatenate(id -> licences.processDue(id, at)
                        .map(d -> d.events().size())
                        .onFailure().recoverWithItem(e -> {
                            LOG.warnf("licence tick for customer %s failed, retried next run: %s", id, e.getMessage());
                            return 0;
                        }))
                .collect().asList()
                .map(counts -> counts.stream().mapToInt(Integer::intValue).sum()));
    }
}
