package dev.metering.portal.session;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Production sign-in: the OIDC authorization-code flow end to end over HTTP with cookies, against a provider
 * stub that refuses anything off the protocol (state, nonce, PKCE S256, client authentication, redirect URI).
 * The provider here names roles and the partner with its own claims ({@code realm_access.roles},
 * {@code metering/partner}), mapped by configuration.
 */
@QuarkusTest
@QuarkusTestResource(value = OidcProviderStub.class, restrictToAnnotatedClass = true)
class OidcSignInTest {

    static final Map<String, Object> PARTNER = Map.of("realm_access", Map.of("roles", List.of("offline", "partner")),
            "metering/partner", "p-oidc");

    record Flow(String flowCookie, URI callback) {
    }

    @AfterEach
    void reset() {
        OidcProviderStub.rogueSigner = false;
        OidcProviderStub.claims = Map.of();
    }

    @Test
    void givenAPartnerAtTheProvider_whenSigningIn_thenTheSessionHoldsItsAccessTokenAndThePagesSendIt()
            throws Exception {
        OidcProviderStub.claims = PARTNER;
        given().when().get("/sign-in").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("id=\"sign-in-oidc\""));

        Flow flow = startAndAuthorize();
        Response callback = callback(flow.callback(), flow.flowCookie());

        assertThat(callback.statusCode()).as(callback.asString()).isEqualTo(200);
        String session = callback.getCookie("metering_session");
        assertThat(session).isEqualTo(OidcProviderStub.lastAccessToken);
        String setCookie = callback.getHeaders().getValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("metering_session=")).findFirst().orElseThrow();
        assertThat(setCookie).contains("HttpOnly").containsIgnoringCase("SameSite=Strict");
        assertThat(callback.asString()).contains("http-equiv=\"refresh\"");

        // the pages call the services with this person's own token: /v1/me answers only to it
        OidcProviderStub.server.stubFor(get("/v1/me").withHeader("Authorization", equalTo("Bearer " + session))
                .willReturn(okJson("{\"subject\":\"person-1\",\"partnerId\":\"p-oidc\",\"roles\":[\"partner\"]}")));
        given().redirects().follow(false).cookie("metering_session", session).when().get("/").then()
                .statusCode(303).header("Location", org.hamcrest.Matchers.endsWith("/usage"));
    }

    @Test
    void givenAnAnswerForAnotherSignIn_whenItComesBack_thenRefusedWithoutASession() throws Exception {
        OidcProviderStub.claims = PARTNER;
        Flow flow = startAndAuthorize();
        URI forged = URI.create(flow.callback().toString().replaceAll("state=[^&]+", "state=forgedstate"));
        assertRefused(callback(forged, flow.flowCookie()), 400, "state-mismatch");
        assertRefused(callback(flow.callback(), null), 400, "no-sign-in-started");
    }

    @Test
    void givenAnIdTokenSignedWithAKeyTheProviderDoesNotPublish_whenSigningIn_thenRefused() throws Exception {
        OidcProviderStub.claims = PARTNER;
        OidcProviderStub.rogueSigner = true;
        Flow flow = startAndAuthorize();
        assertRefused(callback(flow.callback(), flow.flowCookie()), 401, "invalid-id-token");
    }

    @Test
    void givenAnIdTokenIssuedForAnotherSignIn_whenSigningIn_thenTheNonceRefusesIt() throws Exception {
        OidcProviderStub.claims = PARTNER;
        Flow flow = startAndAuthorize();
        String[] parts = flow.flowCookie().split("~");
        String otherNonce = String.join("~", parts[0], "another-sign-ins-nonce", parts[2], parts[3]);
        assertRefused(callback(flow.callback(), otherNonce), 401, "nonce-mismatch");
    }

    @Test
    void givenTheWrongPkceVerifier_whenRedeemingTheCode_thenTheProviderRefusesIt() throws Exception {
        OidcProviderStub.claims = PARTNER;
        Flow flow = startAndAuthorize();
        String[] parts = flow.flowCookie().split("~");
        String otherVerifier = String.join("~", parts[0], parts[1], "x" + parts[2].substring(1), parts[3]);
        assertRefused(callback(flow.callback(), otherVerifier), 401, "code-not-redeemed");
    }

    @Test
    void givenAPersonWithNoPortalRole_whenSigningIn_thenANamedRefusal() throws Exception {
        OidcProviderStub.claims = Map.of("realm_access", Map.of("roles", List.of("offline")));
        Flow flow = startAndAuthorize();
        assertRefused(callback(flow.callback(), flow.flowCookie()), 403, "no-portal-role");
    }

    @Test
    void givenTheProviderRefuses_whenTheBrowserComesBack_thenThePageSaysSo() throws Exception {
        Flow flow = startAndAuthorize();
        String state = flow.callback().getQuery().replaceAll(".*state=([^&]+).*", "$1");
        assertRefused(given().redirects().follow(false).cookie(OidcSignIn.FLOW_COOKIE, flow.flowCookie())
                .queryParam("error", "access_denied").queryParam("state", state).when()
                .get("/sign-in/callback"), 401, "provider-refused");
    }

    /** The portal sends the browser to the provider; the provider (the stub) sends it back with a code. */
    private static Flow startAndAuthorize() throws Exception {
        Response start = given().redirects().follow(false).when().get("/sign-in/oidc");
        assertThat(start.statusCode()).as(start.asString()).isEqualTo(303);
        String flowCookie = start.getCookie(OidcSignIn.FLOW_COOKIE);
        assertThat(flowCookie).isNotBlank();
        assertThat(start.getHeaders().getValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(OidcSignIn.FLOW_COOKIE + "=")).findFirst().orElseThrow())
                .contains("HttpOnly").containsIgnoringCase("SameSite=Lax").contains("Path=/sign-in");
        URI authorize = URI.create(start.getHeader("Location"));
        assertThat(authorize.toString()).startsWith(OidcProviderStub.issuer() + "/auth?");

        HttpResponse<String> atProvider = HttpClient.newHttpClient().send(HttpRequest.newBuilder(authorize).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(atProvider.statusCode()).as("the provider accepts the authorize request: " + atProvider.body())
                .isEqualTo(302);
        URI back = URI.create(atProvider.headers().firstValue("Location").orElseThrow());
        assertThat(back.toString()).startsWith(OidcProviderStub.PUBLIC_URL + "/sign-in/callback?code=");
        return new Flow(flowCookie, back);
    }

    private static Response callback(URI fromProvider, String flowCookie) {
        var request = given().redirects().follow(false).urlEncodingEnabled(false);
        if (flowCookie != null) {
            request.cookie(OidcSignIn.FLOW_COOKIE, flowCookie);
        }
        return request.when().get(fromProvider.getRawPath() + "?" + fromProvider.getRawQuery());
    }

    private static void assertRefused(Response answer, int status, String code) {
        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(status);
        assertThat(answer.asString()).contains("data-code=\"" + code + "\"");
        assertThat(answer.getCookie("metering_session")).as("no session").isNull();
    }
}
