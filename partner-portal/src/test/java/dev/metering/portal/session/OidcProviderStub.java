package dev.metering.portal.session;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;

/**
 * An OpenID Connect provider in the test's JVM (WireMock), strict about the protocol's shapes: discovery, a
 * JWKS, an authorize endpoint that only answers a well-formed code request (response_type=code, the client,
 * the registered redirect URI, scope openid, state, nonce, PKCE S256) by redirecting back with a code and the
 * same state, and a token endpoint that only redeems that code with the client's Basic credentials, the same
 * redirect URI and a {@code code_verifier} whose SHA-256 is the challenge. The ID token carries the nonce of
 * the authorize request and {@link #claims}; it is signed with the key the JWKS publishes (or, when
 * {@link #rogueSigner} is set, with another key). It also stands in for customer-service's {@code /v1/me}.
 */
public class OidcProviderStub implements QuarkusTestResourceLifecycleManager {

    static final String CLIENT_ID = "portal-test-client";
    static final String CLIENT_SECRET = "s3cret/with:odd chars";
    static final String PUBLIC_URL = "https://portal.example.test";

    static WireMockServer server;
    static RsaJsonWebKey key;
    static RsaJsonWebKey rogue;
    /** The person's claims in the next ID token (besides iss, aud, sub, exp, iat, nonce). */
    static volatile Map<String, Object> claims = Map.of();
    static volatile boolean rogueSigner;
    static volatile String lastAccessToken;

    @Override
    public Map<String, String> start() {
        try {
            key = RsaJwkGenerator.generateJwk(2048);
            key.setKeyId("k1");
            rogue = RsaJwkGenerator.generateJwk(2048);
            rogue.setKeyId("k1");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        server = new WireMockServer(options().dynamicPort().extensions(new TokenEndpoint()));
        server.start();
        String issuer = issuer();
        server.stubFor(get("/realms/metering/.well-known/openid-configuration").willReturn(okJson("""
                {"issuer":"%1$s","authorization_endpoint":"%1$s/auth","token_endpoint":"%1$s/token",
                 "jwks_uri":"%1$s/certs","response_types_supported":["code"],
                 "code_challenge_methods_supported":["S256"],"id_token_signing_alg_values_supported":["RS256"]}
                """.formatted(issuer))));
        server.stubFor(get("/realms/metering/certs").willReturn(okJson(
                new JsonWebKeySet(key).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY))));
        server.stubFor(get(urlPathEqualTo("/realms/metering/auth"))
                .withQueryParam("response_type", equalTo("code"))
                .withQueryParam("client_id", equalTo(CLIENT_ID))
                .withQueryParam("redirect_uri", equalTo(PUBLIC_URL + "/sign-in/callback"))
                .withQueryParam("scope", matching("(.* )?openid( .*)?"))
                .withQueryParam("state", matching("[A-Za-z0-9_-]{16,}"))
                .withQueryParam("nonce", matching("[A-Za-z0-9_-]{16,}"))
                .withQueryParam("code_challenge", matching("[A-Za-z0-9_-]{43}"))
                .withQueryParam("code_challenge_method", equalTo("S256"))
                // the code carries the challenge and the nonce, so the token endpoint can check both statelessly
                .willReturn(aResponse().withStatus(302).withHeader("Location",
                        "{{request.query.redirect_uri}}?code={{request.query.code_challenge}}."
                                + "{{request.query.nonce}}&state={{request.query.state}}")
                        .withTransformers("response-template")));
        server.stubFor(post("/realms/metering/token")
                .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
                .willReturn(aResponse().withTransformers(TokenEndpoint.NAME)));
        Map<String, String> config = new HashMap<>();
        config.put("metering.portal.oidc.issuer", issuer);
        config.put("metering.portal.oidc.client-id", CLIENT_ID);
        config.put("metering.portal.oidc.client-secret", CLIENT_SECRET);
        config.put("metering.portal.oidc.public-url", PUBLIC_URL);
        config.put("metering.portal.oidc.claims.roles", "realm_access.roles");
        config.put("metering.portal.oidc.claims.partner", "metering/partner");
        config.put("metering.portal.services.customer", server.baseUrl());
        return config;
    }

    static String issuer() {
        return server.baseUrl() + "/realms/metering";
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** The token endpoint: redeems a code only when every part of the request is right. */
    static class TokenEndpoint implements ResponseDefinitionTransformerV2 {
        static final String NAME = "oidc-token";

        @Override
        public String getName() {
            return NAME;
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            Map<String, String> form = new HashMap<>();
            for (String pair : event.getRequest().getBodyAsString().split("&")) {
                String[] kv = pair.split("=", 2);
                form.put(decode(kv[0]), kv.length > 1 ? decode(kv[1]) : "");
            }
            String basic = "Basic " + Base64.getEncoder().encodeToString((encode(CLIENT_ID) + ":"
                    + encode(CLIENT_SECRET)).getBytes(StandardCharsets.UTF_8));
            if (!basic.equals(event.getRequest().getHeader("Authorization"))) {
                return error(401, "invalid_client");
            }
            String[] code = form.getOrDefault("code", "").split("\\.", 2);
            if (!"authorization_code".equals(form.get("grant_type")) || code.length != 2
                    || !(PUBLIC_URL + "/sign-in/callback").equals(form.get("redirect_uri"))
                    || form.get("code_verifier") == null
                    || !code[0].equals(sha256(form.get("code_verifier")))) {
                return error(400, "invalid_grant");
            }
            try {
                JwtClaims id = new JwtClaims();
                id.setIssuer(issuer());
                id.setAudience(CLIENT_ID);
                id.setSubject("person-1");
                id.setIssuedAtToNow();
                id.setExpirationTimeMinutesInTheFuture(5);
                id.setClaim("nonce", code[1]);
                claims.forEach(id::setClaim);
                JwtClaims access = JwtClaims.parse(id.toJson());
                access.setAudience("metering");
                access.unsetClaim("nonce");
                String accessToken = sign(access);
                lastAccessToken = accessToken;
                String body = "{\"access_token\":\"" + accessToken + "\",\"token_type\":\"Bearer\",\"expires_in\":300,"
                        + "\"id_token\":\"" + sign(id) + "\"}";
                return new ResponseDefinition(200, body);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private static String sign(JwtClaims claims) throws Exception {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            RsaJsonWebKey signer = rogueSigner ? rogue : key;
            jws.setKey(signer.getPrivateKey());
            jws.setKeyIdHeaderValue(signer.getKeyId());
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
            return jws.getCompactSerialization();
        }

        private static ResponseDefinition error(int status, String code) {
            return new ResponseDefinition(status, "{\"error\":\"" + code + "\"}");
        }

        private static String decode(String s) {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        }

        private static String encode(String s) {
            return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
        }
    }

    static String sha256(String s) {
        try {
            return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
