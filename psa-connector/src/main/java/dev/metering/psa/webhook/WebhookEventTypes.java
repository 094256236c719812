package dev.metering.psa.webhook;

import java.util.Set;

/** The event types an endpoint can subscribe to. */
public final class WebhookEventTypes {

    public static final String INVOICE_ISSUED = "invoice.issued";
    public static final String ADJUSTMENT_ISSUED = "adjustment.issued";
    public static final Set<String> ALL = Set.of(INVOICE_ISSUED, ADJUSTMENT_ISSUED);

    private WebhookEventTypes() {
    }
}
