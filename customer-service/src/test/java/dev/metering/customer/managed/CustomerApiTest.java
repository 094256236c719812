package dev.metering.customer.managed;

import static dev.metering.customer.TestApi.as;
import static dev.metering.customer.TestApi.customer;
import static dev.metering.customer.TestApi.registerFlexPartner;
import static dev.metering.customer.TestApi.registerPartner;
import static dev.metering.customer.TestApi.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import dev.metering.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The /v1 API end to end through the real event store (PostgreSQL) and the service's projections. */
@QuarkusTest
class CustomerApiTest {

    @Test
    void partnersAreRegisteredByOperatorsAndApprovedForFlexByTheirOwnDistributorOnly_R1_R2_R3() {
        String p = unique("p");
        as(TestTokens.partner(p)).body(Map.of("partnerId", p, "name", "Self", "country", "DE", "distributorId", "d"))
                .post("/v1/partners").then().statusCode(403).body("code", equalTo("forbidden"));
        registerPartner(p, "dist-de");
        as(TestTokens.operator()).get("/v1/partners/" + p).then().statusCode(200).body("tier", equalTo("CONNECT"))
                .body("distributorId", equalTo("dist-de")).header("ETag", "\"1\"");

        // issue 14 finding 8: another distributor learns nothing about the partner (was 403 naming dist-de)
        as(TestTokens.distributor("dist-fr")).post("/v1/partners/" + p + "/flex-approval").then().statusCode(404)
                .body("code", equalTo("not-found")).body("message", not(containsString("dist-de")));
        // ... not even through a stale If-Match (a 409 concurrency-conflict would betray the partner's existence)
        as(TestTokens.distributor("dist-fr")).header("If-Match", "\"7\"").post("/v1/partners/" + p
                + "/flex-approval").then().statusCode(404).body("code", equalTo("not-found"));
        as(TestTokens.partner(p)).post("/v1/partners/" + p + "/flex-approval").then().statusCode(403);
        as(TestTokens.distributor("dist-de")).post("/v1/partners/" + p + "/flex-approval").then().statusCode(200)
                .body("tier", equalTo("CONNECT_FLEX"));
        as(TestTokens.distributor("dist-de")).post("/v1/partners/" + p + "/flex-approval").then().statusCode(409)
                .body("code", equalTo("already-flex"));

        String uk = unique("uk");
        as(TestTokens.operator()).body(Map.of("partnerId", uk, "name", "Brit", "country", "GB"))
                .post("/v1/partners").then().statusCode(201).body("distributorId", equalTo("DIRECT"));
        // a partner sees itself, a distributor its own partners; others get 404
        as(TestTokens.partner(p)).get("/v1/partners/" + p).then().statusCode(200);
        as(TestTokens.partner(p)).get("/v1/partners/" + uk).then().statusCode(404);
        as(TestTokens.distributor("dist-de")).get("/v1/partners/" + uk).then().statusCode(404);
        as(TestTokens.distributor("DIRECT")).get("/v1/partners/" + uk).then().statusCode(200);
        // a distributor lists its own partners only (from the partner_view projection)
        as(TestTokens.distributor("dist-de")).queryParam("pageSize", 100).get("/v1/partners").then().statusCode(200)
                .body("items.id", hasItem(p)).body("items.id", org.hamcrest.Matchers.not(hasItem(uk)))
                .body("items.find { it.id == '" + p + "' }.tier", equalTo("CONNECT_FLEX"));
        as(TestTokens.distributor("DIRECT")).get("/v1/partners").then().statusCode(200)
                .body("items.id", org.hamcrest.Matchers.not(hasItem(p)));
    }

    @Test
    void monthlyAccountsOnlyForFlexPartners_R5_andPartnerAssistanceDefaults_R6() {
        String connect = unique("connect");
        registerPartner(connect, "dist-de");
        create(connect, "usage").statusCode(403).body("code", equalTo("flex-required"))
                .body("message", org.hamcrest.Matchers.containsString("R5"));

        String flex = unique("flex");
        registerFlexPartner(flex, "dist-de");
        create(flex, "MONTHLY").statusCode(201).body("billingType", equalTo("MONTHLY"))
                .body("partnerAssistance", equalTo(true));
        create(connect, "trial").statusCode(201).body("partnerAssistance", equalTo(true));
        create(connect, "term").statusCode(201).body("partnerAssistance", equalTo(false));

        String unregistered = unique("nobody");
        create(unregistered, "trial").statusCode(409).body("code", equalTo("partner-not-registered"));
        create(connect, "weekly").statusCode(400).body("code", equalTo("invalid-field"));
    }

    @Test
    void renameContactAssistanceAndBillingTypeChangesWithETags_R4_R6_R7() {
        String p = unique("p");
        registerFlexPartner(p, "dist-de");
        String id = customer(p, "Acme Ltd", "trial");
        String token = TestTokens.partner(p);

        as(token).get("/v1/customers/" + id).then().statusCode(200).header("ETag", "\"1\"");
        as(token).header("If-Match", "\"1\"").body(Map.of("name", "Acme Group", "showAs", "AG"))
                .put("/v1/customers/" + id + "/name").then().statusCode(200).header("ETag", "\"2\"")
                .body("name", equalTo("Acme Group")).body("showAs", equalTo("AG"));
        // a stale If-Match is refused: optimistic concurrency over HTTP
        as(token).header("If-Match", "\"1\"").body(Map.of("name", "Lost Update"))
                .put("/v1/customers/" + id + "/name").then().statusCode(409)
                .body("code", equalTo("concurrency-conflict"));
        as(token).header("If-Match", "banana").body(Map.of("name", "x")).put("/v1/customers/" + id + "/name").then()
                .statusCode(400).body("code", equalTo("invalid-if-match"));

        as(token).body(Map.of("firstName", "Ada", "lastName", "Lovelace", "email", "ada@example.com"))
                .put("/v1/customers/" + id + "/contact").then().statusCode(200)
                .body("contact.email", equalTo("ada@example.com"));
        as(token).body(Map.of("enabled", false)).put("/v1/customers/" + id + "/partner-assistance").then()
                .statusCode(200).body("partnerAssistance", equalTo(false));
        String effective = java.time.Instant.now().plusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                .toString();
        as(token).body(Map.of("billingType", "usage", "effectiveAt", effective))
                .put("/v1/customers/" + id + "/billing-type").then().statusCode(200)
                .body("billingType", equalTo("MONTHLY")).body("partnerAssistance", equalTo(true));
        as(token).body(Map.of("billingType", "TERM")).put("/v1/customers/" + id + "/billing-type").then()
                .statusCode(400).body("code", equalTo("licence-key-required"));
        as(token).body(Map.of("billingType", "TERM", "licenceKey", "LIC-1"))
                .put("/v1/customers/" + id + "/billing-type").then().statusCode(200)
                .body("billingType", equalTo("TERM"));

        List<String> types = as(token).get("/v1/customers/" + id + "/history").then().statusCode(200).extract()
                .path("type");
        assertThat(types).containsExactly("metering.customer.v1.created", "metering.customer.v1.renamed",
                "metering.customer.v1.contact-changed", "metering.customer.v1.partner-assistance-changed",
                "metering.customer.v1.billing-type-changed", "metering.customer.v1.partner-assistance-changed",
                "metering.customer.v1.billing-type-changed");
        // the read model followed every change
        as(token).get("/v1/customers/" + id).then().statusCode(200).body("name", equalTo("Acme Group"))
                .body("billingType", equalTo("TERM")).body("version", equalTo(7)).header("ETag", "\"7\"");
    }

    @Test
    void searchIsCaseInsensitiveSubstringAndPaged() {
        String p = unique("p");
        registerPartner(p, "dist-de");
        customer(p, "Zeta Widgets", "trial");
        customer(p, "alpha WIDGETS GmbH", "trial");
        customer(p, "Beta Tools", "term");
        String token = TestTokens.partner(p);

        as(token).queryParam("name", "widget").get("/v1/customers").then().statusCode(200)
                .body("items.name", contains("alpha WIDGETS GmbH", "Zeta Widgets"))
                .body("pages.items", equalTo(2));
        as(token).queryParam("pageSize", 2).queryParam("page", 2).get("/v1/customers").then().statusCode(200)
                .body("items.name", contains("Zeta Widgets")).body("pages.current", equalTo(2))
                .body("pages.total", equalTo(2)).body("pages.items", equalTo(3));
        as(token).queryParam("pageSize", 1000).get("/v1/customers").then().statusCode(400)
                .body("code", equalTo("invalid-field"));
    }

    @Test
    void migrationNeedsAllThreeConsentsThenAnOperator_andTheHistoryShowsTheMove_R8_R27() {
        String a = unique("a");
        String b = unique("b");
        registerPartner(a, "dist-de");
        registerPartner(b, "dist-de");
        String id = customer(a, "Movers Inc", "trial");

        Response requested = as(TestTokens.partner(a)).body(Map.of("toPartnerId", b))
                .post("/v1/customers/" + id + "/migrations");
        requested.then().statusCode(201).body("status", equalTo("OPEN")).body("toPartnerId", equalTo(b));
        String mid = requested.path("migrationId");
        String base = "/v1/customers/" + id + "/migrations/" + mid;

        as(TestTokens.partner(b)).body(Map.of("party", "NEW_PARTNER")).post(base + "/consents").then().statusCode(200)
                .body("consents", contains("NEW_PARTNER"));
        as(TestTokens.partner(b)).body(Map.of("party", "NEW_PARTNER")).post(base + "/consents").then().statusCode(409)
                .body("code", equalTo("consent-already-given"));
        as(TestTokens.operator()).post(base + "/execution").then().statusCode(409)
                .body("code", equalTo("consents-missing"));
        as(TestTokens.partner(a)).body(Map.of("party", "CUSTOMER")).post(base + "/consents").then().statusCode(403)
                .body("code", equalTo("not-this-party"));
        as(TestTokens.operator()).body(Map.of("party", "CUSTOMER")).post(base + "/consents").then().statusCode(200);
        as(TestTokens.partner(a)).body(Map.of("party", "CURRENT_PARTNER")).post(base + "/consents").then()
                .statusCode(200).body("missingConsents", org.hamcrest.Matchers.empty());
        as(TestTokens.partner(a)).post(base + "/execution").then().statusCode(403);
        String effective = java.time.Instant.now().plusSeconds(7200).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                .toString();
        as(TestTokens.operator()).body(Map.of("effectiveAt", effective)).post(base + "/execution")
                .then().statusCode(200).body("status", equalTo("EXECUTED")).body("fromPartnerId", equalTo(a))
                .body("toPartnerId", equalTo(b));

        as(TestTokens.partner(b)).get("/v1/customers/" + id).then().statusCode(200).body("partnerId", equalTo(b));
        as(TestTokens.partner(a)).get("/v1/customers/" + id).then().statusCode(404);
        as(TestTokens.partner(b)).get("/v1/customers/" + id + "/history").then().statusCode(200)
                .body("type", hasItem("metering.customer.v1.migrated"))
                .body("find { it.type == 'metering.customer.v1.migrated' }.data.fromPartnerId", equalTo(a))
                .body("find { it.type == 'metering.customer.v1.migrated' }.data.effectiveAt", equalTo(effective));
    }

    @Test
    void theOpenMigrationsListShowsEachPartnerOnlyTheRequestsItIsAPartyTo_R8() {
        // given a customer of A asked to move to B, and a third partner C
        String a = unique("a");
        String b = unique("b");
        String c = unique("c");
        registerPartner(a, "dist-de");
        registerPartner(b, "dist-de");
        registerPartner(c, "dist-de");
        String id = customer(a, "Listed Movers", "trial");
        String mid = as(TestTokens.partner(a)).body(Map.of("toPartnerId", b)).post("/v1/customers/" + id
                + "/migrations").then().statusCode(201).extract().path("migrationId");

        // then the partner it leaves and the one it joins both list it, with the consents still missing
        for (String party : List.of(a, b)) {
            as(TestTokens.partner(party)).get("/v1/migrations").then().statusCode(200)
                    .body("items.migrationId", contains(mid))
                    .body("items[0].customerId", equalTo(id))
                    .body("items[0].status", equalTo("OPEN"))
                    .body("items[0].fromPartnerId", equalTo(a))
                    .body("items[0].toPartnerId", equalTo(b))
                    .body("items[0].missingConsents", contains("CURRENT_PARTNER", "CUSTOMER", "NEW_PARTNER"));
        }
        // a partner that is no party does not see it; the operator sees it among all
        as(TestTokens.partner(c)).get("/v1/migrations").then().statusCode(200).body("items", org.hamcrest.Matchers.empty());
        as(TestTokens.operator()).get("/v1/migrations").then().statusCode(200).body("items.migrationId", hasItem(mid));

        // when B consents, the list shows it; when A withdraws, the request leaves the list
        as(TestTokens.partner(b)).body(Map.of("party", "NEW_PARTNER"))
                .post("/v1/customers/" + id + "/migrations/" + mid + "/consents").then().statusCode(200);
        as(TestTokens.partner(a)).get("/v1/migrations").then().body("items[0].consents", contains("NEW_PARTNER"))
                .body("items[0].missingConsents", contains("CURRENT_PARTNER", "CUSTOMER"));
        as(TestTokens.partner(a)).body(Map.of("party", "CURRENT_PARTNER"))
                .post("/v1/customers/" + id + "/migrations/" + mid + "/withdrawal").then().statusCode(200);
        as(TestTokens.partner(b)).get("/v1/migrations").then().statusCode(200).body("items", org.hamcrest.Matchers.empty());
        io.restassured.RestAssured.given().get("/v1/migrations").then().statusCode(401);
    }

    @Test
    void aRequestCanBeRejectedOrWithdrawnByAParty_R8() {
        String a = unique("a");
        String b = unique("b");
        registerPartner(a, "dist-de");
        registerPartner(b, "dist-de");
        String id = customer(a, "Stayers Inc", "trial");
        String mid = as(TestTokens.partner(a)).body(Map.of("toPartnerId", b)).post("/v1/customers/" + id
                + "/migrations").then().statusCode(201).extract().path("migrationId");
        as(TestTokens.partner(b)).body(Map.of("party", "NEW_PARTNER", "reason", "not our segment"))
                .post("/v1/customers/" + id + "/migrations/" + mid + "/rejection").then().statusCode(200)
                .body("status", equalTo("REJECTED"));
        String mid2 = as(TestTokens.partner(a)).body(Map.of("toPartnerId", b)).post("/v1/customers/" + id
                + "/migrations").then().statusCode(201).extract().path("migrationId");
        as(TestTokens.partner(a)).body(Map.of("party", "CURRENT_PARTNER"))
                .post("/v1/customers/" + id + "/migrations/" + mid2 + "/withdrawal").then().statusCode(200)
                .body("status", equalTo("WITHDRAWN"));
        as(TestTokens.partner(a)).get("/v1/customers/" + id).then().statusCode(200).body("partnerId", equalTo(a))
                .body("migration", org.hamcrest.Matchers.nullValue());
        as(TestTokens.partner(a)).body(Map.of("toPartnerId", unique("ghost")))
                .post("/v1/customers/" + id + "/migrations").then().statusCode(400);
    }

    @Test
    void ingestKeysAreShownOnceAndStoredOnlyAsHashes() {
        String a = unique("a");
        registerPartner(a, "dist-de");
        String id = customer(a, "Keyed Ltd", "trial");
        Response issued = as(TestTokens.partner(a)).post("/v1/customers/" + id + "/ingest-keys");
        issued.then().statusCode(201).body("key", org.hamcrest.Matchers.startsWith("mik_"))
                .body("keyId", notNullValue()).header("Cache-Control", org.hamcrest.Matchers.containsString("no-store"));
        String key = issued.path("key");
        String keyId = issued.path("keyId");
        assertThat(key).hasSize(4 + 43); // 256 bits, base64url without padding

        as(TestTokens.partner(a)).get("/v1/customers/" + id + "/ingest-keys").then().statusCode(200)
                .body("items", containsInAnyOrder(keyId));
        String history = as(TestTokens.partner(a)).get("/v1/customers/" + id + "/history").then().extract().asString();
        assertThat(history).doesNotContain(key).contains(CustomerService.sha256Hex(key));

        as(TestTokens.partner(unique("other"))).delete("/v1/customers/" + id + "/ingest-keys/" + keyId).then()
                .statusCode(404);
        as(TestTokens.operator()).delete("/v1/customers/" + id + "/ingest-keys/" + keyId).then().statusCode(204);
        as(TestTokens.partner(a)).delete("/v1/customers/" + id + "/ingest-keys/" + keyId).then().statusCode(409)
                .body("code", equalTo("ingest-key-already-revoked"));
    }

    private static io.restassured.response.ValidatableResponse create(String partnerId, String billingType) {
        return dev.metering.customer.TestApi.createCustomer(partnerId, "Cust " + billingType, billingType);
    }
}
