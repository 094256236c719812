package dev.metering.testsupport;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.util.KeyUtils;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;

/**
 * Mints bearer tokens signed with the DEV key pair (private key in this module only; the public key is
 * trusted by the services' {@code %dev} and {@code %test} profiles and never by {@code prod}).
 *
 * <p>From a shell: {@code ./mvnw -q -pl test-support exec:java -Dexec.args="partner p-1"}
 * (role, then partner or distributor id).
 */
public final class TestTokens {

    public static final String ISSUER = "https://metering.dev/dev-issuer";
    private static final String PRIVATE_KEY = "dev-jwt/dev-jwt-private.pem";
    private static volatile PrivateKey key;

    private TestTokens() {
    }

    public static String partner(String partnerId) {
        return token("user-of-" + partnerId, partnerId, null, "partner");
    }

    public static String distributor(String distributorId) {
        return token("user-of-" + distributorId, null, distributorId, "distributor");
    }

    public static String operator() {
        return token("operator-1", null, null, "operator");
    }

    public static String token(String subject, String partnerId, String distributorId, String... roles) {
        JwtClaimsBuilder claims = Jwt.issuer(ISSUER).subject(subject).upn(subject)
                .groups(new HashSet<>(Arrays.asList(roles))).expiresIn(Duration.ofHours(12));
        if (partnerId != null) {
            claims.claim("partner_id", partnerId);
        }
        if (distributorId != null) {
            claims.claim("distributor_id", distributorId);
        }
        return claims.jws().keyId("dev").sign(privateKey());
    }

    private static PrivateKey privateKey() {
        if (key == null) {
            try {
                key = KeyUtils.readPrivateKey(PRIVATE_KEY);
            } catch (Exception e) {
                throw new IllegalStateException("cannot read " + PRIVATE_KEY, e);
            }
        }
        return key;
    }

    /** {@code role [partnerId|distributorId]}: prints a 12-hour dev token. */
    public static void main(String[] args) {
        String role = args.length > 0 ? args[0] : "partner";
        String id = args.length > 1 ? args[1] : null;
        String token = switch (role) {
            case "partner" -> partner(id == null ? "partner-1" : id);
            case "distributor" -> distributor(id == null ? "distributor-1" : id);
            case "operator" -> operator();
            default -> throw new IllegalArgumentException("role must be partner, distributor or operator");
        };
        System.out.println(token);
    }
}
