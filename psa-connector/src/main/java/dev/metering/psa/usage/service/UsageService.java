package dev.metering.psa.usage.service;

import dev.metering.contracts.ProductCode;
import dev.metering.contracts.billing.BillingEvent.ProductUsage;
import dev.metering.contracts.billing.BillingEvent.UsageSnapshot;
import dev.metering.platform.error.ApiException;
import dev.metering.psa.customer.store.CustomerDirectory;
import dev.metering.psa.usage.store.UsageStore;
import dev.metering.psa.usage.store.UsageStore.Threshold;
import dev.metering.psa.webhook.WebhookEventTypes;
import dev.metering.psa.webhook.service.WebhookService;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Takes in billing's real-time usage snapshots (stored for the daily sync) and turns a quantity that reaches a
 * partner's {@code usage.threshold} subscription into ONE webhook event per crossing: announced when the quantity
 * first reaches the threshold, not again until it has fallen below it and reaches it anew. The event id is derived
 * from (threshold, crossing), so a redelivered snapshot is sent once logically. Only the partner managing the
 * customer (as the snapshot says) has its thresholds evaluated, and only its endpoints receive them.
 */
@ApplicationScoped
public class UsageService {

    /** The {@code data} of a {@code usage.threshold} webhook. */
    public record ThresholdReached(String thresholdId, int crossing, String partnerId, String customerId,
            String customerName, String product, long threshold, long quantity, List<String> serialNumbers,
            Instant at, String snapshotId) {
    }

    private final UsageStore store;
    private final WebhookService webhooks;
    private final CustomerDirectory customers;

    public UsageService(UsageStore store, WebhookService webhooks, CustomerDirectory customers) {
        this.store = store;
        this.webhooks = webhooks;
        this.customers = customers;
    }

    /** Stores the snapshot (unless an as new one is stored) and evaluates its partner's thresholds. */
    public void apply(UsageSnapshot s) {
        if (!store.apply(s)) {
            return;
        }
        for (Threshold t : store.thresholdsFor(s.customerId(), s.partnerId())) {
            ProductUsage u = s.products().stream().filter(p -> p.product().name().equals(t.product())).findFirst()
                    .orElse(null);
            long quantity = u == null ? 0 : u.quantity();
            if (quantity >= t.threshold()) {
                int crossing = store.reached(t.id());
                if (crossing > 0) {
                    ThresholdReached data = new ThresholdReached(t.id().toString(), crossing, s.partnerId(),
                            s.customerId(), s.customerName(), t.product(), t.threshold(), quantity,
                            u == null ? List.of() : u.serialNumbers(), s.at(), s.snapshotId());
                    webhooks.enqueue(WebhookEventTypes.USAGE_THRESHOLD, WebhookEventTypes.USAGE_THRESHOLD + ":"
                            + t.id() + ":" + crossing, s.partnerId(), null, data, s.at());
                }
            } else if (t.reached()) {
                store.below(t.id());
            }
        }
    }

    /** A threshold on one of the partner's own customers (404 for another's) and a product of the platform. */
    public Threshold subscribe(String partnerId, String customerId, String product, Long threshold) {
        if (customerId == null || customerId.isBlank()) {
            throw ApiException.invalidField("customerId", "required", "customerId is required");
        }
        if (product == null || java.util.Arrays.stream(ProductCode.values()).noneMatch(p -> p.name().equals(product))) {
            throw ApiException.invalidField("product", "must be one of " + List.of(ProductCode.values()),
                    "unknown product " + product);
        }
        if (threshold == null || threshold < 1) {
            throw ApiException.invalidField("threshold", "min", "threshold must be 1 or more");
        }
        customers.require(customerId, partnerId);
        Threshold t = new Threshold(UUID.randomUUID(), partnerId, customerId, product, threshold, false, 0,
                Instant.now());
        if (!store.addThreshold(t)) {
            throw ApiException.conflict("threshold-exists", "this threshold is already subscribed");
        }
        return store.thresholdsOf(partnerId).stream().filter(x -> x.id().equals(t.id())).findFirst().orElse(t);
    }

    public List<Threshold> thresholds(String partnerId) {
        return store.thresholdsOf(partnerId);
    }

    public void unsubscribe(String partnerId, UUID id) {
        if (!store.deleteThreshold(partnerId, id)) {
            throw ApiException.notFound("usage threshold");
        }
    }
}
