package dev.metering.portal.session;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.SmallRyeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * A production portal refuses to start with the DEV signing key: whoever holds that key (it is in this
 * repository) could sign in as anyone. The dev and test profiles may use it, and so may the {@code local}
 * profile that {@code bin/platform} and docker-compose add on purpose ({@code QUARKUS_PROFILE=prod,local}).
 */
@ApplicationScoped
public class DevSignInGuard {

    public static final String LOCAL_PROFILE = "local";

    private final DevTokens devTokens;
    private final Config config;

    public DevSignInGuard(DevTokens devTokens, Config config) {
        this.devTokens = devTokens;
        this.config = config;
    }

    void check(@Observes StartupEvent event) {
        refusal(LaunchMode.current().isDevOrTest(), config.unwrap(SmallRyeConfig.class).getProfiles(),
                devTokens.enabled()).ifPresent(reason -> {
                    throw new IllegalStateException(reason);
                });
    }

    /** Why the portal must not start, or empty. Pure, so the rule is tested without starting a production app. */
    public static Optional<String> refusal(boolean devOrTest, List<String> profiles, boolean devKeyConfigured) {
        if (devKeyConfigured && !devOrTest && !profiles.contains(LOCAL_PROFILE)) {
            return Optional.of("The DEV signing key is configured (PORTAL_DEV_SIGNING_KEY) in a production run. "
                    + "Unset it and sign in through OIDC (PORTAL_OIDC_ISSUER), or, for a local run only, "
                    + "add the profile: QUARKUS_PROFILE=prod,local.");
        }
        return Optional.empty();
    }
}
