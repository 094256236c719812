package dev.metering.customer.managed;

import static dev.metering.customer.TestApi.as;
import static dev.metering.customer.TestApi.customer;
import static dev.metering.customer.TestApi.registerPartner;
import static dev.metering.customer.TestApi.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.metering.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Partner B can neither read, list, rename nor migrate partner A's customers: 404, never A's data. */
@QuarkusTest
class PartnerScopingTest {

    String a;
    String b;
    String customerOfA;

    @BeforeEach
    void twoPartners() {
        a = unique("a");
        b = unique("b");
        registerPartner(a, "dist-de");
        registerPartner(b, "dist-de");
        customerOfA = customer(a, "Secret Customer of A", "trial");
    }

    @Test
    void partnerBCannotReadAsCustomer() {
        as(TestTokens.partner(b)).get("/v1/customers/" + customerOfA).then().statusCode(404)
                .body("code", equalTo("not-found")).body("name", nullValue());
        as(TestTokens.partner(b)).header("X-Partner-ID", b).get("/partner/v1/tenants/" + customerOfA).then()
                .statusCode(404).body("code", equalTo("not-found"));
        as(TestTokens.partner(b)).get("/v1/customers/" + customerOfA + "/history").then().statusCode(404);
        as(TestTokens.partner(b)).get("/v1/customers/" + customerOfA + "/ingest-keys").then().statusCode(404);
        // A itself can
        as(TestTokens.partner(a)).get("/v1/customers/" + customerOfA).then().statusCode(200)
                .body("name", equalTo("Secret Customer of A"));
    }

    @Test
    void partnerBCannotListAsCustomers() {
        as(TestTokens.partner(b)).get("/v1/customers").then().statusCode(200)
                .body("items.id", not(hasItem(customerOfA)));
        as(TestTokens.partner(b)).queryParam("name", "Secret").get("/v1/customers").then().statusCode(200)
                .body("items.id", not(hasItem(customerOfA))).body("pages.items", equalTo(0));
        // a partner cannot widen its scope with the operator's partnerId filter
        as(TestTokens.partner(b)).queryParam("partnerId", a).get("/v1/customers").then().statusCode(200)
                .body("items.id", not(hasItem(customerOfA)));
        as(TestTokens.partner(b)).header("X-Partner-ID", b).queryParam("pageTotal", true).get("/partner/v1/tenants")
                .then().statusCode(200).body("items.id", not(hasItem(customerOfA)));
        // the operator sees it
        as(TestTokens.operator()).queryParam("partnerId", a).get("/v1/customers").then().statusCode(200)
                .body("items.id", hasItem(customerOfA));
    }

    @Test
    void partnerBCannotRenameOrChangeAsCustomer() {
        as(TestTokens.partner(b)).body(Map.of("name", "Hijacked")).put("/v1/customers/" + customerOfA + "/name")
                .then().statusCode(404).body("code", equalTo("not-found"));
        as(TestTokens.partner(b)).body(Map.of("enabled", false))
                .put("/v1/customers/" + customerOfA + "/partner-assistance").then().statusCode(404);
        as(TestTokens.partner(b)).post("/v1/customers/" + customerOfA + "/ingest-keys").then().statusCode(404);
        as(TestTokens.partner(a)).get("/v1/customers/" + customerOfA).then().body("name",
                equalTo("Secret Customer of A"));
    }

    @Test
    void partnerBCannotMigrateAsCustomer() {
        as(TestTokens.partner(b)).body(Map.of("toPartnerId", b)).post("/v1/customers/" + customerOfA + "/migrations")
                .then().statusCode(404).body("code", equalTo("not-found"));
        as(TestTokens.partner(b)).body(Map.of("party", "CURRENT_PARTNER"))
                .post("/v1/customers/" + customerOfA + "/migrations/any/consents").then().statusCode(404);
        as(TestTokens.partner(a)).get("/v1/customers/" + customerOfA).then().body("partnerId", equalTo(a))
                .body("migration", nullValue());
    }
}
