package dev.metering.contracts;

import java.util.List;
import java.util.regex.Pattern;

/** The one place that names every Kafka topic of the platform. */
public final class Topics {
    /** Heartbeats produced by gateways that already speak Kafka; validated by telemetry-ingest. */
    public static final String TELEMETRY_HEARTBEATS_RAW = "telemetry.heartbeats.raw";
    /** Validated, normalised heartbeats (CloudEvents, key = customer id). Retention: at least 35 days. */
    public static final String TELEMETRY_HEARTBEATS = "telemetry.heartbeats";
    /** Dead letters: rejected raw records with reason, original payload and source offset. */
    public static final String TELEMETRY_REJECTED = "telemetry.rejected";
    /** Partner and customer events from customer-service (key = customer id, partner events = partner id). */
    public static final String CUSTOMERS_EVENTS = "customers.events";
    /** Licence events from license-service (key = customer id). */
    public static final String LICENSES_EVENTS = "licenses.events";
    /**
     * Real-time usage snapshots per customer from billing-service (key = customer id; the latest per key is
     * what counts, so the topic is compacted). Read by psa-connector (daily sync, usage-threshold webhooks).
     */
    public static final String BILLING_USAGE = "billing.usage";
    /** Prefix of the per-distributor invoice topics; see {@link #invoicesFor(String)}. */
    public static final String BILLING_INVOICES_PREFIX = "billing.invoices.";

    private static final Pattern DISTRIBUTOR_ID = Pattern.compile("[A-Za-z0-9_-]{1,100}");

    private Topics() {
    }

    /**
     * One topic per distributor, so a distributor's Kafka ACL can be a literal READ grant on its own
     * topic and it can never consume another distributor's invoices.
     */
    public static String invoicesFor(String distributorId) {
        if (distributorId == null || !DISTRIBUTOR_ID.matcher(distributorId).matches()) {
            throw new IllegalArgumentException("distributor id must match " + DISTRIBUTOR_ID + ": " + distributorId);
        }
        return BILLING_INVOICES_PREFIX + distributorId;
    }

    public static List<String> fixedTopics() {
        return List.of(TELEMETRY_HEARTBEATS_RAW, TELEMETRY_HEARTBEATS, TELEMETRY_REJECTED, CUSTOMERS_EVENTS,
                LICENSES_EVENTS, BILLING_USAGE);
    }
}
