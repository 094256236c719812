package dev.metering.billing.config;

import dev.metering.billing.account.BillingState;
import dev.metering.billing.invoice.CloseSchedule;
import dev.metering.billing.usage.ActivityWindow;
import dev.metering.billing.usage.UsageCache;
import dev.metering.billing.usage.UsageProjection;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The in-memory projections (one per service instance), built from config. */
public class Projections {

    @Produces
    @Singleton
    CloseSchedule closeSchedule(BillingConfig config) {
        return new CloseSchedule(config.close().dayOfMonth(), config.close().time());
    }

    @Produces
    @Singleton
    UsageProjection usageProjection(CloseSchedule schedule) {
        // Day buckets end at the close's time of day, so every close is answered exactly (R16, R22).
        return new UsageProjection(new ActivityWindow(schedule.alignmentMs()));
    }

    @Produces
    @Singleton
    BillingState billingState() {
        return new BillingState();
    }

    @Produces
    @Singleton
    UsageCache usageCache(BillingState state, UsageProjection usage) {
        return new UsageCache(state, usage);
    }
}
