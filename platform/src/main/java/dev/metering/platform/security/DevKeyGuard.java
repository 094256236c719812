package dev.metering.platform.security;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.SmallRyeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * A production service refuses to start when it would trust the DEV key pair: its private half is in this
 * repository, so anyone could mint an operator's token. The dev and test profiles trust it, and so does the
 * {@code local} profile that {@code bin/platform} and docker-compose add on purpose ({@code QUARKUS_PROFILE=prod,local}).
 * The verification key is read from {@code mp.jwt.verify.publickey} or {@code mp.jwt.verify.publickey.location}
 * (a file or a class-path resource; a JWKS URL is never the dev key).
 */
@ApplicationScoped
public class DevKeyGuard {

    public static final String LOCAL_PROFILE = "local";
    static final String DEV_PUBLIC_KEY = "META-INF/metering/dev-jwt-public.pem";

    private final Config config;

    public DevKeyGuard(Config config) {
        this.config = config;
    }

    void check(@Observes StartupEvent event) {
        String key = config.getOptionalValue("mp.jwt.verify.publickey", String.class)
                .orElseGet(() -> config.getOptionalValue("mp.jwt.verify.publickey.location", String.class)
                        .map(DevKeyGuard::read).orElse(null));
        refusal(LaunchMode.current().isDevOrTest(), config.unwrap(SmallRyeConfig.class).getProfiles(), key)
                .ifPresent(reason -> {
                    throw new IllegalStateException(reason);
                });
    }

    /** Why the service must not start, or empty. Pure, so the rule is tested without a production start. */
    public static Optional<String> refusal(boolean devOrTest, List<String> profiles, String verificationKey) {
        if (devOrTest || profiles.contains(LOCAL_PROFILE) || verificationKey == null
                || !keyMaterial(verificationKey).equals(keyMaterial(devPublicKey()))) {
            return Optional.empty();
        }
        return Optional.of("This production run trusts the DEV public key (MP_JWT_VERIFY_PUBLICKEY_LOCATION): anyone "
                + "holding the repository's dev private key could act as any partner or operator. Set the public key "
                + "of your token issuer, or, for a local run only, add the profile: QUARKUS_PROFILE=prod,local.");
    }

    /** The base64 body of a PEM (or a bare base64 key): headers, footers and white space removed. */
    static String keyMaterial(String pem) {
        return pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    }

    static String devPublicKey() {
        try (InputStream in = DevKeyGuard.class.getClassLoader().getResourceAsStream(DEV_PUBLIC_KEY)) {
            if (in == null) {
                throw new IllegalStateException("the platform jar lacks " + DEV_PUBLIC_KEY);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The key at a location: a file, or a class-path resource; null for a URL or nothing readable. */
    static String read(String location) {
        if (location.startsWith("http://") || location.startsWith("https://")) {
            return null;
        }
        String path = location.startsWith("file:") ? location.substring(5) : location;
        try {
            Path file = Path.of(path);
            if (Files.isRegularFile(file)) {
                return Files.readString(file, StandardCharsets.US_ASCII);
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        String resource = path.startsWith("classpath:") ? path.substring(10) : path;
        try (InputStream in = DevKeyGuard.class.getClassLoader().getResourceAsStream(resource.startsWith("/")
                ? resource.substring(1) : resource)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return null;
        }
    }
}
