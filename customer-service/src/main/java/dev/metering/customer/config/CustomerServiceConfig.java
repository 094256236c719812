package dev.metering.customer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** customer-service settings ({@code metering.customer.*}). */
@ConfigMapping(prefix = "metering.customer")
public interface CustomerServiceConfig {

    /** CloudEvents {@code source} of every event this service publishes. */
    @WithDefault("/customer-service")
    String eventSource();

    /** The tenants API's {@code apiHost}; {@code {region}} is replaced by the tenant's data region. */
    @WithDefault("https://api-{region}.metering.dev")
    String apiHostTemplate();

    /** Page size when the caller names none. */
    @WithDefault("50")
    int defaultPageSize();

    /** The largest page a caller may ask for (the tenants API's {@code pages.maxSize}). */
    @WithDefault("100")
    int maxPageSize();
}
