package dev.metering.contracts.customer;

import dev.metering.contracts.EventType;
import dev.metering.contracts.MeteringEvent;
import dev.metering.contracts.PartnerTier;
import java.time.Instant;

/** Partner-level events on {@code customers.events}, keyed by partner id (R1–R3). */
public sealed interface PartnerEvent extends MeteringEvent {

    String partnerId();

    @Override
    default String subject() {
        return partnerId();
    }

    /**
     * R3: {@code distributorId} is {@code DIRECT} for partners in the United Kingdom, who buy from the
     * vendor directly. {@code country} is an ISO 3166-1 alpha-2 code.
     */
    @EventType("metering.partner.v1.registered")
    record PartnerRegistered(String partnerId, String name, PartnerTier tier, String distributorId, String country,
            Instant occurredAt) implements PartnerEvent {
    }

    /** R2: only the partner's distributor approves Flex; afterwards the tier is CONNECT_FLEX. */
    @EventType("metering.partner.v1.flex-approved")
    record PartnerFlexApproved(String partnerId, String distributorId, PartnerTier tier, Instant occurredAt)
            implements PartnerEvent {
    }

    @EventType("metering.partner.v1.renamed")
    record PartnerRenamed(String partnerId, String name, Instant occurredAt) implements PartnerEvent {
    }
}
