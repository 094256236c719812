package dev.metering.billing;

import dev.metering.billing.account.BillingState;
import dev.metering.billing.usage.ProductResolver;
import dev.metering.billing.usage.UsageProjection;
import dev.metering.contracts.CloudEvents;
import dev.metering.contracts.MeteringEvent;
import dev.metering.contracts.ProductCode;
import dev.metering.contracts.Topics;
import dev.metering.contracts.license.LicenseEvent;
import dev.metering.contracts.telemetry.TelemetryEvent;
import dev.metering.testsupport.ServiceFoundationContract;
import dev.metering.testsupport.TopicClient;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;

/**
 * The given-part the {@code @QuarkusTest}s through the real broker share (BillingFlowTest, InvoicePreviewTest):
 * the close instant S of October 2026 they bill at, a run id that keeps their partners and customers apart from
 * every other test's on the shared broker, contract events produced to the topic the upstream service publishes
 * each on (wrapped as it wraps them), and the fold's count of a customer's units at S.
 */
public abstract class ThroughTheBroker {

    /** R22: the default close instant of 2026-10. */
    public static final Instant S = Instant.parse("2026-11-01T00:00:00Z");

    @Inject
    protected UsageProjection usage;
    @Inject
    protected BillingState state;

    protected final String run = UUID.randomUUID().toString().substring(0, 8);
    protected final TopicClient topics = ServiceFoundationContract.topics();

    /** Each event to its topic: telemetry, licence or customer events, as the upstream services publish them. */
    protected void produce(MeteringEvent... events) {
        for (MeteringEvent e : events) {
            String topic = e instanceof TelemetryEvent ? Topics.TELEMETRY_HEARTBEATS
                    : e instanceof LicenseEvent ? Topics.LICENSES_EVENTS : Topics.CUSTOMERS_EVENTS;
            String id = e instanceof TelemetryEvent t ? t.eventId() : UUID.randomUUID().toString();
            topics.produce(topic, e.subject(), CloudEvents.wrap(id, "/test", e));
        }
    }

    /** The customer's units of {@code p} at S as the fold holds them now (0 before the fold knows it). */
    protected int countAtS(String customer, ProductCode p) {
        var units = usage.find(customer);
        return units == null ? 0 : units.countsAt(S.toEpochMilli(), ProductResolver.AS_REPORTED).getOrDefault(p, 0);
    }
}
