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

    Oidc oidc();

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

    /**
     * Production sign-in: the OpenID Connect authorization-code flow (with state, nonce and PKCE S256) against
     * any provider. Enabled when {@link #issuer()} is set; the provider's discovery document names its endpoints.
     * The session cookie then holds the person's access token, which the pages pass to the services (they must
     * trust the provider's keys: {@code MP_JWT_VERIFY_PUBLICKEY_LOCATION} = its JWKS URL).
     */
    interface Oidc {
        /** The provider's issuer URL; its discovery document is {@code <issuer>/.well-known/openid-configuration}. */
        Optional<String> issuer();

        @WithDefault("partner-portal")
        String clientId();

        /** Sent with HTTP Basic to the token endpoint; absent for a public client (PKCE only). */
        Optional<String> clientSecret();

        /** The portal's own external URL (e.g. {@code https://portal.example.com}); the callback is below it. */
        @WithDefault("http://localhost:8085")
        String publicUrl();

        @WithDefault("openid profile")
        String scopes();

        /** How long a started sign-in may take at the provider before its state expires. */
        @WithDefault("10m")
        Duration flowTimeout();

        Claims claims();

        /** Which ID-token claims say who the person is; the names differ between providers. */
        interface Claims {
            /** The claim with the person's roles (a list or a space-separated string); dots walk nested objects. */
            @WithDefault("groups")
            String roles();

            @WithDefault("partner_id")
            String partner();

            @WithDefault("distributor_id")
            String distributor();

            /** The role values that mean partner, distributor and operator in the provider's roles claim. */
            @WithDefault("partner")
            String partnerRole();

            @WithDefault("distributor")
            String distributorRole();

            @WithDefault("operator")
            String operatorRole();
        }
    }
}
