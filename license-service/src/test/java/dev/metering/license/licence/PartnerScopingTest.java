package dev.metering.license.licence;

import static dev.metering.license.LicenceTestApi.as;
import static dev.metering.license.LicenceTestApi.knownCustomer;
import static dev.metering.license.LicenceTestApi.unique;
import static dev.metering.testsupport.Waits.await;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import dev.metering.contracts.BillingType;
import dev.metering.contracts.customer.CustomerEvent.CustomerMigrated;
import dev.metering.license.LicenceTestApi;
import dev.metering.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every route answers only for the caller's partner; another partner's customer is 404, never its data. */
@QuarkusTest
class PartnerScopingTest {

    @Test
    void anotherPartnersCustomerIsNotFoundOnEveryRoute() {
        String a = unique("pa");
        String b = unique("pb");
        String c = knownCustomer(a, BillingType.MONTHLY);
        String lic = unique("LIC");
        as(a).body(Map.of("product", "ENDPOINT_ADVANCED")).put("/v1/customers/" + c + "/monthly-licenses/endpoint")
                .then().statusCode(200);

        String base = "/v1/customers/" + c;
        as(b).get(base + "/licenses").then().statusCode(404).body("code", equalTo("customer-not-found"))
                .body("message", not(containsString(a)));
        as(b).get(base + "/licenses/" + lic).then().statusCode(404);
        as(b).get(base + "/monthly-licenses").then().statusCode(404);
        as(b).get(base + "/firewalls").then().statusCode(404);
        as(b).get(base + "/license-overview").then().statusCode(404);
        as(b).body(LicenceApiTest.termLicence(lic, "PARTNER")).post(base + "/licenses").then().statusCode(404);
        as(b).body(Map.of("product", "ENDPOINT_STANDARD")).put(base + "/monthly-licenses/endpoint").then()
                .statusCode(404);
        as(b).body(Map.of()).post(base + "/conversions/monthly").then().statusCode(404);
        as(b).body(Map.of("sku", "XG-FLEX-EG-MONTHLY-0", "firmwareVersion", "SFOS 21.0"))
                .put(base + "/firewalls/C01001SCOPE1").then().statusCode(404);
        as(b).get("/v1/licenses").then().statusCode(200).body("items", hasSize(0));
        as(b).get("/v1/license-overview").then().statusCode(200).body("totals.customers", equalTo(0));
        // and the owner still sees it
        as(a).get(base + "/monthly-licenses").then().statusCode(200).body("selections.ENDPOINT",
                equalTo("ENDPOINT_ADVANCED"));
    }

    @Test
    void routesNeedAPartnerToken() {
        given().get("/v1/licenses").then().statusCode(401).body("code", equalTo("unauthenticated"));
        given().auth().oauth2(TestTokens.distributor("d-1")).get("/v1/licenses").then().statusCode(403);
    }

    @Test
    void afterAMigrationTheNewPartnerSeesTheCustomerAndTheOldOneDoesNot_R8() {
        String from = unique("pa");
        String to = unique("pb");
        String c = knownCustomer(from, BillingType.TERM);
        as(from).body(LicenceApiTest.termLicence(unique("LIC"), "CUSTOMER")).post("/v1/customers/" + c + "/licenses")
                .then().statusCode(201);

        LicenceTestApi.publish(new CustomerMigrated(c, to, "mig-1", from, Instant.now(), Instant.now()));
        await("migration consumed", () -> to.equals(LicenceTestApi.string(
                "select partner_id from customers where customer_id = ?", c)));

        as(to).get("/v1/customers/" + c + "/licenses").then().statusCode(200).body("items", hasSize(1));
        as(from).get("/v1/customers/" + c + "/licenses").then().statusCode(404);
        as(from).get("/v1/licenses").then().body("items", hasSize(0));
    }
}
