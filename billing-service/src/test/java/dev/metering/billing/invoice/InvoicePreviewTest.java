package dev.metering.billing.invoice;

import static dev.metering.billing.Facts.customer;
import static dev.metering.billing.Facts.heartbeat;
import static dev.metering.billing.Facts.partner;
import static dev.metering.contracts.BillingType.MONTHLY;
import static dev.metering.contracts.BillingType.TERM;
import static dev.metering.contracts.ProductCode.ENDPOINT_ADVANCED;
import static dev.metering.contracts.ProductCode.SERVER_ADVANCED;
import static dev.metering.testsupport.Waits.await;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.metering.billing.ThroughTheBroker;
import dev.metering.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The invoice preview ({@code GET /v1/invoices/preview}, R22–R27) and the partner's units per day
 * ({@code GET /v1/usage/daily}) through the real broker: the preview at S equals the invoice the close at S
 * issues; each partner sees only its own customers; bad input is a 400 with a code.
 */
@QuarkusTest
class InvoicePreviewTest extends ThroughTheBroker {

    @Test
    void thePreviewAtSEqualsTheInvoiceTheCloseAtSIssuesAndShowsOnlyTheCallersCustomers() {
        String p = "pv-" + run;
        String other = "pvo-" + run;
        String dist = "dist-pv-" + run;
        String c1 = "pv1-" + run;
        String c2 = "pv2-" + run;
        String cTerm = "pvt-" + run;
        String cOther = "pvx-" + run;
        produce(partner(p, dist, "DE"), partner(other, dist, "DE"),
                customer(c1, p, MONTHLY, "2026-01-10T00:00:00Z"),
                customer(c2, p, MONTHLY, "2026-01-10T00:00:00Z"),
                customer(cTerm, p, TERM, "2026-01-10T00:00:00Z"),
                customer(cOther, other, MONTHLY, "2026-01-10T00:00:00Z"));
        produce(heartbeat(c1, "pc-1", ENDPOINT_ADVANCED, "alice", "2026-10-25T10:00:00Z"),
                heartbeat(c1, "pc-1", ENDPOINT_ADVANCED, "alice", "2026-10-26T10:00:00Z"),
                heartbeat(c1, "pc-2", ENDPOINT_ADVANCED, "alice", "2026-10-26T11:00:00Z"), // R17: alice once
                heartbeat(c1, "srv-1", SERVER_ADVANCED, null, "2026-10-26T12:00:00Z"),
                heartbeat(c2, "srv-2", SERVER_ADVANCED, null, "2026-10-20T12:00:00Z"),
                heartbeat(cTerm, "t-1", SERVER_ADVANCED, null, "2026-10-26T12:00:00Z"), // R24: TERM is not invoiced
                heartbeat(cOther, "x-1", SERVER_ADVANCED, null, "2026-10-26T12:00:00Z"));
        await("the fold of every fact", () -> countAtS(c1, SERVER_ADVANCED) == 1 && countAtS(c1, ENDPOINT_ADVANCED) == 1
                && countAtS(c2, SERVER_ADVANCED) == 1 && countAtS(cTerm, SERVER_ADVANCED) == 1
                && countAtS(cOther, SERVER_ADVANCED) == 1 && state.distributorOf(other) != null);

        // the preview of 2026-10 as if it closed at S
        JsonPath preview = given().auth().oauth2(TestTokens.partner(p)).queryParam("period", "2026-10")
                .queryParam("at", S.toString()).when().get("/v1/invoices/preview").then().statusCode(200)
                .body("period", equalTo("2026-10")).body("closeInstant", equalTo(S.toString()))
                .body("invoice.invoiceId", equalTo("INV-2026-10-" + p)).extract().jsonPath();
        assertThat(preview.getList("invoice.lines.customerId")).containsExactly(c1, c1, c2);
        assertThat(preview.getList("evidence.unitIds")).containsExactly(List.of("user:alice"),
                List.of("device:srv-1"), List.of("device:srv-2"));

        // the close at S issues exactly that invoice
        given().auth().oauth2(TestTokens.operator()).when().post("/v1/periods/2026-10/close").then().statusCode(200);
        JsonPath issued = given().auth().oauth2(TestTokens.partner(p)).when().get("/v1/invoices/INV-2026-10-" + p)
                .then().statusCode(200).extract().jsonPath();
        assertThat(preview.getList("invoice.lines")).isEqualTo(issued.getList("invoice.lines"));
        assertThat(preview.getList("invoice.totals")).isEqualTo(issued.getList("invoice.totals"));
        assertThat(preview.getString("invoice.totalAmount")).isEqualTo(issued.getString("invoice.totalAmount"));
        assertThat(preview.getString("invoice.closedAt")).isEqualTo(issued.getString("invoice.closedAt"));
        assertThat(preview.getString("invoice.distributorId")).isEqualTo(dist);
        JsonPath evidence = given().auth().oauth2(TestTokens.partner(p)).when()
                .get("/v1/invoices/INV-2026-10-" + p + "/evidence").then().statusCode(200).extract().jsonPath();
        assertThat(preview.getList("evidence")).isEqualTo(evidence.getList("lines"));

        // a close earlier in the month would have counted only what was active then (R16)
        given().auth().oauth2(TestTokens.partner(p)).queryParam("period", "2026-10")
                .queryParam("at", "2026-10-21T00:00:00Z").when().get("/v1/invoices/preview").then().statusCode(200)
                .body("invoice.lines.customerId", org.hamcrest.Matchers.contains(c2))
                .body("invoice.totalAmount", equalTo(issued.getFloat("invoice.lines.find { it.customerId == '" + c2
                        + "' }.amount")));

        // the other partner's preview holds its own customer only
        given().auth().oauth2(TestTokens.partner(other)).queryParam("period", "2026-10")
                .queryParam("at", S.toString()).when().get("/v1/invoices/preview").then().statusCode(200)
                .body("invoice.lines.customerId", org.hamcrest.Matchers.contains(cOther));
        // a partner without monthly customers: no invoice
        given().auth().oauth2(TestTokens.partner("nobody-" + run)).queryParam("at", S.toString())
                .when().get("/v1/invoices/preview").then().statusCode(200).body("invoice", org.hamcrest.Matchers.nullValue());

        // bad input, wrong role
        given().auth().oauth2(TestTokens.partner(p)).queryParam("period", "October").when()
                .get("/v1/invoices/preview").then().statusCode(400).body("code", equalTo("invalid-field"));
        given().auth().oauth2(TestTokens.partner(p)).queryParam("at", "yesterday").when()
                .get("/v1/invoices/preview").then().statusCode(400).body("code", equalTo("invalid-field"));
        given().auth().oauth2(TestTokens.distributor(dist)).when().get("/v1/invoices/preview").then().statusCode(403);
        given().when().get("/v1/invoices/preview").then().statusCode(401);
        given().auth().oauth2(TestTokens.partner(p)).when().get("/internal/v1/invoices/preview/lines").then()
                .statusCode(400).body("code", equalTo("invalid-field"));
        // an issued invoice is still found at its own id
        given().auth().oauth2(TestTokens.partner(p)).when().get("/v1/invoices/INV-2026-10-" + p).then()
                .statusCode(200);

        // the chart's days: units seen per product and day, the caller's customers only (TERM ones too: R20)
        JsonPath daily = given().auth().oauth2(TestTokens.partner(p)).queryParam("at", S.toString())
                .when().get("/v1/usage/daily").then().statusCode(200).body("days.size()", equalTo(60))
                .body("days[59].day", equalTo("2026-10-31")).body("days[59].end", equalTo(S.toString()))
                .extract().jsonPath();
        Map<String, Map<String, Integer>> seen = new java.util.TreeMap<>();
        for (Map<String, Object> day : daily.<Map<String, Object>>getList("days")) {
            @SuppressWarnings("unchecked")
            Map<String, Integer> units = (Map<String, Integer>) day.get("units");
            Map<String, Integer> nonZero = new java.util.TreeMap<>();
            units.forEach((k, v) -> {
                if (v != 0) {
                    nonZero.put(k, v);
                }
            });
            if (!nonZero.isEmpty()) {
                seen.put((String) day.get("day"), nonZero);
            }
        }
        assertThat(seen).isEqualTo(Map.of(
                "2026-10-20", Map.of("SERVER_ADVANCED", 1),
                "2026-10-25", Map.of("ENDPOINT_ADVANCED", 1),
                "2026-10-26", Map.of("ENDPOINT_ADVANCED", 1, "SERVER_ADVANCED", 2)));
        given().auth().oauth2(TestTokens.partner(p)).queryParam("days", 65).when().get("/v1/usage/daily").then()
                .statusCode(400).body("code", equalTo("invalid-field"));
        given().auth().oauth2(TestTokens.partner(p)).queryParam("days", 0).when().get("/v1/usage/daily").then()
                .statusCode(400).body("code", equalTo("invalid-field"));
        given().auth().oauth2(TestTokens.partner(p)).queryParam("at", "soon").when().get("/v1/usage/daily").then()
                .statusCode(400).body("code", equalTo("invalid-field"));
        given().auth().oauth2(TestTokens.operator()).when().get("/v1/usage/daily").then().statusCode(403);
        given().auth().oauth2(TestTokens.partner(other)).queryParam("at", S.toString()).queryParam("days", 7)
                .when().get("/v1/usage/daily").then().statusCode(200).body("days.size()", equalTo(7))
                .body("days[1].units.SERVER_ADVANCED", equalTo(1)).body("days.total.sum()", equalTo(1));
        given().auth().oauth2(TestTokens.operator()).when().get("/q/openapi").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("/v1/invoices/preview"))
                .body(org.hamcrest.Matchers.containsString("/v1/usage/daily"));
    }
}
