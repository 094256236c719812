package dev.metering.launcher;

import static dev.metering.launcher.PortalBrowser.device;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.contracts.ProductCode;
import dev.metering.launcher.simulator.ConsumerLag;
import dev.metering.testsupport.TestTokens;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The partner's data pages in a real, headless Chromium against the real services (real Kafka, real PostgreSQL,
 * every service a process), over a month seeded once through the public APIs: the invoice preview equals the
 * invoice the close at that instant issues (R22–R27), the drill-down of every line shows the units the invoice
 * counted (R26), the totals per product and category add up, and the usage page's 60-day chart shows billing's
 * units per product and day. Every page shows only the signed-in partner's own customers. The platform and the
 * browser are the run's shared ones ({@link SharedPortal}).
 */
@ExtendWith(SharedPortal.class)
@Order(SharedPortal.LAST)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PortalPartnerPagesBrowserTest {

    static final String DISTRIBUTOR = "dist-pages";
    static final String FLEX = "p-pages-flex";
    static final String OTHER = "p-pages-other";

    static LocalPlatform platform;
    static PortalBrowser web;
    static YearMonth period;
    static Instant s;
    static String invoiceId;
    static final Map<String, String> ids = new TreeMap<>();

    @BeforeAll
    static void seedAMonthOnTheSharedPlatform(PortalBrowser shared) {
        web = shared;
        platform = web.platform;
        seedAMonth();
    }

    /** Two partners of one distributor, four customers, devices seen over the last 33 days, S right after. */
    static void seedAMonth() {
        String operator = TestTokens.operator();
        for (String p : List.of(FLEX, OTHER)) {
            web.post("customer-service", "/v1/partners", operator, Map.of("partnerId", p, "name", p + " GmbH",
                    "country", "DE", "distributorId", DISTRIBUTOR), 201);
            web.post("customer-service", "/v1/partners/" + p + "/flex-approval", TestTokens.distributor(DISTRIBUTOR),
                    null, 200);
        }
        String flex = TestTokens.partner(FLEX);
        String other = TestTokens.partner(OTHER);
        ids.put("alpha", web.createCustomer(flex, "Alpha Monthly", "MONTHLY"));
        ids.put("bravo", web.createCustomer(flex, "Bravo Monthly", "MONTHLY"));
        ids.put("charlie", web.createCustomer(flex, "Charlie Term", "TERM"));
        ids.put("oscar", web.createCustomer(other, "Oscar Monthly", "MONTHLY"));
        Map<String, String> keys = new TreeMap<>();
        ids.forEach((name, id) -> keys.put(name, web.ingestKey(name.equals("oscar") ? other : flex, id)));

        // R22: this deployment's close instant S is right after the setup
        s = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        period = YearMonth.from(s.atOffset(ZoneOffset.UTC)).minusMonths(1);
        invoiceId = "INV-" + period + "-" + FLEX;
        PortalBrowser.sleep(Math.max(0, Duration.between(Instant.now(), s).toMillis() + 50));
        platform.restart("billing-service", Map.of("BILLING_CLOSE_DAY",
                Integer.toString(s.atOffset(ZoneOffset.UTC).getDayOfMonth()), "BILLING_CLOSE_TIME",
                s.atOffset(ZoneOffset.UTC).toLocalTime().toString(), "BILLING_CLOSE_AUTO_ENABLED", "false"));

        List<String> es = List.of("ENDPOINT_STANDARD");
        web.ingest(keys.get("alpha"), List.of(
                device("alpha-laptop-1", "WORKSTATION", es, "alice@alpha.example", daysBefore(2)),
                device("alpha-laptop-1", "WORKSTATION", es, "alice@alpha.example", daysBefore(12)),
                device("alpha-laptop-1", "WORKSTATION", es, "alice@alpha.example", daysBefore(25)),
                device("alpha-laptop-2", "WORKSTATION", es, "alice@alpha.example", daysBefore(3)), // R17: alice once
                device("alpha-laptop-3", "WORKSTATION", es, "bob@alpha.example", daysBefore(4)),
                device("alpha-server-1", "SERVER", List.of("SERVER_STANDARD"), null, daysBefore(5)),
                device("alpha-phone-1", "MOBILE", List.of("MOBILE_CONTROL"), "alice@alpha.example", daysBefore(9))));
        web.ingest(keys.get("bravo"), List.of(
                device("bravo-server-1", "SERVER", List.of("SERVER_ADVANCED"), null, daysBefore(2)),
                device("bravo-server-2", "SERVER", List.of("SERVER_ADVANCED", "DEVICE_ENCRYPTION"), null,
                        daysBefore(7)),
                device("bravo-web-1", "WORKSTATION", List.of("WEB"), null, daysBefore(8)),
                device("bravo-old-1", "SERVER", List.of("SERVER_ADVANCED"), null, daysBefore(33)))); // R16: out
        web.ingest(keys.get("charlie"), List.of(
                device("charlie-laptop-1", "WORKSTATION", List.of("ENDPOINT_ADVANCED"), "dan@charlie.example",
                        daysBefore(1))));
        web.ingest(keys.get("oscar"), List.of(
                device("oscar-laptop-1", "WORKSTATION", List.of("ENDPOINT_ADVANCED"), "gus@oscar.example",
                        daysBefore(1))));
        assertThat(ConsumerLag.awaitZero(platform.bootstrapServers(), "billing-service", Duration.ofSeconds(60)))
                .as("billing folded every record").isTrue();
        PortalBrowser.await("billing counts the Flex partner's units at S", () -> {
            Response r = given().baseUri(platform.url("billing-service")).auth().oauth2(flex)
                    .queryParam("at", s.toString()).get("/v1/usage");
            return r.statusCode() == 200 && r.jsonPath().getInt("totals.total") == 9;
        });
    }

    static Instant daysBefore(int days) {
        return s.minus(Duration.ofDays(days)).minusSeconds(60);
    }

    // ---------------------------------------------------------------- the tests

    @Test
    @Order(1)
    void theInvoicePreviewEqualsTheInvoiceTheCloseAtThatInstantIssues() {
        web.signIn("partner", FLEX);
        // the invoices page leads to the open period's preview (closing now)
        web.get("/invoices");
        web.click(By.id("preview-link"));
        Response open = preview(FLEX, null, null);
        assertThat(web.text("#preview-period")).isEqualTo(open.path("period").toString());
        assertThat(web.text("#invoice-id")).isEqualTo(open.path("invoice.invoiceId").toString());
        web.screenshot("invoice-preview-open");

        // the period at S, before it is closed: the page shows billing's preview, and its totals add up
        web.get("/invoices/preview?period=" + period + "&at=" + s);
        Response atS = preview(FLEX, period.toString(), s.toString());
        List<String> previewLines = pageLines();
        assertThat(previewLines).isEqualTo(apiLines(atS.jsonPath(), "invoice.")).hasSize(6);
        assertThat(previewLines).noneMatch(l -> l.contains("Charlie")).noneMatch(l -> l.contains("Oscar"));
        assertTotalsAddUp(atS.jsonPath(), "invoice.");
        web.screenshot("invoice-preview");

        // drill-down: the alpha ENDPOINT_STANDARD line counted alice once and bob (R17)
        web.click(By.cssSelector("tr.line[data-customer-id='" + ids.get("alpha")
                + "'][data-product='ENDPOINT_STANDARD'] a.units"));
        assertThat(pageUnits()).containsExactly("user:alice@alpha.example", "user:bob@alpha.example");
        assertThat(web.text("#line-quantity")).isEqualTo("2");
        web.click(By.id("back"));
        assertThat(web.browser.getCurrentUrl()).contains("/invoices/preview").contains("period=" + period);

        // the close at S issues exactly the invoice the preview showed
        Response closed = given().baseUri(platform.url("billing-service")).auth().oauth2(TestTokens.operator())
                .post("/v1/periods/" + period + "/close");
        assertThat(closed.statusCode()).as(closed.asString()).isEqualTo(200);
        assertThat(closed.jsonPath().getList("issued", String.class)).contains(invoiceId);
        web.get("/invoices");
        web.click(By.cssSelector("tr[data-invoice-id='" + invoiceId + "'] a"));
        assertThat(pageLines()).as("the issued invoice's lines are the preview's").isEqualTo(previewLines);
        assertThat(new BigDecimal(web.text("#invoice-total")))
                .isEqualByComparingTo(new BigDecimal(atS.path("invoice.totalAmount").toString()));
        web.signOut();
    }

    @Test
    @Order(2)
    void everyLineOfAnIssuedInvoiceDrillsDownToTheUnitsItCounted() {
        web.signIn("partner", FLEX);
        web.get("/invoices/" + invoiceId);
        JsonPath detail = given().baseUri(platform.url("billing-service")).auth().oauth2(TestTokens.partner(FLEX))
                .get("/v1/invoices/" + invoiceId).jsonPath();
        JsonPath evidence = given().baseUri(platform.url("billing-service")).auth().oauth2(TestTokens.partner(FLEX))
                .get("/v1/invoices/" + invoiceId + "/evidence").jsonPath();
        assertTotalsAddUp(detail, "invoice.");
        web.screenshot("invoice-totals");
        List<String> hrefs = web.strings("""
                return Array.from(document.querySelectorAll('#invoice-lines tr.line a.units')).map(a => a.href);""");
        List<Map<String, Object>> lines = evidence.getList("lines");
        assertThat(hrefs).hasSize(lines.size());
        for (String href : hrefs) {
            String[] path = href.substring(href.indexOf("/lines/") + "/lines/".length()).split("/");
            Map<String, Object> line = lines.stream().filter(l -> l.get("customerId").equals(path[0])
                    && l.get("product").equals(path[1])).findFirst().orElseThrow();
            web.browser.get(href);
            assertThat(web.text("#line-customer")).isEqualTo(detail.getString(
                    "invoice.lines.find { it.customerId == '" + path[0] + "' }.customerName"));
            assertThat(web.text("#line-product")).isEqualTo(path[1]);
            assertThat(pageUnits()).as("units of " + href).isEqualTo(line.get("unitIds"));
            assertThat(Long.parseLong(web.text("#line-quantity"))).isEqualTo(((List<?>) line.get("unitIds")).size());
        }
        web.screenshot("invoice-line-units");
        // R16: the server last seen 33 days before S is on no invoice line
        assertThat(evidence.getList("lines.unitIds.flatten()", String.class)).doesNotContain("device:bravo-old-1");
        web.signOut();

        // another partner: the invoice's drill-down and a preview line of the Flex partner's customer are not found
        web.signIn("partner", OTHER);
        web.browser.get(hrefs.get(0));
        assertThat(web.text("#error-title")).isEqualTo("Not found");
        assertThat(web.browser.getPageSource()).doesNotContain("alice@alpha.example");
        web.get("/invoices/preview/lines/" + ids.get("alpha") + "/ENDPOINT_STANDARD?period=" + period + "&at=" + s);
        assertThat(web.text("#error-title")).isEqualTo("Not found");
        web.get("/invoices/preview?period=" + period + "&at=" + s);
        assertThat(pageLines()).isEqualTo(apiLines(preview(OTHER, period.toString(), s.toString()).jsonPath(),
                "invoice.")).hasSize(1).allMatch(l -> l.startsWith("Oscar Monthly|"));
        web.signOut();
    }

    @Test
    @Order(3)
    void theUsagePageChartsEachPartnersOwnUnitsPerProductAndDay() {
        for (String partner : List.of(FLEX, OTHER)) {
            web.signIn("partner", partner);
            web.get("/usage");
            new WebDriverWait(web.browser, Duration.ofSeconds(20)).until(d -> !"".equals(web.script(
                    "const c = document.getElementById('daily-chart'); return c.dataset.ready || c.dataset.error || ''")));
            assertThat(web.script("return document.getElementById('daily-chart').dataset.error || 'none'"))
                    .as("the chart's data loaded").isEqualTo("none");
            JsonPath daily = given().baseUri(platform.url("billing-service")).auth()
                    .oauth2(TestTokens.partner(partner)).queryParam("days", 60).get("/v1/usage/daily").jsonPath();
            assertThat(web.script("return document.getElementById('daily-chart').dataset.days"))
                    .isEqualTo("60");
            List<String> api = new ArrayList<>();
            List<Map<String, Object>> days = daily.getList("days");
            for (String product : daily.getList("products", String.class)) {
                for (Map<String, Object> day : days) {
                    Object n = ((Map<?, ?>) day.get("units")).get(product);
                    if (n != null && ((Number) n).intValue() > 0) {
                        api.add(product + "|" + day.get("day") + "|" + n);
                    }
                }
            }
            List<String> points = web.strings("""
                    return Array.from(document.querySelectorAll('#daily-chart circle.point')).map(c =>
                      c.dataset.product + '|' + c.dataset.day + '|' + c.dataset.units);""");
            assertThat(points).isEqualTo(api);
            if (partner.equals(FLEX)) {
                // alpha-laptop-1 was seen 2, 12 and 25 days ago; the 33-day-old server is charted, not invoiced
                assertThat(points).hasSizeGreaterThanOrEqualTo(10)
                        .anyMatch(p -> p.startsWith("SERVER_ADVANCED|" + dayOf(daysBefore(33)) + "|"));
                assertThat(web.strings("""
                        return Array.from(document.querySelectorAll('#daily-legend .key')).map(k => k.dataset.product);"""))
                        .contains("ENDPOINT_STANDARD", "SERVER_ADVANCED", "MOBILE_CONTROL", "WEB");
                web.screenshot("usage-chart");
            } else {
                assertThat(points).containsExactly("ENDPOINT_ADVANCED|" + dayOf(daysBefore(1)) + "|1");
            }
            web.signOut();
        }
    }

    @Test
    @Order(4)
    void theCustomerConsoleListsDevicesWithWhyNotCountedAndIssuesAndRevokesIngestKeys() {
        String bravo = ids.get("bravo");
        web.signIn("partner", FLEX);
        // Launch Central Admin: enabled for a customer with Partner Assistance on (MONTHLY), disabled for TERM
        web.get("/usage");
        assertThat(web.browser.findElement(org.openqa.selenium.By.cssSelector(
                "tr[data-customer-id='" + ids.get("charlie") + "'] .launch")).getTagName()).isEqualTo("span");
        web.click(By.cssSelector("tr[data-customer-id='" + bravo + "'] a.launch"));
        assertThat(web.browser.getCurrentUrl()).endsWith("/customers/" + bravo + "/console");
        assertThat(web.text("#console-title")).isEqualTo("Central Admin: Bravo Monthly");

        // an ingest key issued on the page works for devices; the plaintext is shown once
        web.click(By.id("issue-key"));
        String key = web.text("#issued-key-value");
        String keyId = web.browser.findElement(By.id("issued-key")).getAttribute("data-key-id");
        assertThat(consoleKeys()).contains(keyId);
        Instant now = Instant.now();
        web.ingest(key, List.of(
                device("bravo-tryout-1", "SERVER", List.of("SERVER_STANDARD"), null, now.minus(Duration.ofDays(2))),
                PortalBrowser.removal("bravo-tryout-1", now.minus(Duration.ofDays(1)))));
        PortalBrowser.await("billing lists the removed try-out device", () -> {
            web.get("/customers/" + bravo + "/console");
            return consoleDevices().stream().anyMatch(d -> d.startsWith("bravo-tryout-1|"));
        });
        // every device and firewall as billing's API lists it: counted now or why not (R16, R19)
        Response api = given().baseUri(platform.url("billing-service")).auth().oauth2(TestTokens.partner(FLEX))
                .get("/v1/usage/customers/" + bravo);
        List<String> expected = new ArrayList<>();
        for (Map<String, Object> d : api.jsonPath().<Map<String, Object>>getList("devices")) {
            expected.add(d.get("deviceId") + "|" + d.get("product") + "|" + d.get("counted") + "|"
                    + (d.get("notCounted") == null ? "" : d.get("notCounted")));
        }
        assertThat(consoleDevices()).isEqualTo(expected).contains(
                "bravo-server-1|SERVER_ADVANCED|true|",
                "bravo-old-1|SERVER_ADVANCED|false|outside-30-days",
                "bravo-tryout-1|SERVER_STANDARD|false|removed");
        assertThat(web.text("tr[data-device-id='bravo-old-1'] .why")).isEqualTo("No heartbeat in the last 30 days");
        web.screenshot("console");

        // revoking the key on the page: ingest refuses it once the revocation reaches it
        web.click(By.cssSelector("tr.key[data-key-id='" + keyId + "'] .revoke-key"));
        assertThat(consoleKeys()).doesNotContain(keyId);
        assertThat(given().baseUri(platform.url("customer-service")).auth().oauth2(TestTokens.partner(FLEX))
                .get("/v1/customers/" + bravo + "/ingest-keys").jsonPath().getList("items", String.class))
                .doesNotContain(keyId);
        PortalBrowser.await("ingest refuses the revoked key", () -> given().baseUri(web.portal)
                .header("X-Ingest-Key", key).contentType(io.restassured.http.ContentType.JSON)
                .body(List.of(device("bravo-late-1", "SERVER", List.of("SERVER_STANDARD"), null, Instant.now())))
                .post("/v1/heartbeats").statusCode() == 401);

        // without Partner Assistance the console is refused with a page saying why
        web.get("/customers/" + ids.get("charlie") + "/console");
        assertThat(web.browser.findElement(By.id("console-refused")).getAttribute("data-code"))
                .isEqualTo("partner-assistance-off");
        assertThat(web.text("#error-title")).isEqualTo("Partner Assistance is off");
        web.screenshot("console-refused");
        web.get("/customers/" + ids.get("charlie"));
        assertThat(web.browser.findElement(By.id("launch-central-admin")).getTagName()).isEqualTo("span");
        // turning it on enables Launch Central Admin
        web.click(By.id("toggle-partner-assistance"));
        assertThat(web.text("#partner-assistance")).startsWith("On");
        web.click(By.id("launch-central-admin"));
        assertThat(web.text("#console-title")).isEqualTo("Central Admin: Charlie Term");

        // License Details: the customer's licences as license-service shows them
        web.get("/customers/" + ids.get("charlie"));
        web.click(By.id("license-details"));
        Response overview = given().baseUri(platform.url("license-service")).auth().oauth2(TestTokens.partner(FLEX))
                .get("/v1/customers/" + ids.get("charlie") + "/license-overview");
        assertThat(overview.statusCode()).isEqualTo(200);
        assertThat(web.text("#overview-billing-type")).isEqualTo(overview.jsonPath().getString("licences.billingType"));
        assertThat(web.text("#overview-partner-owned"))
                .isEqualTo(overview.jsonPath().getString("licences.partnerOwnedTermLicences"));
        web.screenshot("licence-details");
        trialsConvertToPaidAndTheMonthlySelectionChangesOnLicenseDetails();
        web.signOut();

        // partner B gets the not-found page for partner A's customer console
        web.signIn("partner", OTHER);
        web.get("/customers/" + bravo + "/console");
        assertThat(web.text("#error-title")).isEqualTo("Not found");
        assertThat(web.browser.getPageSource()).doesNotContain("Bravo").doesNotContain("bravo-server-1");
        web.signOut();
    }

    @Test
    @Order(5)
    void theMigrationPagesTakeEachPartysConsentAndTheOperatorExecutes() {
        String alpha = ids.get("alpha");
        String mid = web.post("customer-service", "/v1/customers/" + alpha + "/migrations",
                TestTokens.partner(FLEX), Map.of("toPartnerId", OTHER), 201).path("migrationId");
        // the partner the customer joins consents on its page
        web.signIn("partner", OTHER);
        web.click(By.id("nav-migrations"));
        assertThat(migrationRows()).containsExactly(mid + "|" + FLEX + "|" + OTHER + "||CURRENT_PARTNER, CUSTOMER, NEW_PARTNER");
        web.click(By.cssSelector("tr[data-migration-id='" + mid + "'] .consent"));
        assertThat(migrationRows()).containsExactly(mid + "|" + FLEX + "|" + OTHER + "|NEW_PARTNER|CURRENT_PARTNER, CUSTOMER");
        assertThat(web.browser.findElements(By.cssSelector("tr[data-migration-id='" + mid + "'] .consent"))).isEmpty();
        web.screenshot("migrations-partner");
        web.signOut();
        // the partner it leaves consents too; the list equals the API's
        web.signIn("partner", FLEX);
        web.get("/migrations");
        web.click(By.cssSelector("tr[data-migration-id='" + mid + "'] .consent"));
        assertThat(migrationRows()).containsExactly(mid + "|" + FLEX + "|" + OTHER + "|CURRENT_PARTNER, NEW_PARTNER|CUSTOMER");
        assertThat(given().baseUri(platform.url("customer-service")).auth().oauth2(TestTokens.partner(FLEX))
                .get("/v1/migrations").jsonPath().getList("items[0].consents", String.class))
                .containsExactly("CURRENT_PARTNER", "NEW_PARTNER");
        web.signOut();
        // the operator records the customer's consent and executes the move
        web.signIn("operator", "");
        web.click(By.id("nav-migrations"));
        assertThat(web.text("h1")).isEqualTo("Migrations to execute");
        assertThat(web.browser.findElements(By.cssSelector("tr[data-migration-id='" + mid + "'] .execute"))).isEmpty();
        web.click(By.cssSelector("tr[data-migration-id='" + mid + "'] .consent"));
        assertThat(web.text("tr[data-migration-id='" + mid + "'] .state")).isEqualTo("Ready to execute");
        web.screenshot("migrations-operator");
        web.click(By.cssSelector("tr[data-migration-id='" + mid + "'] .execute"));
        assertThat(web.browser.findElements(By.cssSelector("tr[data-migration-id='" + mid + "']"))).isEmpty();
        assertThat(given().baseUri(platform.url("customer-service")).auth().oauth2(TestTokens.operator())
                .get("/v1/customers/" + alpha).jsonPath().getString("partnerId")).isEqualTo(OTHER);
        web.signOut();
    }

    /**
     * License Details' actions (R12, R17a), signed in as the Flex partner: a seeded trial converted on the page is
     * paid in license-service; a stale page's refusal shows license-service's message; the monthly selection changed
     * per product family on the page is the API's overview afterwards.
     */
    static void trialsConvertToPaidAndTheMonthlySelectionChangesOnLicenseDetails() {
        String flex = TestTokens.partner(FLEX);
        String charlie = ids.get("charlie");
        String start = LocalDate.now(ZoneOffset.UTC).toString();
        for (String trial : List.of("TRIAL-CHARLIE-1", "TRIAL-CHARLIE-2")) {
            web.post("license-service", "/v1/customers/" + charlie + "/licenses", flex, Map.of("licenseId", trial,
                    "sku", "EP-ADV-TRIAL", "product", "ENDPOINT_ADVANCED", "quantity", 5, "startDate", start,
                    "owner", "partner", "trial", true), 201);
        }
        web.get("/customers/" + charlie + "/licences");
        String first = "tr.licence[data-licence-identifier='TRIAL-CHARLIE-1']";
        String second = "tr.licence[data-licence-identifier='TRIAL-CHARLIE-2']";
        assertThat(web.text(first + " .type")).isEqualTo("trial");
        web.click(By.cssSelector(first + " .convert-to-paid"));
        assertThat(web.browser.getCurrentUrl()).endsWith("/customers/" + charlie + "/licences");
        Response paid = given().baseUri(platform.url("license-service")).auth().oauth2(flex)
                .get("/v1/customers/" + charlie + "/licenses/TRIAL-CHARLIE-1");
        assertThat(paid.jsonPath().getString("type")).as("R12: license-service holds it paid").isEqualTo("term");
        assertThat(paid.jsonPath().getString("endDate")).as("the default paid term: a year from the trial's start")
                .isEqualTo(LocalDate.parse(start).plusYears(1).minusDays(1).toString());
        assertThat(web.text(first + " .type")).isEqualTo("term");
        assertThat(web.text(first + " .end")).isEqualTo(paid.jsonPath().getString("endDate"));
        assertThat(web.browser.findElements(By.cssSelector(first + " .convert-to-paid"))).isEmpty();
        // a stale page: the second trial was converted elsewhere meanwhile; the page shows the API's refusal
        web.post("license-service", "/v1/customers/" + charlie + "/licenses/TRIAL-CHARLIE-2/convert-to-paid", flex,
                Map.of(), 200);
        web.click(By.cssSelector(second + " .convert-to-paid"));
        assertThat(web.text("#page-error"))
                .isEqualTo("Not converted to paid: licence TRIAL-CHARLIE-2 is already paid");
        assertThat(web.text(second + " .type")).isEqualTo("term");
        web.screenshot("licence-details-converted");

        // R17a: the monthly licence per product family of a monthly customer, changed on the page
        String bravo = ids.get("bravo");
        web.get("/customers/" + bravo + "/licences");
        assertThat(web.browser.findElements(By.cssSelector("tr.family[data-family='FIREWALL']")))
                .as("R13: firewalls are registered by serial, not selected").isEmpty();
        selectMonthly("ENDPOINT", "ENDPOINT_ADVANCED");
        selectMonthly("SERVER", "SERVER_STANDARD");
        assertThat(pageSelections()).isEqualTo(Map.of("ENDPOINT", "ENDPOINT_ADVANCED", "SERVER", "SERVER_STANDARD"))
                .isEqualTo(apiSelections(bravo));
        selectMonthly("SERVER", "");
        assertThat(pageSelections()).isEqualTo(Map.of("ENDPOINT", "ENDPOINT_ADVANCED"))
                .isEqualTo(apiSelections(bravo));
        assertThat(web.text("tr.family[data-family='SERVER'] .selected")).isEqualTo("none");
        assertThat(web.text("#overview-monthly")).isEqualTo("ENDPOINT: ENDPOINT_ADVANCED");
        web.screenshot("licence-details-monthly");
    }

    /** Chooses {@code product} ("" for none) in the family's form on License Details and saves. */
    static void selectMonthly(String family, String product) {
        new Select(web.browser.findElement(By.id("monthly-" + family))).selectByValue(product);
        web.click(By.id("select-" + family));
        assertThat(web.browser.findElements(By.id("page-error"))).as("no refusal").isEmpty();
    }

    /** License Details' selections in force, family to product. */
    static Map<String, String> pageSelections() {
        Map<String, String> out = new TreeMap<>();
        for (String row : web.strings("""
                return Array.from(document.querySelectorAll('#monthly-selections tr.family'))
                  .filter(tr => tr.dataset.selected).map(tr => tr.dataset.family + '=' + tr.dataset.selected);""")) {
            out.put(row.substring(0, row.indexOf('=')), row.substring(row.indexOf('=') + 1));
        }
        return out;
    }

    /** license-service's overview of the customer: its monthly selections in force now. */
    static Map<String, String> apiSelections(String customerId) {
        Response overview = given().baseUri(platform.url("license-service")).auth().oauth2(TestTokens.partner(FLEX))
                .get("/v1/customers/" + customerId + "/license-overview");
        assertThat(overview.statusCode()).isEqualTo(200);
        return new TreeMap<>(overview.jsonPath().getMap("licences.monthlySelections", String.class, String.class));
    }

    static List<String> consoleDevices() {
        return web.strings("""
                return Array.from(document.querySelectorAll('#console-devices tr.device, #console-firewalls tr.device'))
                  .map(tr => tr.dataset.deviceId + '|' + tr.dataset.product + '|' + tr.dataset.counted + '|' + tr.dataset.reason);""");
    }

    static List<String> consoleKeys() {
        return web.strings("return Array.from(document.querySelectorAll('#console-keys tr.key')).map(tr => tr.dataset.keyId);");
    }

    /** Each open request as id|from|to|consents|missing. */
    static List<String> migrationRows() {
        return web.strings("""
                return Array.from(document.querySelectorAll('#migrations-table tr.migration')).map(tr =>
                  [tr.dataset.migrationId, tr.querySelector('.from').innerText.trim(), tr.querySelector('.to').innerText.trim(),
                   tr.querySelector('.consents').innerText.trim(), tr.querySelector('.missing').innerText.trim()].join('|'));""");
    }

    // ---------------------------------------------------------------- helpers

    /** The date the chart labels an instant's day bucket with (buckets end at the close's time of day, R22). */
    static String dayOf(Instant t) {
        Instant end = s;
        while (end.isBefore(t)) {
            end = end.plus(Duration.ofDays(1));
        }
        while (!end.minus(Duration.ofDays(1)).isBefore(t)) {
            end = end.minus(Duration.ofDays(1));
        }
        return end.minus(Duration.ofDays(1)).atOffset(ZoneOffset.UTC).toLocalDate().toString();
    }

    static Response preview(String partner, String p, String at) {
        var spec = given().baseUri(platform.url("billing-service")).auth().oauth2(TestTokens.partner(partner));
        if (p != null) {
            spec.queryParam("period", p);
        }
        if (at != null) {
            spec.queryParam("at", at);
        }
        Response r = spec.get("/v1/invoices/preview");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        return r;
    }

    /** Each invoice line on the page as name|product|sku|quantity|unit price|amount (numbers without trailing 0s). */
    static List<String> pageLines() {
        return web.strings("""
                return Array.from(document.querySelectorAll('#invoice-lines tbody tr.line')).map(tr =>
                  Array.from(tr.querySelectorAll('td')).map(td => td.innerText.trim()).join('|'));""").stream()
                .map(l -> {
                    String[] f = l.split("\\|");
                    return String.join("|", f[0], f[1], f[2], f[3], number(f[4]), number(f[5]));
                }).toList();
    }

    static String number(String text) {
        return new BigDecimal(text).stripTrailingZeros().toPlainString();
    }

    static List<String> apiLines(JsonPath json, String prefix) {
        List<String> out = new ArrayList<>();
        List<Map<String, Object>> lines = json.getList(prefix + "lines");
        for (int i = 0; i < lines.size(); i++) {
            String l = prefix + "lines[" + i + "].";
            out.add(json.getString(l + "customerName") + "|" + json.getString(l + "product") + "|"
                    + json.getString(l + "sku") + "|" + json.getString(l + "quantity") + "|"
                    + number(json.getString(l + "unitPrice")) + "|" + number(json.getString(l + "amount")));
        }
        return out;
    }

    /** The page's total is the sum of its lines; its totals per product and category are the lines' sums. */
    static void assertTotalsAddUp(JsonPath api, String prefix) {
        Map<String, BigDecimal> byProduct = new TreeMap<>();
        Map<String, BigDecimal> byCategory = new TreeMap<>();
        BigDecimal sum = BigDecimal.ZERO;
        for (String line : pageLines()) {
            String[] f = line.split("\\|");
            BigDecimal amount = new BigDecimal(f[5]);
            sum = sum.add(amount);
            byProduct.merge(f[1], amount, BigDecimal::add);
            byCategory.merge(ProductCode.valueOf(f[1]).family().name(), amount, BigDecimal::add);
        }
        assertThat(new BigDecimal(web.text("#invoice-total"))).isEqualByComparingTo(sum)
                .isEqualByComparingTo(new BigDecimal(api.getString(prefix + "totalAmount")));
        assertThat(tableSums("#product-totals", "product")).isEqualTo(plain(byProduct));
        assertThat(tableSums("#category-totals", "category")).isEqualTo(plain(byCategory));
        assertThat(byCategory).containsKeys("ENDPOINT", "SERVER", "MOBILE", "WEB", "DEVICE_ENCRYPTION");
    }

    static Map<String, String> plain(Map<String, BigDecimal> sums) {
        Map<String, String> out = new TreeMap<>();
        sums.forEach((k, v) -> out.put(k, v.stripTrailingZeros().toPlainString()));
        return out;
    }

    static Map<String, String> tableSums(String table, String key) {
        Map<String, String> out = new TreeMap<>();
        for (String row : web.strings("return Array.from(document.querySelectorAll('" + table + " tbody tr')).map(tr => "
                + "tr.dataset." + key + " + '|' + tr.querySelector('.amount').innerText.trim());")) {
            String[] f = row.split("\\|");
            out.put(f[0], new BigDecimal(f[1]).stripTrailingZeros().toPlainString());
        }
        return out;
    }

    static List<String> pageUnits() {
        return web.strings("""
                return Array.from(document.querySelectorAll('#units-table tr.unit')).map(tr =>
                  tr.dataset.kind + ':' + tr.dataset.unitId);""");
    }
}
