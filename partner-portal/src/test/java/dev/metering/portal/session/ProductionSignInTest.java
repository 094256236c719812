package dev.metering.portal.session;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import dev.metering.portal.UpstreamServices;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Without the dev key's location (production), nobody can get a dev token from the portal. */
@QuarkusTest
@QuarkusTestResource(value = UpstreamServices.class, restrictToAnnotatedClass = true)
@TestProfile(ProductionSignInTest.NoDevKey.class)
class ProductionSignInTest {

    public static class NoDevKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("metering.portal.dev-sign-in.private-key-location", "");
        }
    }

    @Test
    void theDevSignInIsAbsent() {
        given().when().get("/sign-in").then().statusCode(404).body(not(containsString("sign-in-form")));
        given().redirects().follow(false).formParam("role", "operator").when().post("/sign-in").then()
                .statusCode(404).header("Set-Cookie", (String) null);
    }
}
