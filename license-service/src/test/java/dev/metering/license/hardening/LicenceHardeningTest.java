package dev.metering.license.hardening;

import static dev.metering.license.LicenceTestApi.as;
import static dev.metering.license.LicenceTestApi.knownCustomer;
import static dev.metering.license.LicenceTestApi.string;
import static dev.metering.license.LicenceTestApi.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import dev.metering.contracts.BillingType;
import dev.metering.license.LicenceTestApi;
import dev.metering.testsupport.HostileBodies;
import dev.metering.testsupport.TestTokens;
import dev.metering.testsupport.TopicClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 in license-service, through the real broker and PostgreSQL: hostile input is a 400 with a code
 * (finding 7), effectiveAt bounds (finding 6), no cross-tenant hints (finding 8), and the audit trail of
 * requests and of reactions to customers.events (finding 5).
 */
@QuarkusTest
class LicenceHardeningTest {

    record Endpoint(String method, String path, Map<String, Object> body) {
    }

    @Test
    void givenEveryWriteEndpoint_whenAnyStringInstantOrDateFieldIsHostile_then400WithACodeNever500() {
        // given a partner with a term, a trial and a monthly customer
        String p = unique("p");
        String term = knownCustomer(p, BillingType.TERM);
        String trial = knownCustomer(p, BillingType.TRIAL);
        String monthly = knownCustomer(p, BillingType.MONTHLY);
        String lic = unique("LIC");
        as(p).body(Map.of("licenseId", lic, "sku", "SKU-EP-ADV-TRIAL", "product", "ENDPOINT_ADVANCED", "quantity",
                10, "startDate", LocalDate.now(ZoneOffset.UTC).toString(), "owner", "CUSTOMER", "trial", true))
                .post("/v1/customers/" + trial + "/licenses").then().statusCode(201);
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String nextYear = LocalDate.now(ZoneOffset.UTC).plusYears(1).toString();
        Map<String, Object> licence = Map.of("licenseId", unique("LIC"), "sku", "SKU-EP-ADV-1Y", "product",
                "ENDPOINT_ADVANCED", "quantity", 25, "startDate", today, "endDate", nextYear, "owner", "CUSTOMER");
        List<Endpoint> endpoints = List.of(
                new Endpoint("POST", "/v1/customers/" + term + "/licenses", licence),
                new Endpoint("POST", "/v1/customers/" + trial + "/licenses/" + lic + "/convert-to-paid",
                        Map.of("endDate", nextYear)),
                new Endpoint("POST", "/v1/customers/" + trial + "/licenses/" + lic + "/renew",
                        Map.of("endDate", nextYear)),
                new Endpoint("POST", "/v1/customers/" + trial + "/licenses/" + lic + "/transfer",
                        Map.of("toCustomerId", term)),
                new Endpoint("PUT", "/v1/customers/" + monthly + "/monthly-licenses/server",
                        Map.of("product", "SERVER_ADVANCED", "effectiveAt", Instant.now().plusSeconds(600).toString())),
                new Endpoint("POST", "/v1/customers/" + trial + "/conversions/monthly",
                        Map.of("selections", List.of("ENDPOINT_ADVANCED"))),
                new Endpoint("POST", "/v1/customers/" + monthly + "/conversions/term", licence),
                new Endpoint("PUT", "/v1/customers/" + monthly + "/firewalls/" + unique("C01").toUpperCase(),
                        Map.of("sku", "XG-FLEX-EG-MONTHLY-0", "firmwareVersion", "SFOS 21.0.0 GA")));

        // when every hostile variant of every body is sent
        List<String> wrong = new ArrayList<>();
        int sent = 0;
        for (Endpoint e : endpoints) {
            for (HostileBodies.Variant v : HostileBodies.of(e.body())) {
                RequestSpecification spec = as(p).body(v.json());
                Response r = "PUT".equals(e.method()) ? spec.put(e.path()) : spec.post(e.path());
                sent++;
                // then each is a 400 with a code (never a 500, never accepted)
                if (r.statusCode() != 400 || r.jsonPath().getString("code") == null) {
                    wrong.add(e.method() + " " + e.path() + " " + v + " -> " + r.statusCode() + " " + r.asString());
                }
            }
        }
        assertThat(sent).isGreaterThan(150);
        assertThat(wrong).isEmpty();
        // and a 10 000-character value in any string field is refused or stored, but never a 5xx
        for (Endpoint e : endpoints) {
            for (HostileBodies.Variant v : HostileBodies.huge(e.body())) {
                Response r = ("PUT".equals(e.method()) ? as(p).body(v.json()).put(e.path()) : as(p).body(v.json()).post(e.path()));
                if (r.statusCode() >= 500) {
                    wrong.add(e.method() + " " + e.path() + " " + v + " -> " + r.statusCode() + " " + r.asString());
                }
            }
        }
        assertThat(wrong).isEmpty();
        // and hostile path and query values too
        for (String path : List.of("/v1/customers/%00/licenses", "/v1/customers/" + trial + "/licenses/a%00b",
                "/v1/customers/" + monthly + "/monthly-licenses?at=-1000000000-01-01T00:00:00Z",
                "/v1/customers/" + monthly + "/monthly-licenses?at=%00", "/v1/licenses?customerId=%00")) {
            Response r = io.restassured.RestAssured.given().urlEncodingEnabled(false).auth()
                    .oauth2(TestTokens.partner(p)).get(path);
            if (r.statusCode() < 400 || r.statusCode() >= 500 || r.jsonPath().getString("code") == null) {
                wrong.add(path + " -> " + r.statusCode() + " " + r.asString());
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void givenAMonthlyCustomer_whenASelectionTakesEffectMoreThanAYearAhead_then400_R17a() {
        String p = unique("p");
        String monthly = knownCustomer(p, BillingType.MONTHLY);
        as(p).body(Map.of("product", "SERVER_ADVANCED", "effectiveAt",
                Instant.now().plus(400, ChronoUnit.DAYS).toString()))
                .put("/v1/customers/" + monthly + "/monthly-licenses/server").then().statusCode(400)
                .body("code", equalTo("effective-too-far-in-future"));
        as(p).body(Map.of("product", "SERVER_ADVANCED", "effectiveAt",
                Instant.now().plus(30, ChronoUnit.DAYS).toString()))
                .put("/v1/customers/" + monthly + "/monthly-licenses/server").then().statusCode(200);
    }

    @Test
    void givenALicenceOfAnotherPartnersCustomer_whenItsIdIsIssuedAgain_thenNothingAboutTheHolderIsRevealed_R11() {
        // given partner A's customer holds licence L
        String a = unique("a");
        String b = unique("b");
        String ofA = knownCustomer(a, BillingType.TERM);
        String ofB = knownCustomer(b, BillingType.TERM);
        String lic = unique("LIC");
        as(a).body(LicenceApiTestShapes.term(lic)).post("/v1/customers/" + ofA + "/licenses").then().statusCode(201);

        // when partner B names L for a customer it does not have, it learns only "customer not found"
        as(b).body(LicenceApiTestShapes.term(lic)).post("/v1/customers/" + unique("cust") + "/licenses").then()
                .statusCode(404).body("code", equalTo("customer-not-found"));
        as(b).body(LicenceApiTestShapes.term(lic)).post("/v1/customers/" + ofA + "/licenses").then()
                .statusCode(404).body("code", equalTo("customer-not-found"));
        // and for its own customer a neutral refusal naming neither A's customer nor "another customer"
        as(b).body(LicenceApiTestShapes.term(lic)).post("/v1/customers/" + ofB + "/licenses").then()
                .statusCode(409).body("code", equalTo("licence-id-unavailable"))
                .body("message", not(containsString(ofA))).body("message", not(containsString(a)))
                .body("message", not(containsString("another customer")));
        // and reading or renewing L through its own customer is "not found"
        as(b).get("/v1/customers/" + ofB + "/licenses/" + lic).then().statusCode(404);
        as(b).body(Map.of("endDate", LocalDate.now(ZoneOffset.UTC).plusYears(2).toString()))
                .post("/v1/customers/" + ofB + "/licenses/" + lic + "/renew").then().statusCode(404);
    }

    @Test
    void givenARequest_whenALicenceIsIssued_thenTheEventStoreAndKafkaNameTheActorAndTheRequest() {
        // given a term customer of p
        String p = unique("p");
        String c = knownCustomer(p, BillingType.TERM);
        String correlation = "corr-" + UUID.randomUUID();

        // when p issues a licence within correlation "corr-..."
        as(p).header("X-Correlation-ID", correlation).body(LicenceApiTestShapes.term(unique("LIC")))
                .post("/v1/customers/" + c + "/licenses").then().statusCode(201)
                .header("X-Correlation-ID", correlation);

        // then the stored event names the token's subject, its role and the request
        String stream = "licences-" + c;
        assertThat(string("select actor from events where stream_id = ?", stream)).isEqualTo("user-of-" + p);
        assertThat(string("select actor_role from events where stream_id = ?", stream)).isEqualTo("partner");
        assertThat(string("select correlation_id from events where stream_id = ?", stream)).isEqualTo(correlation);
        String causation = string("select causation_id from events where stream_id = ?", stream);
        assertThat(causation).isNotBlank().isNotEqualTo(correlation);
        assertThat(string("select correlation_id from outbox where record_key = ?", c)).isEqualTo(correlation);
        // and the record on licenses.events carries them as CloudEvents extension headers
        ConsumerRecord<String, byte[]> record = LicenceTestApi.licenceRecords(c, 1).get(0);
        Map<String, byte[]> headers = TopicClient.headers(record);
        assertThat(text(headers, "ce_actor")).isEqualTo("user-of-" + p);
        assertThat(text(headers, "ce_actorrole")).isEqualTo("partner");
        assertThat(text(headers, "ce_correlationid")).isEqualTo(correlation);
        assertThat(text(headers, "ce_causationid")).isEqualTo(causation);
    }

    @Test
    void givenAnActiveLicenceAndAFirewall_whenRead_thenEachAnswerHasExactlyItsDocumentedFields() {
        // given a term licence and a monthly customer's firewall
        String p = unique("p");
        String c = knownCustomer(p, BillingType.TERM);
        String m = knownCustomer(p, BillingType.MONTHLY);
        String lic = unique("LIC");
        as(p).body(LicenceApiTestShapes.term(lic)).post("/v1/customers/" + c + "/licenses").then().statusCode(201);
        String serial = unique("C02").toUpperCase();

        // when they are read / registered
        Map<String, Object> licence = as(p).get("/v1/customers/" + c + "/licenses/" + lic).then().statusCode(200)
                .extract().jsonPath().getMap("$");
        Map<String, Object> firewall = as(p).body(Map.of("sku", "XG-FLEX-EG-MONTHLY-0", "firmwareVersion",
                "SFOS 21.0.0 GA")).put("/v1/customers/" + m + "/firewalls/" + serial).then().statusCode(200)
                .extract().jsonPath().getMap("$");
        Map<String, Object> error = as(p).get("/v1/customers/" + unique("cust") + "/licenses").then()
                .statusCode(404).extract().jsonPath().getMap("$");

        // then each has exactly its fields (a running licence has no endedAt/endedReason)
        assertThat(licence).containsOnlyKeys("id", "licenseIdentifier", "product", "sku", "startDate", "endDate",
                "type", "quantity", "owner", "customerId", "status");
        assertThat(firewall).containsOnlyKeys("serialNumber", "customerId", "subscription", "productCode",
                "registeredAt");
        assertThat(error).containsOnlyKeys("error", "message", "correlationId", "code", "createdAt", "requestId",
                "docUrl");
    }

    private static String text(Map<String, byte[]> headers, String name) {
        byte[] v = headers.get(name);
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }

    /** Valid request bodies. */
    static final class LicenceApiTestShapes {
        static Map<String, Object> term(String id) {
            return Map.of("licenseId", id, "sku", "SKU-EP-ADV-1Y", "product", "ENDPOINT_ADVANCED", "quantity", 25,
                    "startDate", LocalDate.now(ZoneOffset.UTC).toString(),
                    "endDate", LocalDate.now(ZoneOffset.UTC).plusYears(1).toString(), "owner", "CUSTOMER");
        }
    }
}
