package dev.metering.customer.hardening;

import static dev.metering.customer.TestApi.as;
import static dev.metering.customer.TestApi.customer;
import static dev.metering.customer.TestApi.registerFlexPartner;
import static dev.metering.customer.TestApi.registerPartner;
import static dev.metering.customer.TestApi.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.testsupport.HostileBodies;
import dev.metering.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 finding 7: NUL, control characters and unpaired surrogates in any string field, and instants
 * or dates out of range, at every customer-service write endpoint, get 400 with a code (never 500), and
 * nothing of them reaches PostgreSQL. The same for hostile path segments and query values.
 */
@QuarkusTest
class HostileInputTest {

    record Endpoint(String token, String method, String path, Map<String, Object> body) {
    }

    @Test
    void givenEveryWriteEndpoint_whenAnyStringOrInstantFieldIsHostile_then400WithACodeNever500() {
        // given a Flex partner, its customer and an open migration of it to partner q
        String p = unique("p");
        String q = unique("q");
        registerFlexPartner(p, "dist-de");
        registerPartner(q, "dist-de");
        String c = customer(p, "Target", "trial");
        String mid = as(TestTokens.partner(p)).body(Map.of("toPartnerId", q)).post("/v1/customers/" + c
                + "/migrations").then().statusCode(201).extract().path("migrationId");
        String m = "/v1/customers/" + c + "/migrations/" + mid;
        String partner = TestTokens.partner(p);
        String operator = TestTokens.operator();
        Map<String, Object> address = Map.of("address1", "1 Road", "address2", "Flat 2", "city", "Town", "state",
                "ST", "postalCode", "12345", "countryCode", "DE");
        Map<String, Object> contact = Map.of("firstName", "Ada", "lastName", "L", "email", "ada@example.com",
                "phone", "+49 1", "address", address);
        String soon = Instant.now().plusSeconds(600).toString();
        List<Endpoint> endpoints = List.of(
                new Endpoint(partner, "POST", "/v1/customers", Map.of("name", "N", "showAs", "S", "dataGeography",
                        "DE", "billingType", "trial", "contact", contact)),
                new Endpoint(operator, "POST", "/v1/customers", Map.of("partnerId", p, "name", "N",
                        "dataGeography", "DE", "billingType", "trial")),
                new Endpoint(partner, "PUT", "/v1/customers/" + c + "/name", Map.of("name", "N", "showAs", "S")),
                new Endpoint(partner, "PUT", "/v1/customers/" + c + "/contact", contact),
                new Endpoint(partner, "PUT", "/v1/customers/" + c + "/billing-type", Map.of("billingType", "TERM",
                        "effectiveAt", soon, "licenceKey", "LIC-1")),
                new Endpoint(partner, "POST", "/v1/customers/" + c + "/migrations", Map.of("toPartnerId", q)),
                new Endpoint(partner, "POST", m + "/consents", Map.of("party", "CURRENT_PARTNER", "reason", "ok")),
                new Endpoint(partner, "POST", m + "/rejection", Map.of("party", "CURRENT_PARTNER", "reason", "no")),
                new Endpoint(partner, "POST", m + "/withdrawal", Map.of("party", "CURRENT_PARTNER")),
                new Endpoint(operator, "POST", m + "/execution", Map.of("effectiveAt", soon)),
                new Endpoint(partner, "POST", "/partner/v1/tenants", Map.of("name", "N", "showAs", "S",
                        "dataGeography", "DE", "billingType", "trial", "contact", contact)),
                new Endpoint(operator, "POST", "/v1/partners", Map.of("partnerId", unique("x"), "name", "N",
                        "country", "DE", "distributorId", "dist-de")),
                new Endpoint(partner, "PUT", "/v1/partners/" + p + "/name", Map.of("name", "N")));

        // when every hostile variant of every body is sent
        List<String> wrong = new ArrayList<>();
        int sent = 0;
        for (Endpoint e : endpoints) {
            for (HostileBodies.Variant v : HostileBodies.of(e.body())) {
                Response r = send(e, v.json());
                sent++;
                // then each is a 400 with a code in the one error body
                if (r.statusCode() != 400 || r.jsonPath().getString("code") == null) {
                    wrong.add(e.method() + " " + e.path() + " " + v + " -> " + r.statusCode() + " " + r.asString());
                }
            }
        }
        assertThat(sent).isGreaterThan(300);
        assertThat(wrong).isEmpty();
        // and a 10 000-character value in any string field is refused or stored, but never a 5xx
        for (Endpoint e : endpoints) {
            for (HostileBodies.Variant v : HostileBodies.huge(e.body())) {
                Response r = send(e, v.json());
                if (r.statusCode() >= 500) {
                    wrong.add(e.method() + " " + e.path() + " " + v + " -> " + r.statusCode() + " " + r.asString());
                }
            }
        }
        assertThat(wrong).isEmpty();

        // and nothing hostile was stored: the customer's history and name are as before
        as(partner).get("/v1/customers/" + c).then().statusCode(200)
                .body("name", org.hamcrest.Matchers.equalTo("Target"));
    }

    @Test
    void givenHostilePathSegmentsAndQueries_whenRead_then4xxWithACodeNever500() {
        String partner = TestTokens.partner(unique("p"));
        List<String> wrong = new ArrayList<>();
        for (String path : List.of("/v1/customers/%00", "/v1/customers/a%00b/history", "/v1/customers/%ED%A0%80",
                "/v1/customers/x%01y/ingest-keys", "/v1/partners/%00", "/v1/customers?name=%00",
                "/v1/customers?name=a%01", "/partner/v1/tenants/%00")) {
            Response r = io.restassured.RestAssured.given().urlEncodingEnabled(false).auth().oauth2(partner)
                    .header("X-Partner-ID", "whoever").get(path);
            if (r.statusCode() < 400 || r.statusCode() >= 500 || r.jsonPath().getString("code") == null) {
                wrong.add(path + " -> " + r.statusCode() + " " + r.asString());
            }
        }
        assertThat(wrong).isEmpty();
    }

    private static Response send(Endpoint e, String json) {
        RequestSpecification spec = as(e.token()).header("X-Partner-ID", claim(e.token())).body(json);
        return "PUT".equals(e.method()) ? spec.put(e.path()) : spec.post(e.path());
    }

    /** The token's partner_id (the vendor API wants it in X-Partner-ID). */
    private static String claim(String token) {
        String payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]),
                java.nio.charset.StandardCharsets.UTF_8);
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\"partner_id\":\"([^\"]+)\"")
                .matcher(payload);
        return matcher.find() ? matcher.group(1) : "none";
    }
}
