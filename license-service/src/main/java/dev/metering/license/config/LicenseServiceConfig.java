package dev.metering.license.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Typed configuration of license-service ({@code metering.license.*}). */
@ConfigMapping(prefix = "metering.license")
public interface LicenseServiceConfig {

    /** CloudEvents {@code source} of every event this service publishes. */
    @WithDefault("/license-service")
    String eventSource();

    /** How often the scheduler looks for due expiries and conversions (read by its {@code @Scheduled}). */
    @WithDefault("60s")
    String dueInterval();

    /** How many due customers one scheduler run processes at most. */
    @WithDefault("100")
    int dueBatchSize();

    @WithDefault("50")
    int defaultPageSize();

    @WithDefault("200")
    int maxPageSize();
}
