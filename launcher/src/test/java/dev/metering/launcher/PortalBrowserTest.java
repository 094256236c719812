package dev.metering.launcher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.launcher.simulator.ConsumerLag;
import dev.metering.testsupport.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The partner portal in a real, headless Chromium (Debian's {@code chromium} and {@code chromium-driver},
 * driven by Selenium) against the real services as {@code bin/platform} runs them (real Kafka, real
 * PostgreSQL, every service a process). A small month is seeded through the public APIs and closed; then two
 * partners, a distributor and an operator sign in on the dev sign-in page, and every page is checked against
 * the API the page reads. Screenshots of every page go to {@code target/portal-screenshots/}. The platform and
 * the browser are the run's shared ones ({@link SharedPortal}).
 */
@ExtendWith(SharedPortal.class)
@Order(SharedPortal.LAST)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PortalBrowserTest {

    static final String DISTRIBUTOR = "dist-web";
    static final String FLEX = "p-web-flex";
    static final String CONNECT = "p-web-connect";
    static final Path SCREENSHOTS = PortalBrowser.SCREENSHOTS;

    static LocalPlatform platform;
    static PortalBrowser web;
    static WebDriver browser;
    static String portal;
    static YearMonth period;
    static Instant s;
    static final Map<String, String> ids = new LinkedHashMap<>();

    @BeforeAll
    static void seedAndCloseAMonthOnTheSharedPlatform(PortalBrowser shared) {
        web = shared;
        platform = web.platform;
        browser = web.browser;
        portal = web.portal;
        seedAndCloseAMonth();
    }

    /** Two partners of one distributor, four customers, a few devices, a close instant S right after, the close. */
    static void seedAndCloseAMonth() {
        String operator = TestTokens.operator();
        web.post("customer-service", "/v1/partners", operator, Map.of("partnerId", FLEX, "name", "Web Flex GmbH",
                "country", "DE", "distributorId", DISTRIBUTOR), 201);
        web.post("customer-service", "/v1/partners", operator, Map.of("partnerId", CONNECT, "name", "Web Connect GmbH",
                "country", "DE", "distributorId", DISTRIBUTOR), 201);
        web.post("customer-service", "/v1/partners/" + FLEX + "/flex-approval", TestTokens.distributor(DISTRIBUTOR),
                null, 200);
        String flex = TestTokens.partner(FLEX);
        ids.put("acme", web.createCustomer(flex, "Acme Monthly", "MONTHLY"));
        ids.put("beta", web.createCustomer(flex, "Beta Term", "TERM"));
        ids.put("gamma", web.createCustomer(flex, "Gamma Monthly", "MONTHLY"));
        ids.put("delta", web.createCustomer(TestTokens.partner(CONNECT), "Delta Term", "TERM"));
        Map<String, String> keys = new LinkedHashMap<>();
        ids.forEach((name, id) -> keys.put(name, web.post("customer-service", "/v1/customers/" + id + "/ingest-keys",
                name.equals("delta") ? TestTokens.partner(CONNECT) : flex, null, 201).path("key")));

        // R22: this deployment's close instant S is right after the setup
        s = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        period = YearMonth.from(s.atOffset(ZoneOffset.UTC)).minusMonths(1);
        PortalBrowser.sleep(Math.max(0, Duration.between(Instant.now(), s).toMillis() + 50));
        platform.restart("billing-service", Map.of("BILLING_CLOSE_DAY",
                Integer.toString(s.atOffset(ZoneOffset.UTC).getDayOfMonth()), "BILLING_CLOSE_TIME",
                s.atOffset(ZoneOffset.UTC).toLocalTime().toString(), "BILLING_CLOSE_AUTO_ENABLED", "false"));

        web.ingest(keys.get("acme"), List.of(
                device("acme-laptop-1", "WORKSTATION", List.of("ENDPOINT_STANDARD"), "alice@acme.example", 2),
                device("acme-laptop-2", "WORKSTATION", List.of("ENDPOINT_STANDARD", "DEVICE_ENCRYPTION"),
                        "bob@acme.example", 3),
                device("acme-server-1", "SERVER", List.of("SERVER_STANDARD"), null, 5),
                device("acme-phone-1", "MOBILE", List.of("MOBILE_CONTROL"), "alice@acme.example", 9)));
        web.ingest(keys.get("beta"), List.of(
                device("beta-laptop-1", "WORKSTATION", List.of("ENDPOINT_ADVANCED"), "dan@beta.example", 1),
                device("beta-laptop-2", "WORKSTATION", List.of("ENDPOINT_ADVANCED"), "eve@beta.example", 4),
                device("beta-laptop-3", "WORKSTATION", List.of("ENDPOINT_ADVANCED"), "fay@beta.example", 6)));
        web.ingest(keys.get("gamma"), List.of(
                device("gamma-server-1", "SERVER", List.of("SERVER_ADVANCED"), null, 2),
                device("gamma-server-2", "SERVER", List.of("SERVER_ADVANCED", "DEVICE_ENCRYPTION"), null, 7),
                device("gamma-web-1", "WORKSTATION", List.of("WEB"), null, 8)));
        web.ingest(keys.get("delta"), List.of(
                device("delta-laptop-1", "WORKSTATION", List.of("ENDPOINT_ADVANCED"), "gus@delta.example", 1)));
        assertThat(ConsumerLag.awaitZero(platform.bootstrapServers(), "billing-service", Duration.ofSeconds(60)))
                .as("billing folded every record").isTrue();
        PortalBrowser.await("usage shows all three of the Flex partner's customers", () -> apiUsage(flex, "name",
                "asc", null).jsonPath().getList("rows.findAll { it.total > 0 }").size() == 3);

        Response closed = given().baseUri(platform.url("billing-service")).auth().oauth2(operator)
                .post("/v1/periods/" + period + "/close");
        assertThat(closed.statusCode()).as(closed.asString()).isEqualTo(200);
        assertThat(closed.jsonPath().getList("issued", String.class)).contains("INV-" + period + "-" + FLEX);
    }

    // ---------------------------------------------------------------- the tests

    @Test
    @Order(1)
    void usagePageCountersRowsTotalsAndCsvEqualTheApiForBothPartners() throws Exception {
        web.get("/sign-in");
        web.screenshot("sign-in");
        for (String partner : List.of(FLEX, CONNECT)) {
            web.signIn("partner", partner);
            assertThat(browser.getCurrentUrl()).endsWith("/usage");
            Response api = apiUsage(TestTokens.partner(partner), "name", "asc", null);
            assertThat(web.text("#count-all .value")).isEqualTo(api.path("summary.allCustomers").toString());
            assertThat(web.text("#count-partner-owned .value"))
                    .isEqualTo(api.path("summary.usingPartnerOwnedLicences").toString());
            assertThat(web.text("#count-customer-owned .value"))
                    .isEqualTo(api.path("summary.usingCustomerOwnedLicences").toString());
            List<String> rows = pageRows();
            assertThat(rows).isEqualTo(apiRows(api)).hasSize(partner.equals(FLEX) ? 3 : 1);
            assertThat(pageTotals()).isEqualTo(apiTotals(api));
            if (partner.equals(FLEX)) {
                web.screenshot("usage");
                Files.copy(SCREENSHOTS.resolve("usage.png"), Path.of("target/portal-usage.png"),
                        StandardCopyOption.REPLACE_EXISTING);
            }

            // Export to CSV: the link downloads billing's own CSV, byte for byte
            String href = browser.findElement(By.id("export-csv")).getAttribute("href");
            HttpResponse<String> csv = web.withSession(href);
            assertThat(csv.statusCode()).isEqualTo(200);
            assertThat(csv.headers().firstValue("Content-Disposition").orElse("")).contains("usage.csv");
            String apiCsv = given().baseUri(platform.url("billing-service")).auth().oauth2(TestTokens.partner(partner))
                    .get("/v1/usage/export.csv").asString();
            assertThat(csv.body()).isEqualTo(apiCsv);
            assertThat(csv.body().lines().count()).as("header, a line per row, the totals").isEqualTo(rows.size() + 2);

            // "as of": the instant S shows billing's answer at S
            browser.findElement(By.id("as-of")).sendKeys(s.toString());
            web.click(By.cssSelector("#as-of-form button"));
            Response atS = apiUsage(TestTokens.partner(partner), "name", "asc", s.toString());
            assertThat(browser.findElement(By.cssSelector("#as-of-instant time")).getAttribute("datetime"))
                    .isEqualTo(atS.path("at").toString());
            assertThat(pageRows()).isEqualTo(apiRows(atS));
            assertThat(pageTotals()).isEqualTo(apiTotals(atS));
            web.signOut();
        }
    }

    @Test
    @Order(2)
    void searchAndEverySortOrderOfTheUsagePageFollowTheApi() {
        web.signIn("partner", FLEX);
        String flex = TestTokens.partner(FLEX);
        // search
        WebElement search = browser.findElement(By.id("search"));
        search.sendKeys("monthly");
        web.click(By.id("search-button"));
        Response searched = given().baseUri(platform.url("billing-service")).auth().oauth2(flex)
                .queryParam("q", "monthly").queryParam("size", 1000).get("/v1/usage");
        assertThat(pageRows()).isEqualTo(apiRows(searched)).hasSize(2)
                .allSatisfy(r -> assertThat(r).containsIgnoringCase("monthly"));
        web.screenshot("usage-search");

        // every column, ascending then descending
        web.get("/usage");
        List<String> keys = browser.findElements(By.cssSelector("#usage-table thead th[data-sort]")).stream()
                .map(th -> th.getAttribute("data-sort")).toList();
        assertThat(keys).startsWith("name", "type").endsWith("total").hasSizeGreaterThan(5);
        for (int k = 0; k < keys.size(); k++) {
            String key = keys.get(k);
            java.util.Set<String> orders = new java.util.HashSet<>();
            for (int click = 0; click < 2; click++) {
                // each click on a header sorts by it; a second click on the same header reverses the order
                web.click(By.cssSelector("#usage-table thead th[data-sort='" + key + "'] a"));
                assertThat(browser.getCurrentUrl()).contains("sort=" + key);
                String order = browser.getCurrentUrl().contains("order=desc") ? "desc" : "asc";
                orders.add(order);
                List<String> shown = pageRows();
                assertThat(shown).as("sorted by " + key + " " + order).isEqualTo(apiRows(apiUsage(flex, key, order,
                        null)));
                // and the order really is by that column
                int column = k + 1;
                Comparator<List<String>> byColumn = k < 2 ? Comparator.comparing(r -> r.get(column),
                        String.CASE_INSENSITIVE_ORDER) : Comparator.comparing(r -> Integer.parseInt(r.get(column)));
                List<List<String>> cells = shown.stream().map(r -> List.of(r.split("\\|", -1))).toList();
                List<List<String>> sorted = new ArrayList<>(cells);
                sorted.sort(order.equals("asc") ? byColumn : byColumn.reversed());
                assertThat(cells.stream().map(c -> c.get(column)).toList())
                        .isEqualTo(sorted.stream().map(c -> c.get(column)).toList());
            }
            assertThat(orders).as(key + " both ways").containsExactlyInAnyOrder("asc", "desc");
        }

        // a page at a time: walking the pages (2 rows each) in every order shows every row once, in the API's
        // order over ALL rows, with the totals row of all rows on every page
        for (String key : List.of("name", "total", "ENDPOINT_ADVANCED")) {
            for (String order : List.of("asc", "desc")) {
                Response all = apiUsage(flex, key, order, null);
                web.get("/usage?size=2&sort=" + key + "&order=" + order);
                List<String> walked = new ArrayList<>(pageRows());
                assertThat(walked).hasSize(2);
                assertThat(pageTotals()).isEqualTo(apiTotals(all));
                while (!browser.findElements(By.id("page-next")).isEmpty()) {
                    web.click(By.id("page-next"));
                    assertThat(pageRows()).hasSizeBetween(1, 2);
                    assertThat(pageTotals()).as("the totals are over all rows").isEqualTo(apiTotals(all));
                    walked.addAll(pageRows());
                }
                assertThat(walked).as(key + " " + order + " page by page").isEqualTo(apiRows(all));
                assertThat(web.text("#page-position")).endsWith("of " + all.path("totalRows") + " (page 2 of 2)");
            }
        }
        // the search and the sort survive paging; a header link starts again at the first page
        web.get("/usage?size=2&q=monthly&sort=total&order=desc");
        assertThat(browser.findElements(By.id("page-next"))).isEmpty();
        assertThat(pageRows()).isEqualTo(apiRows(searched(flex, "monthly", "total", "desc")));
        web.screenshot("usage-paged");
        web.click(By.cssSelector("#usage-table thead th[data-sort='name'] a"));
        assertThat(browser.getCurrentUrl()).contains("q=monthly").contains("size=2").doesNotContain("page=");
        web.get("/usage?page=zero");
        assertThat(web.text("#error-title")).isEqualTo("Bad request");
        web.signOut();
    }

    static Response searched(String token, String q, String sort, String order) {
        return given().baseUri(platform.url("billing-service")).auth().oauth2(token).queryParam("q", q)
                .queryParam("sort", sort).queryParam("order", order).queryParam("size", 1000).get("/v1/usage");
    }

    @Test
    @Order(3)
    void createMonthlyAccountIsForFlexPartnersOnly() {
        // a CONNECT partner is told why not
        web.signIn("partner", CONNECT);
        web.get("/customers");
        assertThat(browser.findElements(By.id("create-monthly-form"))).isEmpty();
        assertThat(web.text("#no-monthly")).contains("MSP Flex").contains("CONNECT");
        assertThat(customerRows()).containsExactly("Delta Term|TERM");
        web.screenshot("customers-connect");
        web.signOut();

        // a Flex partner creates a live monthly customer
        web.signIn("partner", FLEX);
        web.get("/customers");
        assertThat(customerRows()).containsExactly("Acme Monthly|MONTHLY", "Beta Term|TERM", "Gamma Monthly|MONTHLY");
        // Show my protection only: the term customer without partner-owned licences is not the partner's protection
        browser.findElement(By.id("my-protection")).click();
        web.click(By.id("customer-search-button"));
        assertThat(customerRows()).containsExactly("Acme Monthly|MONTHLY", "Gamma Monthly|MONTHLY");
        web.get("/customers");
        web.screenshot("customers");
        browser.findElement(By.id("monthly-name")).sendKeys("Zeta Monthly Ltd");
        web.click(By.id("create-monthly"));
        assertThat(browser.getCurrentUrl()).contains("/customers/");
        String zeta = web.text("#customer-id");
        ids.put("zeta", zeta);
        assertThat(web.text("#billing-type")).isEqualTo("MONTHLY");
        Response created = given().baseUri(platform.url("customer-service")).auth().oauth2(TestTokens.partner(FLEX))
                .get("/v1/customers/" + zeta);
        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(created.jsonPath().getString("billingType")).isEqualTo("MONTHLY");
        assertThat(created.jsonPath().getString("name")).isEqualTo("Zeta Monthly Ltd");
        // live: billing knows it, so the usage page lists it
        PortalBrowser.await("the new monthly customer is on the usage page", () -> {
            web.get("/usage");
            return pageRows().stream().anyMatch(r -> r.startsWith(zeta + "|Zeta Monthly Ltd|"));
        });
        assertThat(pageRows()).isEqualTo(apiRows(apiUsage(TestTokens.partner(FLEX), "name", "asc", null)));
        web.signOut();
    }

    @Test
    @Order(4)
    void aRenameShowsOnEveryPage() {
        web.signIn("partner", FLEX);
        web.get("/customers/" + ids.get("acme"));
        web.screenshot("customer");
        WebElement name = browser.findElement(By.id("rename-name"));
        name.clear();
        name.sendKeys("Acme Renamed GmbH");
        web.click(By.id("rename"));
        assertThat(web.text("#customer-name")).isEqualTo("Acme Renamed GmbH");
        web.get("/customers");
        assertThat(customerRows()).contains("Acme Renamed GmbH|MONTHLY").doesNotContain("Acme Monthly|MONTHLY");
        PortalBrowser.await("the usage page shows the new name", () -> {
            web.get("/usage");
            return pageRows().stream().anyMatch(r -> r.startsWith(ids.get("acme") + "|Acme Renamed GmbH|"));
        });
        assertThat(pageRows()).noneMatch(r -> r.contains("Acme Monthly"));
        web.signOut();
    }

    @Test
    @Order(5)
    void anotherPartnersCustomerIsNotFound() throws Exception {
        web.signIn("partner", CONNECT);
        web.get("/customers/" + ids.get("acme"));
        assertThat(web.text("#error-title")).isEqualTo("Not found");
        assertThat(browser.findElement(By.id("error-message")).getAttribute("data-status")).isEqualTo("404");
        assertThat(browser.getPageSource()).doesNotContain("Acme");
        assertThat(web.withSession(portal + "/customers/" + ids.get("acme")).statusCode()).isEqualTo(404);
        web.screenshot("not-found");
        web.signOut();
    }

    @Test
    @Order(6)
    void invoicePagesForThePartnerTheDistributorAndTheOperator() {
        String invoiceId = "INV-" + period + "-" + FLEX;
        for (String[] who : List.of(new String[] {"partner", FLEX}, new String[] {"distributor", DISTRIBUTOR},
                new String[] {"operator", ""})) {
            web.signIn(who[0], who[1]);
            String token = switch (who[0]) {
                case "partner" -> TestTokens.partner(FLEX);
                case "distributor" -> TestTokens.distributor(DISTRIBUTOR);
                default -> TestTokens.operator();
            };
            web.get("/invoices");
            List<String> listed = browser.findElements(By.cssSelector("#invoices-table tr.invoice")).stream()
                    .map(tr -> tr.getAttribute("data-invoice-id")).sorted().toList();
            List<String> api = given().baseUri(platform.url("billing-service")).auth().oauth2(token)
                    .get("/v1/invoices").jsonPath().getList("invoiceId", String.class).stream().sorted().toList();
            assertThat(listed).isEqualTo(api).contains(invoiceId);
            web.screenshot("invoices-" + who[0]);

            web.click(By.cssSelector("tr[data-invoice-id='" + invoiceId + "'] a"));
            Response detail = given().baseUri(platform.url("billing-service")).auth().oauth2(token)
                    .get("/v1/invoices/" + invoiceId);
            List<WebElement> lines = browser.findElements(By.cssSelector("#invoice-lines tbody tr.line"));
            assertThat(lines).hasSize(detail.jsonPath().getList("invoice.lines").size()).isNotEmpty();
            BigDecimal sum = lines.stream().map(l -> new BigDecimal(l.findElement(By.cssSelector(".amount")).getText()))
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal total = new BigDecimal(web.text("#invoice-total"));
            assertThat(sum).as("the invoice's total is the sum of its lines").isEqualByComparingTo(total);
            assertThat(total).isEqualByComparingTo(new BigDecimal(detail.jsonPath().getString("invoice.totalAmount")));
            web.screenshot("invoice-" + who[0]);
            web.signOut();
        }
        // the Connect partner has no invoice of the Flex partner's
        web.signIn("partner", CONNECT);
        web.get("/invoices/" + invoiceId);
        assertThat(web.text("#error-title")).isEqualTo("Not found");
        web.signOut();
    }

    @Test
    @Order(7)
    void theVendorPartnerApiWorksAtTheOneBaseUrl() {
        String flex = TestTokens.partner(FLEX);
        Response viaPortal = given().baseUri(portal).auth().oauth2(flex).header("X-Partner-ID", FLEX)
                .get("/partner/v1/tenants?pageTotal=true");
        Response direct = given().baseUri(platform.url("customer-service")).auth().oauth2(flex)
                .header("X-Partner-ID", FLEX).get("/partner/v1/tenants?pageTotal=true");
        assertThat(viaPortal.statusCode()).isEqualTo(200);
        assertThat(viaPortal.asString()).isEqualTo(direct.asString()).contains("Acme Renamed GmbH");

        String usage = "/partner/v1/billing/usage/" + period.getYear() + "/" + period.getMonthValue();
        Response usageViaPortal = given().baseUri(portal).auth().oauth2(flex).header("X-Partner-ID", FLEX).get(usage);
        assertThat(usageViaPortal.statusCode()).isEqualTo(200);
        assertThat(usageViaPortal.asString()).isEqualTo(given().baseUri(platform.url("billing-service")).auth()
                .oauth2(flex).header("X-Partner-ID", FLEX).get(usage).asString());
        assertThat(usageViaPortal.jsonPath().getList("items")).isNotEmpty();

        // the services' own rules: no token, or another partner's header, are refused as the services refuse them
        given().baseUri(portal).header("X-Partner-ID", FLEX).get("/partner/v1/tenants").then().statusCode(401);
        given().baseUri(portal).auth().oauth2(TestTokens.partner(CONNECT)).header("X-Partner-ID", FLEX)
                .get(usage).then().statusCode(403);
        // writes go through too: a rename through the edge, seen directly
        given().baseUri(portal).auth().oauth2(flex).contentType(ContentType.JSON)
                .body(Map.of("name", "Gamma Via Edge")).put("/v1/customers/" + ids.get("gamma") + "/name")
                .then().statusCode(200);
        given().baseUri(platform.url("customer-service")).auth().oauth2(flex).get("/v1/customers/" + ids.get("gamma"))
                .then().statusCode(200).body("name", org.hamcrest.Matchers.equalTo("Gamma Via Edge"));
    }

    @Test
    @Order(8)
    void theOperatorSeesThePeriodsAndTheDistributorApprovesFlex() {
        // the operator: every period's close instant S and state, as billing's GET /v1/periods says
        web.signIn("operator", "");
        web.get("/periods");
        Response periods = given().baseUri(platform.url("billing-service")).auth().oauth2(TestTokens.operator())
                .get("/v1/periods");
        assertThat(periods.statusCode()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        List<String> rows = (List<String>) web.script("""
                return Array.from(document.querySelectorAll('#periods-table tbody tr.period')).map(tr =>
                  tr.querySelector('.period-name').innerText.trim() + '|' + tr.querySelector('.close-instant').innerText.trim()
                  + '|' + tr.querySelector('.state').innerText.trim());""");
        List<String> api = new ArrayList<>();
        for (Map<String, Object> p : periods.jsonPath().<Map<String, Object>>getList("$")) {
            api.add(p.get("period") + "|" + Instant.parse((String) p.get("closeInstant")) + "|" + p.get("state"));
        }
        assertThat(rows.stream().map(r -> {
            String[] f = r.split("\\|");
            return f[0] + "|" + Instant.parse(f[1]) + "|" + f[2];
        }).toList()).isEqualTo(api);
        // R22: the period this test closed, at the S this deployment was given; the next one still open
        YearMonth after = period.plusMonths(2);
        Instant nextS = after.atDay(Math.min(s.atOffset(ZoneOffset.UTC).getDayOfMonth(), after.lengthOfMonth()))
                .atTime(s.atOffset(ZoneOffset.UTC).toLocalTime()).toInstant(ZoneOffset.UTC);
        assertThat(api).contains(period + "|" + s + "|closed", period.plusMonths(1) + "|" + nextS + "|open");
        web.screenshot("periods");
        web.get("/partners");
        assertThat(partnerRows()).contains(FLEX + "|CONNECT_FLEX", CONNECT + "|CONNECT");
        assertThat(browser.findElements(By.cssSelector(".approve-flex"))).as("only distributors approve").isEmpty();
        web.get("/customers");
        assertThat(web.text("#error-title")).as("the customers list is a partner's page").isEqualTo("Not allowed");
        web.signOut();

        // the distributor: its own partners; approving the Connect partner makes it a Flex partner
        web.signIn("distributor", DISTRIBUTOR);
        web.get("/partners");
        assertThat(partnerRows()).containsExactlyInAnyOrder(FLEX + "|CONNECT_FLEX", CONNECT + "|CONNECT");
        web.screenshot("partners-distributor");
        web.click(By.cssSelector("tr[data-partner-id='" + CONNECT + "'] .approve-flex"));
        assertThat(partnerRows()).containsExactlyInAnyOrder(FLEX + "|CONNECT_FLEX", CONNECT + "|CONNECT_FLEX");
        web.signOut();
        web.signIn("partner", CONNECT);
        web.get("/customers");
        assertThat(browser.findElements(By.id("create-monthly-form"))).hasSize(1);
        web.signOut();
    }

    @SuppressWarnings("unchecked")
    static List<String> partnerRows() {
        return (List<String>) web.script("""
                return Array.from(document.querySelectorAll('#partners-table tbody tr.partner')).map(tr =>
                  tr.dataset.partnerId + '|' + tr.querySelector('.tier').innerText.trim());""");
    }

    /** Each usage row as id|name|type|count per product...|total. */
    @SuppressWarnings("unchecked")
    static List<String> pageRows() {
        return (List<String>) web.script("""
                return Array.from(document.querySelectorAll('#usage-table tbody tr.customer')).map(tr =>
                  [tr.dataset.customerId, tr.querySelector('.name').innerText.trim(), tr.querySelector('.type').innerText.trim()]
                  .concat(Array.from(tr.querySelectorAll('td[data-product]')).map(td => td.innerText.trim()))
                  .concat([tr.querySelector('.total').innerText.trim()]).join('|'));""");
    }

    @SuppressWarnings("unchecked")
    static String pageTotals() {
        return (String) web.script("""
                const tr = document.querySelector('#usage-totals');
                return Array.from(tr.querySelectorAll('td[data-product]')).map(td => td.innerText.trim())
                  .concat([tr.querySelector('.total').innerText.trim()]).join('|');""");
    }

    @SuppressWarnings("unchecked")
    static List<String> customerRows() {
        return (List<String>) web.script("""
                return Array.from(document.querySelectorAll('#customers-table tbody tr.customer')).map(tr =>
                  tr.querySelector('.name').innerText.trim() + '|' + tr.querySelector('.billing-type').innerText.trim());""");
    }

    // ---------------------------------------------------------------- the API

    static Response apiUsage(String token, String sort, String order, String at) {
        var spec = given().baseUri(platform.url("billing-service")).auth().oauth2(token).queryParam("sort", sort)
                .queryParam("order", order).queryParam("size", 1000);
        if (at != null) {
            spec.queryParam("at", at);
        }
        Response r = spec.get("/v1/usage");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        return r;
    }

    static List<String> apiRows(Response usage) {
        List<String> columns = usage.jsonPath().getList("columns", String.class);
        List<Map<String, Object>> rows = usage.jsonPath().getList("rows");
        List<String> out = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            out.add(row.get("customerId") + "|" + row.get("name") + "|" + row.get("type") + "|"
                    + counts(columns, row) + "|" + row.get("total"));
        }
        return out;
    }

    static String apiTotals(Response usage) {
        Map<String, Object> totals = usage.jsonPath().getMap("totals");
        return counts(usage.jsonPath().getList("columns", String.class), totals) + "|" + totals.get("total");
    }

    @SuppressWarnings("unchecked")
    static String counts(List<String> columns, Map<String, Object> row) {
        Map<String, Object> products = (Map<String, Object>) row.get("products");
        return String.join("|", columns.stream().map(p -> String.valueOf(products == null || products.get(p) == null
                ? 0 : products.get(p))).toList());
    }

    /** A heartbeat {@code daysBeforeS} days before S. */
    static Map<String, Object> device(String id, String kind, List<String> products, String user, int daysBeforeS) {
        return PortalBrowser.device(id, kind, products, user, s.minus(Duration.ofDays(daysBeforeS)));
    }
}
