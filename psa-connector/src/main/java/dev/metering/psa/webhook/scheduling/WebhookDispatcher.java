package dev.metering.psa.webhook.scheduling;

import dev.metering.psa.webhook.service.WebhookService;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Sends due webhook deliveries (first attempts and retries) every {@code metering.psa.webhooks.poll-interval}. */
@ApplicationScoped
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);
    private final WebhookService webhooks;

    public WebhookDispatcher(WebhookService webhooks) {
        this.webhooks = webhooks;
    }

    @Scheduled(identity = "webhook-dispatch", every = "${metering.psa.webhooks.poll-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void dispatch() {
        try {
            while (webhooks.deliverDue() > 0) {
                // keep going while a full batch was due
            }
        } catch (RuntimeException e) {
            LOG.warnf("webhook dispatch failed: %s", e.getMessage());
        }
    }
}
