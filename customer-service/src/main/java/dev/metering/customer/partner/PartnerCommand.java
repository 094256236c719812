package dev.metering.customer.partner;

import java.time.Instant;

/** What may be asked of a partner. Each carries the time it is decided at (decide has no clock). */
public sealed interface PartnerCommand {

    Instant at();

    /** R1, R3: registers as CONNECT; a GB partner gets distributor DIRECT, everyone else names one. */
    record Register(String partnerId, String name, String country, String distributorId, Instant at)
            implements PartnerCommand {
    }

    /** R2: by the distributor named {@code approvingDistributorId} (from the caller's token). */
    record ApproveFlex(String approvingDistributorId, Instant at) implements PartnerCommand {
    }

    record Rename(String name, Instant at) implements PartnerCommand {
    }
}
