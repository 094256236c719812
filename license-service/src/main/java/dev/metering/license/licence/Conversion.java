package dev.metering.license.licence;

import dev.metering.contracts.BillingType;
import java.time.Instant;

/** One billing conversion recorded on the licence side (R4, R9, R14), effective at {@code effectiveAt}. */
public record Conversion(BillingType from, BillingType to, Instant effectiveAt) {
}
