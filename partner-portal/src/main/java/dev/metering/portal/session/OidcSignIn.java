package dev.metering.portal.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metering.portal.config.PortalConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import org.jboss.logging.Logger;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;

/**
 * Production sign-in: the OpenID Connect authorization-code flow against any provider (quarkus-oidc is not
 * served at this platform's Quarkus version; see docs/architecture.md). {@link #start()} sends the person to
 * the provider with a fresh state, nonce and PKCE S256 challenge, remembered in a short-lived HttpOnly cookie;
 * {@link #finish} checks the state, redeems the code with the PKCE verifier, verifies the ID token (signature
 * against the provider's JWKS, issuer, audience, expiry, nonce) and maps its claims to a role. The person's
 * access token becomes the session: the pages pass it, never a token of the portal's own, to the services.
 */
@ApplicationScoped
public class OidcSignIn {

    private static final Logger LOG = Logger.getLogger(OidcSignIn.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    public static final String CALLBACK_PATH = "/sign-in/callback";
    /** The cookie that carries a started sign-in's state, nonce and PKCE verifier to the callback. */
    public static final String FLOW_COOKIE = "metering_oidc_flow";

    /** Where to send the browser, and the value of the flow cookie that must come back with the callback. */
    public record Start(URI authorize, String flowCookie) {
    }

    /** The signed-in person and the bearer token the pages use for them. */
    public record SignedInPerson(SignInClaims.Person person, String accessToken) {
    }

    /** Why a sign-in was refused; {@code code} is machine-readable, {@code status} the page's HTTP status. */
    public static class Refused extends RuntimeException {
        private final int status;
        private final String code;

        public Refused(int status, String code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }

        public int status() {
            return status;
        }

        public String code() {
            return code;
        }
    }

    record Provider(String issuer, URI authorization, URI token, URI jwks, JwtConsumer idTokens) {
    }

    private final PortalConfig.Oidc config;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private volatile Provider provider;

    public OidcSignIn(PortalConfig config, ObjectMapper json) {
        this.config = config.oidc();
        this.json = json;
    }

    public boolean enabled() {
        return config.issuer().filter(s -> !s.isBlank()).isPresent();
    }

    public String callbackUri() {
        return config.publicUrl().replaceAll("/+$", "") + CALLBACK_PATH;
    }

    public Start start() {
        Provider p = provider();
        String state = random();
        String nonce = random();
        String verifier = random() + random();
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", config.clientId());
        query.put("redirect_uri", callbackUri());
        query.put("scope", config.scopes());
        query.put("state", state);
        query.put("nonce", nonce);
        query.put("code_challenge", challenge(verifier));
        query.put("code_challenge_method", "S256");
        long expires = Instant.now().plus(config.flowTimeout()).getEpochSecond();
        return new Start(URI.create(p.authorization() + (p.authorization().getRawQuery() == null ? "?" : "&")
                + form(query)), String.join("~", state, nonce, verifier, Long.toString(expires)));
    }

    /** The callback: {@code code} and {@code state} from the provider, {@code flowCookie} from {@link #start()}. */
    public SignedInPerson finish(String code, String state, String error, String flowCookie) {
        String[] flow = flowCookie == null ? new String[0] : flowCookie.split("~");
        if (flow.length != 4) {
            throw new Refused(400, "no-sign-in-started", "No sign-in was started in this browser, or it expired.");
        }
        if (state == null || !MessageDigest.isEqual(flow[0].getBytes(StandardCharsets.US_ASCII),
                state.getBytes(StandardCharsets.US_ASCII))) {
            throw new Refused(400, "state-mismatch", "The sign-in answer does not belong to this browser's sign-in.");
        }
        if (Instant.now().getEpochSecond() > Long.parseLong(flow[3])) {
            throw new Refused(400, "sign-in-expired", "The sign-in took too long; start again.");
        }
        if (error != null && !error.isBlank()) {
            throw new Refused(401, "provider-refused", "The identity provider refused the sign-in ("
                    + error.replaceAll("[^A-Za-z0-9_.-]", "") + ").");
        }
        if (code == null || code.isBlank()) {
            throw new Refused(400, "no-code", "The identity provider sent no authorization code.");
        }
        Provider p = provider();
        JsonNode tokens = redeem(p, code, flow[2]);
        String idToken = tokens.path("id_token").asText("");
        String accessToken = tokens.path("access_token").asText("");
        if (idToken.isEmpty() || accessToken.isEmpty()
                || !"bearer".equalsIgnoreCase(tokens.path("token_type").asText(""))) {
            throw new Refused(502, "bad-token-response", "The identity provider's token answer lacks an ID token "
                    + "or a bearer access token.");
        }
        JwtClaims claims;
        try {
            claims = p.idTokens().processToClaims(idToken);
        } catch (InvalidJwtException e) {
            LOG.warnf("an ID token was refused: %s", e.getErrorDetails().isEmpty() ? "invalid"
                    : e.getErrorDetails().get(0).getErrorMessage());
            throw new Refused(401, "invalid-id-token", "The identity provider's ID token did not verify.");
        }
        Object nonce = claims.getClaimValue("nonce");
        if (!(nonce instanceof String n) || !MessageDigest.isEqual(n.getBytes(StandardCharsets.US_ASCII),
                flow[1].getBytes(StandardCharsets.US_ASCII))) {
            throw new Refused(401, "nonce-mismatch", "The ID token was not issued for this sign-in.");
        }
        PortalConfig.Oidc.Claims c = config.claims();
        SignInClaims.Person person = SignInClaims.person(claims.getClaimsMap(), new SignInClaims.Names(c.roles(),
                c.partner(), c.distributor(), c.partnerRole(), c.distributorRole(), c.operatorRole()))
                .orElseThrow(() -> new Refused(403, "no-portal-role", "Your account is neither a partner, a "
                        + "distributor nor an operator of this platform (or names no partner or distributor)."));
        return new SignedInPerson(person, accessToken);
    }

    private JsonNode redeem(Provider p, String code, String verifier) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("grant_type", "authorization_code");
        body.put("code", code);
        body.put("redirect_uri", callbackUri());
        body.put("code_verifier", verifier);
        HttpRequest.Builder request = HttpRequest.newBuilder(p.token()).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json");
        Optional<String> secret = config.clientSecret().filter(s -> !s.isBlank());
        if (secret.isPresent()) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (urlEncode(config.clientId()) + ":" + urlEncode(secret.get())).getBytes(StandardCharsets.UTF_8)));
        } else {
            body.put("client_id", config.clientId());
        }
        HttpResponse<String> answer = send(request.POST(HttpRequest.BodyPublishers.ofString(form(body))).build());
        if (answer.statusCode() != 200) {
            LOG.warnf("the token endpoint answered HTTP %d", answer.statusCode());
            throw new Refused(401, "code-not-redeemed", "The identity provider did not accept the sign-in code.");
        }
        return parse(answer.body());
    }

    private Provider provider() {
        Provider p = provider;
        if (p == null) {
            p = discover();
            provider = p;
        }
        return p;
    }

    private Provider discover() {
        String issuer = config.issuer().orElseThrow(() -> new IllegalStateException("OIDC is not configured"));
        URI discovery = URI.create(issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration");
        HttpResponse<String> answer = send(HttpRequest.newBuilder(discovery).timeout(Duration.ofSeconds(10))
                .header("Accept", "application/json").GET().build());
        if (answer.statusCode() != 200) {
            throw new Refused(502, "provider-unavailable", "The identity provider's discovery document is "
                    + "unavailable (HTTP " + answer.statusCode() + ").");
        }
        JsonNode doc = parse(answer.body());
        if (!issuer.equals(doc.path("issuer").asText())) {
            throw new Refused(502, "issuer-mismatch", "The identity provider's discovery document names another "
                    + "issuer than the one configured.");
        }
        URI jwks = URI.create(required(doc, "jwks_uri"));
        JwtConsumer idTokens = new JwtConsumerBuilder().setRequireExpirationTime().setRequireIssuedAt()
                .setRequireSubject().setAllowedClockSkewInSeconds(60).setExpectedIssuer(issuer)
                .setExpectedAudience(config.clientId())
                .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(new HttpsJwks(jwks.toString())))
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.RSA_USING_SHA256, AlgorithmIdentifiers.RSA_USING_SHA384,
                        AlgorithmIdentifiers.RSA_USING_SHA512, AlgorithmIdentifiers.RSA_PSS_USING_SHA256,
                        AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256,
                        AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384)
                .build();
        return new Provider(issuer, URI.create(required(doc, "authorization_endpoint")),
                URI.create(required(doc, "token_endpoint")), jwks, idTokens);
    }

    private static String required(JsonNode doc, String field) {
        String value = doc.path(field).asText("");
        if (value.isBlank()) {
            throw new Refused(502, "bad-discovery-document", "The identity provider's discovery document lacks "
                    + field + ".");
        }
        return value;
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Refused(502, "provider-unavailable", "The identity provider did not answer.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused(502, "provider-unavailable", "Interrupted while calling the identity provider.");
        }
    }

    private JsonNode parse(String body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new Refused(502, "bad-provider-answer", "The identity provider answered with something that is "
                    + "not JSON.");
        }
    }

    static String challenge(String verifier) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String random() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String form(Map<String, String> values) {
        StringJoiner joined = new StringJoiner("&");
        values.forEach((k, v) -> joined.add(urlEncode(k) + "=" + urlEncode(v)));
        return joined.toString();
    }

    private static String urlEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
