package dev.metering.portal.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The portal's configuration: where the services are, the session cookie, and the dev-only sign-in. */
@ConfigMapping(prefix = "metering.portal")
public interface PortalConfig {

    Services services();

    Session session();

    DevSignIn devSignIn();

    /** Base URLs of the services whose public APIs the pages call and the edge forwards to. */
    interface Services {
        String customer();

        String license();

        String billing();

        String ingest();

        /** psa-connector: PSA connections, sync, webhooks ({@code /v1/psa/**}, {@code /v1/webhooks/**}). */
        String psa();
    }

    interface Session {
        /** The cookie that holds the signed-in person's bearer token (HttpOnly, SameSite=Strict). */
        @WithDefault("metering_session")
        String cookieName();

        /** Send the cookie over HTTPS only; true in production, false for the local HTTP run. */
        @WithDefault("true")
        boolean secure();

        @WithDefault("12h")
        Duration maxAge();
    }

    /**
     * Dev/test sign-in: a page that issues tokens signed with the DEV key. Enabled only when the private key's
     * location is set (the {@code dev} and {@code test} profiles, and {@code bin/platform}); production never
     * sets it, and the services' production profile never trusts the dev public key anyway.
     */
    interface DevSignIn {
        Optional<String> privateKeyLocation();

        @WithDefault("https://metering.dev/dev-issuer")
        String issuer();
    }
}
