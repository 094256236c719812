package dev.metering.customer.hardening;

import static dev.metering.customer.TestApi.as;
import static dev.metering.customer.TestApi.customer;
import static dev.metering.customer.TestApi.registerPartner;
import static dev.metering.customer.TestApi.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 14: the main answers have exactly their documented fields, nothing stray (README "Endpoints"). */
@QuarkusTest
class AnswerShapeTest {

    @Test
    void givenAPartnerAndACustomer_whenRead_thenEachAnswerHasExactlyItsDocumentedFields() {
        // given a partner with a customer and an open migration to another partner
        String p = unique("p");
        String q = unique("q");
        registerPartner(p, "dist-de");
        registerPartner(q, "dist-de");
        String c = customer(p, "Shaped", "trial");

        // when the partner, the customer and a migration are read / created
        Map<String, Object> partner = as(TestTokens.operator()).get("/v1/partners/" + p).then().statusCode(200)
                .extract().jsonPath().getMap("$");
        Map<String, Object> customer = as(TestTokens.partner(p)).get("/v1/customers/" + c).then().statusCode(200)
                .extract().jsonPath().getMap("$");
        Map<String, Object> migration = as(TestTokens.partner(p)).body(Map.of("toPartnerId", q))
                .post("/v1/customers/" + c + "/migrations").then().statusCode(201).extract().jsonPath().getMap("$");
        Map<String, Object> page = as(TestTokens.partner(p)).get("/v1/customers").then().statusCode(200).extract()
                .jsonPath().getMap("$");
        Map<String, Object> error = as(TestTokens.partner(p)).body(Map.of("name", "")).put("/v1/customers/" + c
                + "/name").then().statusCode(400).extract().jsonPath().getMap("$");

        // then each has exactly its fields
        assertThat(partner).containsOnlyKeys("id", "name", "tier", "distributorId", "country", "version");
        assertThat(customer).containsOnlyKeys("id", "partnerId", "name", "showAs", "dataGeography", "dataRegion",
                "billingType", "partnerAssistance", "contact", "migration", "version");
        assertThat(migration).containsOnlyKeys("customerId", "migrationId", "status", "fromPartnerId",
                "toPartnerId", "consents", "missingConsents", "version");
        assertThat(page).containsOnlyKeys("items", "pages");
        assertThat(error).containsOnlyKeys("error", "message", "correlationId", "code", "createdAt", "requestId",
                "docUrl", "fields");
    }
}
