package dev.metering.portal.api;

import dev.metering.portal.config.PortalConfig;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.net.URI;

/** The services' API clients, built from {@link PortalConfig}'s URLs. No client holds a token of its own. */
@ApplicationScoped
public class Apis {

    private final PortalConfig config;

    public Apis(PortalConfig config) {
        this.config = config;
    }

    @Produces
    @ApplicationScoped
    CustomerApi customerApi() {
        return build(config.services().customer(), CustomerApi.class);
    }

    @Produces
    @ApplicationScoped
    LicenseApi licenseApi() {
        return build(config.services().license(), LicenseApi.class);
    }

    @Produces
    @ApplicationScoped
    BillingApi billingApi() {
        return build(config.services().billing(), BillingApi.class);
    }

    @Produces
    @ApplicationScoped
    PartnerBillingApi partnerBillingApi() {
        return build(config.services().billing(), PartnerBillingApi.class);
    }

    private static <T> T build(String url, Class<T> api) {
        return QuarkusRestClientBuilder.newBuilder().baseUri(URI.create(url)).build(api);
    }
}
