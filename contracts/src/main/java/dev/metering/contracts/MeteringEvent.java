package dev.metering.contracts;

import dev.metering.contracts.billing.BillingEvent;
import dev.metering.contracts.customer.CustomerEvent;
import dev.metering.contracts.customer.PartnerEvent;
import dev.metering.contracts.license.LicenseEvent;
import dev.metering.contracts.telemetry.TelemetryEvent;
import java.time.Instant;

/**
 * Every event that crosses a service boundary. Each one is a record annotated with {@link EventType}
 * and carries the id of the thing it is about ({@link #subject()}, also the Kafka key) and when it
 * happened. Events are grouped by the sealed interfaces listed in {@link #GROUPS} (one per package:
 * Java allows a sealed hierarchy to span packages only inside a named module).
 */
public interface MeteringEvent {

    /** The sealed event groups; every concrete event is a record below one of them. */
    java.util.List<Class<? extends MeteringEvent>> GROUPS = java.util.List.of(TelemetryEvent.class, PartnerEvent.class,
            CustomerEvent.class, LicenseEvent.class, BillingEvent.class);

    /** The aggregate/stream this event is about: the Kafka key and the CloudEvents {@code subject}. */
    String subject();

    /** When it happened in the domain (for heartbeats: on the device). */
    Instant occurredAt();
}
