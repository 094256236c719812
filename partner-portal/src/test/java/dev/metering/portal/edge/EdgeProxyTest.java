package dev.metering.portal.edge;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.metering.portal.UpstreamServices;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = UpstreamServices.class, restrictToAnnotatedClass = true)
class EdgeProxyTest {

    @Test
    void theVendorTenantsApiReachesCustomerServiceWithHeadersBodyAndStatusUnchanged() {
        // given a partner tool that knows only the portal's base URL
        given().header("Authorization", "Bearer the-partners-own-token").header("X-Partner-ID", "p-1")
                .header("If-Match", "\"3\"").header("X-Answer-Status", "201").contentType("application/json")
                .body("{\"name\":\"Acme\"}")
                // when it creates a tenant
                .when().post("/partner/v1/tenants?pageTotal=true")
                // then customer-service gets exactly that request and its answer comes back unchanged
                .then().statusCode(201).header("ETag", "\"7\"")
                .body("service", equalTo("customer"))
                .body("method", equalTo("POST"))
                .body("uri", equalTo("/partner/v1/tenants?pageTotal=true"))
                .body("headers.authorization", equalTo("Bearer the-partners-own-token"))
                .body("headers.x-partner-id", equalTo("p-1"))
                .body("headers.if-match", equalTo("\"3\""))
                .body("body", equalTo("{\"name\":\"Acme\"}"));
    }

    @Test
    void billingUsageLicencesAndHeartbeatsReachTheirOwnServices() {
        given().header("Authorization", "Bearer t").when().get("/partner/v1/billing/usage/2026/11?pageSize=5")
                .then().statusCode(200).body("service", equalTo("billing"))
                .body("uri", equalTo("/partner/v1/billing/usage/2026/11?pageSize=5"));
        given().when().get("/v1/customers/c-1/monthly-licenses").then().body("service", equalTo("license"));
        given().when().put("/v1/customers/c-1/name").then().body("service", equalTo("customer"));
        given().header("X-Answer-Status", "404").when().get("/v1/invoices/INV-x").then().statusCode(404)
                .body("service", equalTo("billing"));
        given().header("Authorization", "Bearer t").when().get("/v1/psa/sync-status").then().statusCode(200)
                .body("service", equalTo("psa")).body("headers.authorization", equalTo("Bearer t"));
        String big = "x".repeat(300_000);
        given().header("X-Ingest-Key", "k").body(big).when().post("/v1/heartbeats").then().statusCode(200)
                .body("service", equalTo("ingest")).body("headers.x-ingest-key", equalTo("k"))
                .body("body.length()", equalTo(big.length()));
    }

    @Test
    void aPathNoServiceServesIsNotFoundInThePlatformsErrorBody() {
        given().header("X-Correlation-ID", "corr-1").when().get("/v1/nothing-here").then().statusCode(404)
                .body("code", equalTo("not-found")).body("correlationId", equalTo("corr-1"))
                .body("requestId", notNullValue()).body("docUrl", notNullValue());
    }
}
