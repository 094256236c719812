package dev.metering.customer.partner;

import dev.metering.contracts.PartnerTier;

/** A partner as the API shows it; {@code version} is its stream version (the HTTP ETag). */
public record PartnerView(String id, String name, PartnerTier tier, String distributorId, String country,
        int version) {

    public static PartnerView of(PartnerState.Registered p, int version) {
        return new PartnerView(p.partnerId(), p.name(), p.tier(), p.distributorId(), p.country(), version);
    }
}
