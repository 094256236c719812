package dev.metering.portal.session;

import dev.metering.portal.config.PortalConfig;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.util.KeyUtils;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Optional;
import java.util.Set;

/**
 * Dev/test only: issues the same tokens as {@code bin/platform token} (signed with the DEV key, trusted only
 * by services that were told to trust it). Absent unless {@code metering.portal.dev-sign-in.private-key-location}
 * is set.
 */
@ApplicationScoped
public class DevTokens {

    public enum Role {
        PARTNER, DISTRIBUTOR, OPERATOR
    }

    private final PortalConfig config;
    private volatile PrivateKey key;

    public DevTokens(PortalConfig config) {
        this.config = config;
    }

    public boolean enabled() {
        return config.devSignIn().privateKeyLocation().filter(s -> !s.isBlank()).isPresent();
    }

    /** A 12-hour token; {@code id} names the partner or distributor (ignored for operators). */
    public String issue(Role role, String id) {
        String subject = role == Role.OPERATOR ? "operator-1" : "user-of-" + id;
        JwtClaimsBuilder claims = Jwt.issuer(config.devSignIn().issuer()).subject(subject).upn(subject)
                .groups(Set.of(role.name().toLowerCase(java.util.Locale.ROOT)))
                .expiresIn(config.session().maxAge());
        if (role == Role.PARTNER) {
            claims.claim("partner_id", id);
        } else if (role == Role.DISTRIBUTOR) {
            claims.claim("distributor_id", id);
        }
        return claims.jws().keyId("dev").sign(key());
    }

    private PrivateKey key() {
        if (key == null) {
            Optional<String> location = config.devSignIn().privateKeyLocation().filter(s -> !s.isBlank());
            if (location.isEmpty()) {
                throw new IllegalStateException("dev sign-in is not enabled");
            }
            try {
                key = KeyUtils.decodePrivateKey(Files.readString(Path.of(location.get())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException("cannot read the dev signing key", e);
            }
        }
        return key;
    }
}
