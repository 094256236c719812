package dev.metering.customer.hardening;

import static dev.metering.customer.TestApi.as;
import static dev.metering.customer.TestApi.customer;
import static dev.metering.customer.TestApi.registerFlexPartner;
import static dev.metering.customer.TestApi.registerPartner;
import static dev.metering.customer.TestApi.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.metering.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 finding 6: a billing-type change or migration effective before the customer existed (billing
 * would silently ignore it), before the previous month (may be invoiced already, R28) or more than a year
 * ahead is refused with 400 and a code, and nothing is stored.
 */
@QuarkusTest
class BackdatedChangeTest {

    @Test
    void givenANewCustomer_whenItsBillingTypeChangeIsBackdatedBeforeItsCreation_then400AndNothingStored_R4_R23() {
        // given a Flex partner's trial customer created just now
        String p = unique("p");
        registerFlexPartner(p, "dist-de");
        Instant before = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
        String id = customer(p, "Backdated", "trial");
        int events = history(p, id);

        // when the conversion to monthly is dated before the customer existed
        as(TestTokens.partner(p)).body(Map.of("billingType", "MONTHLY", "effectiveAt", before.toString()))
                .put("/v1/customers/" + id + "/billing-type")
                // then it is refused with a code, not accepted and ignored by billing
                .then().statusCode(400).body("code", equalTo("effective-before-creation"));
        // and a year and more ahead, or before the previous month, is refused too
        as(TestTokens.partner(p)).body(Map.of("billingType", "MONTHLY", "effectiveAt",
                Instant.now().plus(400, ChronoUnit.DAYS).toString())).put("/v1/customers/" + id + "/billing-type")
                .then().statusCode(400).body("code", equalTo("effective-too-far-in-future"));
        as(TestTokens.operator()).body(Map.of("billingType", "MONTHLY", "effectiveAt",
                Instant.now().minus(70, ChronoUnit.DAYS).toString())).put("/v1/customers/" + id + "/billing-type")
                .then().statusCode(400).body("code", equalTo("effective-before-creation"));
        assertThat(history(p, id)).isEqualTo(events);

        // while a change effective after the creation is accepted
        String effective = Instant.now().plusSeconds(60).truncatedTo(ChronoUnit.SECONDS).toString();
        as(TestTokens.partner(p)).body(Map.of("billingType", "MONTHLY", "effectiveAt", effective))
                .put("/v1/customers/" + id + "/billing-type").then().statusCode(200)
                .body("billingType", equalTo("MONTHLY"));
    }

    @Test
    void givenAFullyConsentedMigration_whenExecutedEffectiveBeforeTheCustomerExisted_then400_R8_R27() {
        // given a customer of A with a fully consented move to B
        String a = unique("a");
        String b = unique("b");
        registerPartner(a, "dist-de");
        registerPartner(b, "dist-de");
        Instant before = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
        String id = customer(a, "Moving", "trial");
        String mid = as(TestTokens.partner(a)).body(Map.of("toPartnerId", b)).post("/v1/customers/" + id
                + "/migrations").then().statusCode(201).extract().path("migrationId");
        String base = "/v1/customers/" + id + "/migrations/" + mid;
        as(TestTokens.partner(a)).body(Map.of("party", "CURRENT_PARTNER")).post(base + "/consents").then()
                .statusCode(200);
        as(TestTokens.partner(b)).body(Map.of("party", "NEW_PARTNER")).post(base + "/consents").then()
                .statusCode(200);
        as(TestTokens.operator()).body(Map.of("party", "CUSTOMER")).post(base + "/consents").then().statusCode(200);

        // when the operator executes it effective before the customer existed, or far ahead
        as(TestTokens.operator()).body(Map.of("effectiveAt", before.toString())).post(base + "/execution").then()
                .statusCode(400).body("code", equalTo("effective-before-creation"));
        as(TestTokens.operator()).body(Map.of("effectiveAt", "9999-12-31T00:00:00Z")).post(base + "/execution")
                .then().statusCode(400).body("code", equalTo("effective-too-far-in-future"));

        // then A still manages it; executed now it moves
        as(TestTokens.partner(a)).get("/v1/customers/" + id).then().statusCode(200).body("partnerId", equalTo(a));
        as(TestTokens.operator()).post(base + "/execution").then().statusCode(200).body("status",
                equalTo("EXECUTED"));
    }

    private static int history(String partner, String id) {
        return as(TestTokens.partner(partner)).get("/v1/customers/" + id + "/history").then().statusCode(200)
                .extract().jsonPath().getList("$").size();
    }
}
