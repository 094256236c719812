package dev.metering.portal.session;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.metering.portal.UpstreamServices;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = UpstreamServices.class, restrictToAnnotatedClass = true)
class SignInTest {

    @Test
    void aPageWithoutASessionSendsThePersonToSignIn() {
        given().redirects().follow(false).when().get("/usage").then().statusCode(303)
                .header("Location", containsString("/sign-in"));
        given().redirects().follow(false).when().get("/customers/c-1").then().statusCode(303);
    }

    @Test
    void devSignInIssuesAPartnerTokenInAnHttpOnlySameSiteCookie() {
        // given the test profile's dev sign-in page
        given().when().get("/sign-in").then().statusCode(200).body(containsString("id=\"sign-in-form\""));
        // when a partner signs in
        Response r = given().redirects().follow(false).formParam("role", "partner").formParam("id", "p-1")
                .when().post("/sign-in");
        // then the session cookie holds a dev token naming that partner, unreadable by scripts
        assertThat(r.statusCode()).isEqualTo(303);
        String setCookie = r.header("Set-Cookie");
        assertThat(setCookie).startsWith("metering_session=").contains("HttpOnly").containsIgnoringCase("SameSite=Strict")
                .contains("Path=/");
        String token = r.cookie("metering_session");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        assertThat(payload).contains("\"partner_id\":\"p-1\"").contains("\"partner\"")
                .contains("https://metering.dev/dev-issuer");
    }

    @Test
    void theSessionTokenIsTheBearerTokenOfTheApiCalls() {
        String token = given().redirects().follow(false).formParam("role", "distributor").formParam("id", "d-1")
                .when().post("/sign-in").cookie("metering_session");
        // the stand-in customer-service answers /v1/me with what it received: the person's own token
        given().cookie("metering_session", token).redirects().follow(false).when().get("/")
                .then().statusCode(303);
        given().header("Authorization", "Bearer " + token).when().get("/v1/me").then()
                .body("headers.authorization", equalTo("Bearer " + token));
    }

    @Test
    void badSignInFormsAreRefused() {
        given().formParam("role", "admin").formParam("id", "x").when().post("/sign-in").then().statusCode(400)
                .body(containsString("Choose partner, distributor or operator"));
        given().formParam("role", "partner").formParam("id", "").when().post("/sign-in").then().statusCode(400);
    }

    @Test
    void signOutExpiresTheCookie() {
        Response r = given().redirects().follow(false).when().post("/sign-out");
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.header("Set-Cookie")).startsWith("metering_session=;").containsIgnoringCase("Max-Age=0");
    }
}
