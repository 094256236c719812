package dev.metering.customer.hardening;

import static dev.metering.customer.TestApi.as;
import static dev.metering.customer.TestApi.customer;
import static dev.metering.customer.TestApi.registerPartner;
import static dev.metering.customer.TestApi.unique;
import static org.hamcrest.Matchers.equalTo;

import dev.metering.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 finding 8: another partner's customer answers exactly like a customer that does not exist,
 * whatever If-Match the caller guesses (a 409 concurrency-conflict would betray that it exists and its version).
 */
@QuarkusTest
class CrossTenantHintsTest {

    @Test
    void givenACustomerOfA_whenBWritesToItWithAnyIfMatch_then404LikeAnUnknownCustomer_R8() {
        // given partner A's customer at version 1
        String a = unique("a");
        String b = unique("b");
        registerPartner(a, "dist-de");
        registerPartner(b, "dist-de");
        String ofA = customer(a, "Hidden", "trial");

        // when B renames it or switches its Partner Assistance with a right or wrong If-Match
        for (String version : new String[] { "\"1\"", "\"2\"", "\"9\"" }) {
            as(TestTokens.partner(b)).header("If-Match", version).body(Map.of("name", "Mine"))
                    .put("/v1/customers/" + ofA + "/name")
                    // then it is "not found", the same answer as for an id that does not exist
                    .then().statusCode(404).body("code", equalTo("not-found"));
            as(TestTokens.partner(b)).header("If-Match", version).body(Map.of("enabled", false))
                    .put("/v1/customers/" + ofA + "/partner-assistance").then().statusCode(404)
                    .body("code", equalTo("not-found"));
            as(TestTokens.partner(b)).header("If-Match", version).body(Map.of("name", "Mine"))
                    .put("/v1/customers/" + unique("nobody") + "/name").then().statusCode(404)
                    .body("code", equalTo("not-found"));
        }
        // and A itself still gets the honest 409 for a stale version
        as(TestTokens.partner(a)).header("If-Match", "\"9\"").body(Map.of("name", "Renamed"))
                .put("/v1/customers/" + ofA + "/name").then().statusCode(409)
                .body("code", equalTo("concurrency-conflict"));
    }
}
