package dev.metering.customer.partner;

import dev.metering.contracts.PartnerTier;

/** A partner's state: the fold of its events ({@link PartnerDecider#evolve}). */
public sealed interface PartnerState {

    /** No such partner yet. */
    record Unregistered() implements PartnerState {
    }

    /** R1–R3. {@code distributorId} is {@code DIRECT} for UK partners. */
    record Registered(String partnerId, String name, PartnerTier tier, String distributorId, String country)
            implements PartnerState {

        public boolean isFlex() {
            return tier == PartnerTier.CONNECT_FLEX;
        }

        Registered withTier(PartnerTier t) {
            return new Registered(partnerId, name, t, distributorId, country);
        }

        Registered withName(String n) {
            return new Registered(partnerId, n, tier, distributorId, country);
        }
    }
}
