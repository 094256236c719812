package dev.metering.psa.webhook;

import java.util.Set;

/** The event types an endpoint can subscribe to. */
public final class WebhookEventTypes {

    public static final String INVOICE_ISSUED = "invoice.issued";
    public static final String ADJUSTMENT_ISSUED = "adjustment.issued";
    /** A customer's real-time quantity of a product reached a threshold the partner subscribed to. */
    public static final String USAGE_THRESHOLD = "usage.threshold";
    public static final Set<String> ALL = Set.of(INVOICE_ISSUED, ADJUSTMENT_ISSUED, USAGE_THRESHOLD);

    private WebhookEventTypes() {
    }
}
