package dev.metering.customer;

import static io.restassured.RestAssured.given;

import dev.metering.testsupport.TestTokens;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;

/** Short-hands for the REST calls the integration tests repeat. */
public final class TestApi {

    private TestApi() {
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType("application/json").accept("application/json");
    }

    /** Registers a CONNECT partner in Germany through distributor {@code distributorId}. */
    public static void registerPartner(String partnerId, String distributorId) {
        as(TestTokens.operator()).body(Map.of("partnerId", partnerId, "name", "Partner " + partnerId, "country", "DE",
                "distributorId", distributorId)).post("/v1/partners").then().statusCode(201);
    }

    /** Registers a partner and has its distributor approve Flex (R2). */
    public static void registerFlexPartner(String partnerId, String distributorId) {
        registerPartner(partnerId, distributorId);
        as(TestTokens.distributor(distributorId)).post("/v1/partners/" + partnerId + "/flex-approval").then()
                .statusCode(200);
    }

    public static ValidatableResponse createCustomer(String partnerId, String name, String billingType) {
        return as(TestTokens.partner(partnerId)).body(Map.of("name", name, "dataGeography", "DE", "billingType",
                billingType)).post("/v1/customers").then();
    }

    /** Creates a customer and returns its id. */
    public static String customer(String partnerId, String name, String billingType) {
        return createCustomer(partnerId, name, billingType).statusCode(201).extract().path("id");
    }
}
