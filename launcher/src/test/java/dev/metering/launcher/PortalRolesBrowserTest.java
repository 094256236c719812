package dev.metering.launcher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.launcher.simulator.ConsumerLag;
import dev.metering.testsupport.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * The distributor's pages in a real headless Chromium against the real services ({@code bin/platform}'s way:
 * real Kafka, real PostgreSQL, a process per service): two distributors with a partner each, a month closed;
 * each distributor sees its own partners' invoices and downloads their lines, and never the other's (R26). The
 * platform and the browser are the run's shared ones ({@link SharedPortal}).
 */
@ExtendWith(SharedPortal.class)
@Order(SharedPortal.LAST)
class PortalRolesBrowserTest {

    static final String DIST_A = "dist-roles-a";
    static final String DIST_B = "dist-roles-b";
    static final String PARTNER_A = "p-roles-a";
    static final String PARTNER_B = "p-roles-b";

    static LocalPlatform platform;
    static PortalBrowser browser;
    static String portal;
    static YearMonth period;

    @BeforeAll
    static void seedAndCloseAMonthOnTheSharedPlatform(PortalBrowser shared) {
        browser = shared;
        platform = shared.platform;
        portal = shared.portal;
        seedAndCloseAMonth();
    }

    static void seedAndCloseAMonth() {
        String customers = platform.url("customer-service");
        String operator = TestTokens.operator();
        Map<String, String> keys = new LinkedHashMap<>();
        for (String[] p : List.of(new String[] {PARTNER_A, DIST_A, "Roles A, \"Ltd\""},
                new String[] {PARTNER_B, DIST_B, "Roles B GmbH"})) {
            post(customers, "/v1/partners", operator, Map.of("partnerId", p[0], "name", p[2], "country", "DE",
                    "distributorId", p[1]), 201);
            // R2: MONTHLY customers are for MSP Flex partners, whom their own distributor approves
            post(customers, "/v1/partners/" + p[0] + "/flex-approval", TestTokens.distributor(p[1]), null, 200);
            String token = TestTokens.partner(p[0]);
            String customer = post(customers, "/v1/customers", token, Map.of("name", "Customer of " + p[0],
                    "dataGeography", "DE", "billingType", "MONTHLY"), 201).path("id");
            keys.put(p[0], post(customers, "/v1/customers/" + customer + "/ingest-keys", token, null, 201)
                    .path("key"));
        }
        Instant s = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        period = YearMonth.from(s.atOffset(ZoneOffset.UTC)).minusMonths(1);
        PortalBrowser.sleep(Math.max(0, Duration.between(Instant.now(), s).toMillis() + 50));
        platform.restart("billing-service", Map.of("BILLING_CLOSE_DAY",
                Integer.toString(s.atOffset(ZoneOffset.UTC).getDayOfMonth()), "BILLING_CLOSE_TIME",
                s.atOffset(ZoneOffset.UTC).toLocalTime().toString(), "BILLING_CLOSE_AUTO_ENABLED", "false"));
        ingest(keys.get(PARTNER_A), List.of(device("a-laptop-1", List.of("ENDPOINT_STANDARD"), s, 2),
                device("a-server-1", List.of("SERVER_STANDARD", "DEVICE_ENCRYPTION"), s, 3)));
        ingest(keys.get(PARTNER_B), List.of(device("b-laptop-1", List.of("ENDPOINT_ADVANCED"), s, 1)));
        assertThat(ConsumerLag.awaitZero(platform.bootstrapServers(), "billing-service", Duration.ofSeconds(60)))
                .as("billing folded every record").isTrue();
        for (String partner : List.of(PARTNER_A, PARTNER_B)) {
            PortalBrowser.await("usage of " + partner + " shows its devices", () -> given()
                    .baseUri(platform.url("billing-service")).auth().oauth2(TestTokens.partner(partner))
                    .get("/v1/usage").jsonPath().getInt("totals.total") > 0);
        }
        Response closed = given().baseUri(platform.url("billing-service")).auth().oauth2(operator)
                .post("/v1/periods/" + period + "/close");
        assertThat(closed.statusCode()).as(closed.asString()).isEqualTo(200);
        assertThat(closed.jsonPath().getList("issued", String.class))
                .contains("INV-" + period + "-" + PARTNER_A, "INV-" + period + "-" + PARTNER_B);
    }

    @Test
    void aDistributorSeesItsPartnersDocumentsAndDownloadsTheirLinesButNeverAnotherDistributors() throws Exception {
        for (String[] d : List.of(new String[] {DIST_A, PARTNER_A, PARTNER_B}, new String[] {DIST_B, PARTNER_B,
                PARTNER_A})) {
            String own = "INV-" + period + "-" + d[1];
            String foreign = "INV-" + period + "-" + d[2];
            browser.signIn("distributor", d[0]);
            browser.click(By.id("nav-distributor"));
            assertThat(browser.browser.getCurrentUrl()).endsWith("/distributor");
            Response api = given().baseUri(platform.url("billing-service")).auth()
                    .oauth2(TestTokens.distributor(d[0])).queryParam("period", period.toString()).get("/v1/invoices");
            assertThat(api.statusCode()).isEqualTo(200);
            assertThat(api.jsonPath().getList("invoiceId", String.class)).containsExactly(own);
            @SuppressWarnings("unchecked")
            List<String> rows = (List<String>) browser.script("""
                    return Array.from(document.querySelectorAll('#distributor-partners tr.partner')).map(tr =>
                      tr.dataset.partnerId + '|' + tr.querySelector('.invoice-link').innerText.trim() + '|'
                      + tr.querySelector('.invoice-total').innerText.trim().split(' ')[0]);""");
            BigDecimal apiTotal = new BigDecimal(api.jsonPath().getString("[0].totalAmount"));
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0)).startsWith(d[1] + "|" + own + "|");
            assertThat(new BigDecimal(rows.get(0).split("\\|")[2])).isEqualByComparingTo(apiTotal);
            browser.screenshot("distributor-" + d[0]);

            // the CSV: one row per invoice line, the same lines and amounts as the API's invoice
            String href = browser.browser.findElement(By.id("lines-csv")).getAttribute("href");
            HttpResponse<String> csv = browser.withSession(href);
            assertThat(csv.statusCode()).isEqualTo(200);
            assertThat(csv.headers().firstValue("Content-Disposition").orElse(""))
                    .contains("lines-" + period + ".csv");
            List<String> lines = csv.body().lines().skip(1).toList();
            List<Map<String, Object>> apiLines = api.jsonPath().getList("[0].lines");
            assertThat(lines).hasSize(apiLines.size()).allMatch(l -> l.startsWith(period + "," + own + ",invoice,"
                    + d[1] + ","));
            assertThat(csv.body()).doesNotContain(d[2]);
            List<String> expected = new ArrayList<>();
            for (Map<String, Object> l : apiLines) {
                expected.add(l.get("customerId") + "|" + l.get("product") + "|" + l.get("quantity") + "|"
                        + plain(l.get("amount").toString()));
            }
            assertThat(lines.stream().map(PortalRolesBrowserTest::customerProductQuantityAmount).toList())
                    .containsExactlyInAnyOrderElementsOf(expected);
            BigDecimal sum = lines.stream().map(l -> new BigDecimal(l.split(",")[l.split(",").length - 2]))
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(sum).as("the CSV's lines add up to the invoice's total").isEqualByComparingTo(apiTotal);

            // another distributor's invoice is "not found", as the API says
            browser.get("/invoices/" + foreign);
            assertThat(browser.text("#error-title")).isEqualTo("Not found");
            browser.screenshot("distributor-not-found");
            assertThat(browser.withSession(portal + "/invoices/" + foreign).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void theDistributorPageIsForDistributorsOnly() throws Exception {
        browser.signIn("partner", PARTNER_A);
        assertThat(browser.browser.findElements(By.id("nav-distributor"))).isEmpty();
        assertThat(browser.withSession(portal + "/distributor").statusCode()).isEqualTo(403);
        assertThat(browser.withSession(portal + "/distributor/lines.csv?period=" + period).statusCode())
                .isEqualTo(403);
    }

    /** customer id, product, quantity and amount of a CSV row (the partner's name is quoted: count from the end). */
    static String customerProductQuantityAmount(String csvRow) {
        String[] f = csvRow.split(",");
        int n = f.length;
        return f[n - 8] + "|" + f[n - 6] + "|" + f[n - 4] + "|" + plain(f[n - 2]);
    }

    static String plain(String amount) {
        return new BigDecimal(amount).stripTrailingZeros().toPlainString();
    }

    static Response post(String base, String path, String token, Object body, int status) {
        var spec = given().baseUri(base).auth().oauth2(token).contentType(ContentType.JSON);
        if (body != null) {
            spec.body(body);
        }
        Response r = spec.post(path);
        assertThat(r.statusCode()).as("POST " + path + ": " + r.asString()).isEqualTo(status);
        return r;
    }

    static Map<String, Object> device(String id, List<String> products, Instant s, int daysBeforeS) {
        Instant at = s.minus(Duration.ofDays(daysBeforeS));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "device-heartbeat");
        m.put("eventId", id + "@" + at);
        m.put("deviceId", id);
        m.put("deviceKind", id.contains("server") ? "SERVER" : "WORKSTATION");
        m.put("products", products);
        m.put("occurredAt", at.toString());
        return m;
    }

    /** Posts through the edge; retries while ingest has not yet consumed the key (401). */
    static void ingest(String key, List<Map<String, Object>> items) {
        Response r = PortalBrowser.untilKeyKnown(() -> given().baseUri(portal).header("X-Ingest-Key", key)
                .contentType(ContentType.JSON).body(items).post("/v1/heartbeats"));
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
    }
}
