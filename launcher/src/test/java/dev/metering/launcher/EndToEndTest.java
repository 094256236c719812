package dev.metering.launcher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.metering.contracts.MeteringEvent;
import dev.metering.contracts.ProductCode;
import dev.metering.contracts.Topics;
import dev.metering.contracts.billing.BillingEvent.InvoiceIssued;
import dev.metering.contracts.billing.BillingEvent.InvoiceLine;
import dev.metering.contracts.billing.BillingEvent.ProductTotal;
import dev.metering.launcher.simulator.ConsumerLag;
import dev.metering.testsupport.TestTokens;
import dev.metering.testsupport.TopicClient;
import dev.metering.testsupport.Waits;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The four services as real processes against one real Kafka broker and one real PostgreSQL, exactly as
 * {@code bin/platform up} runs them, driven only through their public APIs: a Flex partner (approved by
 * its distributor) with a monthly, a trial-converted-to-monthly and a term customer, a Connect partner
 * with a term customer, licence selection, firewall registration, ingest keys, heartbeats (with
 * duplicates, a late delivery, a removal, a re-install, a UTM 9 firewall and the window's edges), the
 * real-time usage before the close, the operator's close, and the EXACT invoice consumed from the
 * distributor's topic. Last, the project's Postman collection against the partner portal's one base URL.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndTest {

    static final String DISTRIBUTOR = "dist-e2e";
    static final String FLEX = "p-e2e-flex";
    static final String CONNECT = "p-e2e-connect";

    static LocalPlatform platform;
    static final ByteArrayOutputStream progress = new ByteArrayOutputStream();
    static final AtomicInteger eventIds = new AtomicInteger();

    @BeforeAll
    static void startPlatform() throws Exception {
        Path project = Path.of("..").toAbsolutePath().normalize();
        Path runDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "e2e-");
        platform = LocalPlatform.start(new LocalPlatform.Options(project, runDir, 0, true,
                new PrintStream(progress, true), Demo.platformEnv()));
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void allFourServicesRunAsProcessesAndEnforceTokens() {
        assertThat(platform.services().keySet())
                .containsExactlyInAnyOrder("telemetry-ingest", "customer-service", "license-service", "billing-service",
                        "partner-portal",
                        "psa-connector");
        assertThat(progress.toString()).contains("Platform ready");
        platform.services().values().forEach(s -> {
            assertThat(s.alive()).as(s.name() + " alive").isTrue();
            given().baseUri(s.url()).when().get("/q/health/ready").then().statusCode(200);
            given().baseUri(s.url()).when().get("/v1/me").then().statusCode(401);
            given().baseUri(s.url()).auth().oauth2(TestTokens.partner("p-e2e")).when().get("/v1/me").then()
                    .statusCode(200).body("partnerId", equalTo("p-e2e"));
        });
    }

    @Test
    void aMonthOfUsageBecomesTheExactInvoiceOnTheDistributorsTopic() {
        String customers = platform.url("customer-service");
        String licenses = platform.url("license-service");
        String operator = TestTokens.operator();
        String flex = TestTokens.partner(FLEX);

        // R1/R2: partners register as CONNECT; only their own distributor approves Flex (another distributor is
        // told nothing about the partner: not found)
        post(customers, "/v1/partners", operator, Map.of("partnerId", FLEX, "name", "E2E Flex GmbH", "country", "DE",
                "distributorId", DISTRIBUTOR), 201);
        post(customers, "/v1/partners", operator, Map.of("partnerId", CONNECT, "name", "E2E Connect GmbH",
                "country", "DE", "distributorId", DISTRIBUTOR), 201);
        post(customers, "/v1/partners/" + FLEX + "/flex-approval", TestTokens.distributor("someone-else"), null, 404);
        post(customers, "/v1/partners/" + FLEX + "/flex-approval", TestTokens.distributor(DISTRIBUTOR), null, 200);

        String acme = createCustomer(flex, "Acme Monthly", "MONTHLY");
        String beta = createCustomer(flex, "Beta Trial", "TRIAL");
        String gamma = createCustomer(flex, "Gamma Term", "TERM");
        String delta = createCustomer(TestTokens.partner(CONNECT), "Delta Term", "TERM");
        // R5: a Connect partner cannot create monthly accounts
        post(customers, "/v1/customers", TestTokens.partner(CONNECT),
                Map.of("name", "Nope", "dataGeography", "DE", "billingType", "MONTHLY"), 403);
        Map<String, String> keys = new HashMap<>();
        for (String c : List.of(acme, beta, gamma)) {
            keys.put(c, post(customers, "/v1/customers/" + c + "/ingest-keys", flex, null, 201).path("key"));
        }
        keys.put(delta, post(customers, "/v1/customers/" + delta + "/ingest-keys", TestTokens.partner(CONNECT), null,
                201).path("key"));
        // R4/R23: the trial becomes monthly before the close and is billed for the whole month
        put(customers, "/v1/customers/" + beta + "/billing-type", flex, Map.of("billingType", "MONTHLY"), 200);
        // R17a: Acme pays ENDPOINT_ADVANCED for every endpoint unit, whatever is installed
        eventually(() -> put(licenses, "/v1/customers/" + acme + "/monthly-licenses/ENDPOINT", flex,
                Map.of("product", "ENDPOINT_ADVANCED"), null), 200);
        // R13: one firewall registered for Flex billing, one not; R15: UTM 9 cannot be registered
        eventually(() -> put(licenses, "/v1/customers/" + acme + "/firewalls/C01E2E0001", flex,
                Map.of("sku", "XG-FLEX-EG-MONTHLY-0", "firmwareVersion", "SFOS 21.0.0 GA-Build169"), null), 200);
        put(licenses, "/v1/customers/" + acme + "/firewalls/S11E2EUTM01", flex,
                Map.of("sku", "XG-FLEX-FG-MONTHLY-0", "firmwareVersion", "9.717-3"), 400);

        // R22: this deployment's close instant S is right after the setup (what existed at S is billed)
        Instant s = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        int day = s.atOffset(ZoneOffset.UTC).getDayOfMonth();
        YearMonth period = YearMonth.from(s.atOffset(ZoneOffset.UTC)).minusMonths(1);
        sleepUntil(s);
        platform.restart("billing-service", Map.of("BILLING_CLOSE_DAY", Integer.toString(day), "BILLING_CLOSE_TIME",
                s.atOffset(ZoneOffset.UTC).toLocalTime().toString(), "BILLING_CLOSE_AUTO_ENABLED", "false"));

        Map<String, Object> laptop = device("acme-laptop-1", "WORKSTATION", List.of("ENDPOINT_STANDARD",
                "DEVICE_ENCRYPTION"), "alice@acme.example", s.minus(Duration.ofDays(2)));
        Response first = ingest(keys.get(acme), List.of(
                laptop, laptop, // R21: twice in one batch
                // R17: alice's second device does not add a unit; a kiosk without user does
                device("acme-desktop-1", "WORKSTATION", List.of("ENDPOINT_ADVANCED"), "alice@acme.example",
                        s.minus(Duration.ofDays(1))),
                device("acme-kiosk-1", "WORKSTATION", List.of("ENDPOINT_STANDARD"), null, s.minus(Duration.ofDays(3))),
                device("acme-server-1", "SERVER", List.of("SERVER_ADVANCED", "DEVICE_ENCRYPTION"), null,
                        s.minus(Duration.ofDays(10))),
                // R16: (S - 30 d, S] is open on the left, closed on the right
                device("acme-old-1", "WORKSTATION", List.of("ENDPOINT_STANDARD"), "bob@acme.example",
                        s.minus(Duration.ofDays(30))),
                device("acme-edge-1", "SERVER", List.of("SERVER_STANDARD"), null, s),
                // R19: removed after its last heartbeat: not counted; re-installed: counted again
                device("acme-removed-1", "SERVER", List.of("SERVER_STANDARD"), null, s.minus(Duration.ofDays(5))),
                removed("acme-removed-1", s.minus(Duration.ofDays(4))),
                device("acme-reinstalled-1", "SERVER", List.of("SERVER_STANDARD"), null, s.minus(Duration.ofDays(20))),
                removed("acme-reinstalled-1", s.minus(Duration.ofDays(15))),
                device("acme-reinstalled-1", "SERVER", List.of("SERVER_STANDARD"), null, s.minus(Duration.ofDays(6))),
                // R18/R13: registered appliance billed; unregistered one only visible; R15: UTM 9 rejected
                firewall("C01E2E0001", "SFOS 21.0.0 GA-Build169", "EnterpriseGuard", s.minus(Duration.ofDays(1))),
                firewall("C01E2E0002", "SFOS 21.0.0 GA-Build169", "FullGuard", s.minus(Duration.ofDays(1))),
                firewall("S11E2EUTM01", "9.717-3", "FullGuard", s.minus(Duration.ofDays(1))),
                // older than 35 days: rejected
                device("acme-laptop-1", "WORKSTATION", List.of("ENDPOINT_STANDARD"), "alice@acme.example",
                        s.minus(Duration.ofDays(40)))));
        assertThat(first.jsonPath().getInt("accepted")).isEqualTo(14);
        assertThat(first.jsonPath().getList("results.findAll { it.status == 'rejected' }.reason"))
                .containsExactly("utm9-not-supported", "too-old");
        ingest(keys.get(acme), List.of(laptop)); // R21: delivered again later
        ingest(keys.get(beta), List.of(
                device("beta-laptop-1", "WORKSTATION", List.of("ENDPOINT_STANDARD"), "dan@beta.example",
                        s.minus(Duration.ofDays(12))),
                device("beta-web-1", "WORKSTATION", List.of("WEB"), null, s.minus(Duration.ofDays(8)))));
        ingest(keys.get(gamma), List.of(device("gamma-server-1", "SERVER", List.of("SERVER_STANDARD"), null,
                s.minus(Duration.ofDays(3)))));
        ingest(keys.get(delta), List.of(device("delta-laptop-1", "WORKSTATION", List.of("ENDPOINT_ADVANCED"),
                "erin@delta.example", s.minus(Duration.ofDays(1)))));
        // a late delivery: 25 days after it happened, after everything else
        ingest(keys.get(acme), List.of(device("acme-phone-1", "MOBILE", List.of("MOBILE_CONTROL"),
                "carol@acme.example", s.minus(Duration.ofDays(25)))));

        // R20: the real-time usage page before the close (TERM customers are visible, R24)
        Map<String, Map<String, Integer>> expectedUsage = Map.of(
                acme, Map.of("ENDPOINT_ADVANCED", 2, "SERVER_STANDARD", 2, "SERVER_ADVANCED", 1, "MOBILE_CONTROL", 1,
                        "DEVICE_ENCRYPTION", 2, "FIREWALL_ENTERPRISE_GUARD", 1, "FIREWALL_FULL_GUARD", 1),
                beta, Map.of("ENDPOINT_STANDARD", 1, "WEB", 1),
                gamma, Map.of("SERVER_STANDARD", 1));
        Waits.await("the real-time usage page").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> usage(flex), equalTo(expectedUsage));
        assertThat(ConsumerLag.awaitZero(platform.bootstrapServers(), "billing-service", Duration.ofSeconds(30)))
                .isTrue();

        given().baseUri(platform.url("billing-service")).auth().oauth2(flex)
                .post("/v1/periods/" + period + "/close").then().statusCode(403);
        given().baseUri(platform.url("billing-service")).auth().oauth2(operator)
                .post("/v1/periods/" + period + "/close").then().statusCode(200)
                .body("issued", equalTo(List.of("INV-" + period + "-" + FLEX)));

        List<ConsumerRecord<String, byte[]>> records = new TopicClient(platform.bootstrapServers())
                .readUntil(Topics.invoicesFor(DISTRIBUTOR), r -> !r.isEmpty(), Duration.ofSeconds(30));
        assertThat(records).hasSize(1); // R24/R25: one invoice, for the Flex partner only
        assertThat(records.get(0).key()).isEqualTo(FLEX);
        MeteringEvent event = dev.metering.contracts.CloudEvents.unwrap(TopicClient.envelope(records.get(0)));
        assertThat(event).isInstanceOf(InvoiceIssued.class);
        InvoiceIssued invoice = (InvoiceIssued) event;

        assertThat(invoice.invoiceId()).isEqualTo("INV-" + period + "-" + FLEX);
        assertThat(invoice.partnerId()).isEqualTo(FLEX);
        assertThat(invoice.partnerName()).isEqualTo("E2E Flex GmbH");
        assertThat(invoice.distributorId()).isEqualTo(DISTRIBUTOR);
        assertThat(invoice.period()).isEqualTo(period.toString());
        assertThat(invoice.closedAt()).isEqualTo(s);
        assertThat(invoice.currency()).isEqualTo("EUR");
        assertThat(invoice.lines()).usingRecursiveFieldByFieldElementComparator(
                org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration.builder()
                        .withComparatorForType(BigDecimal::compareTo, BigDecimal.class).build())
                .containsExactlyInAnyOrder(
                        line(acme, "Acme Monthly", ProductCode.ENDPOINT_ADVANCED, 2, "3.50", "7.00"),
                        line(acme, "Acme Monthly", ProductCode.SERVER_STANDARD, 2, "5.00", "10.00"),
                        line(acme, "Acme Monthly", ProductCode.SERVER_ADVANCED, 1, "7.00", "7.00"),
                        line(acme, "Acme Monthly", ProductCode.MOBILE_CONTROL, 1, "1.25", "1.25"),
                        line(acme, "Acme Monthly", ProductCode.DEVICE_ENCRYPTION, 2, "1.50", "3.00"),
                        line(acme, "Acme Monthly", ProductCode.FIREWALL_ENTERPRISE_GUARD, 1, "45.00", "45.00"),
                        line(beta, "Beta Trial", ProductCode.ENDPOINT_STANDARD, 1, "2.50", "2.50"),
                        line(beta, "Beta Trial", ProductCode.WEB, 1, "1.00", "1.00"));
        assertThat(invoice.totals()).usingRecursiveFieldByFieldElementComparator(
                org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration.builder()
                        .withComparatorForType(BigDecimal::compareTo, BigDecimal.class).build())
                .containsExactly(
                        total(ProductCode.ENDPOINT_STANDARD, 1, "2.50"),
                        total(ProductCode.ENDPOINT_ADVANCED, 2, "7.00"),
                        total(ProductCode.SERVER_STANDARD, 2, "10.00"),
                        total(ProductCode.SERVER_ADVANCED, 1, "7.00"),
                        total(ProductCode.MOBILE_CONTROL, 1, "1.25"),
                        total(ProductCode.WEB, 1, "1.00"),
                        total(ProductCode.DEVICE_ENCRYPTION, 2, "3.00"),
                        total(ProductCode.FIREWALL_ENTERPRISE_GUARD, 1, "45.00"));
        assertThat(invoice.totalAmount()).isEqualByComparingTo("76.75");

        // R28: closing again issues nothing new
        given().baseUri(platform.url("billing-service")).auth().oauth2(operator)
                .post("/v1/periods/" + period + "/close").then().statusCode(200)
                .body("issued", equalTo(List.of()));
    }

    /**
     * Issue #13 "one API host": the project's own Postman collection (docs/postman, modelled on the vendor's Partner
     * API collection: who am I, tenants, the billing usage report, and the main /v1 calls), run by newman against
     * the partner portal's URL ALONE, as the Flex partner whose period
     * {@link #aMonthOfUsageBecomesTheExactInvoiceOnTheDistributorsTopic} closed (so it runs last: the usage report
     * and the invoice requests need that closed period). Fails with newman's report of every failed assertion.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void theProjectsPostmanCollectionPassesAgainstThePortalsOneBaseUrl() throws Exception {
        Path docs = Path.of("..", "docs", "postman").toAbsolutePath().normalize();
        Path collection = docs.resolve("metering-partner-api.postman_collection.json");
        int requests = new com.fasterxml.jackson.databind.ObjectMapper().readTree(collection.toFile())
                .findValues("request").size();

        Newman.Run run = Newman.run(collection, docs.resolve("metering-local.postman_environment.json"),
                Map.of("apiHost", platform.url("partner-portal"), "bearerToken", TestTokens.partner(FLEX)));

        System.out.println(run.report());
        assertThat(run.exitCode()).as("newman's report:%n%s", run.report()).isZero();
        // executed: the collection's requests and the usage report's look-up of the newest closed period
        assertThat(run.row("requests")[0]).as("every request of the collection ran").isGreaterThanOrEqualTo(requests);
        assertThat(run.row("requests")[1]).as(run.report()).isZero();
        assertThat(run.row("assertions")[1]).as(run.report()).isZero();
        assertThat(run.row("assertions")[0]).as("at least one assertion per request").isGreaterThanOrEqualTo(requests);
    }

    // ---------------------------------------------------------------- helpers

    static InvoiceLine line(String customerId, String name, ProductCode product, long quantity, String unitPrice,
            String amount) {
        return new InvoiceLine(customerId, name, product, "MSP-FLEX-" + product.name().replace('_', '-'), quantity,
                new BigDecimal(unitPrice), new BigDecimal(amount));
    }

    static ProductTotal total(ProductCode product, long quantity, String amount) {
        return new ProductTotal(product, quantity, new BigDecimal(amount));
    }

    static String createCustomer(String token, String name, String billingType) {
        return post(platform.url("customer-service"), "/v1/customers", token,
                Map.of("name", name, "dataGeography", "DE", "billingType", billingType), 201).path("id");
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

    static Response put(String base, String path, String token, Object body, Integer status) {
        Response r = given().baseUri(base).auth().oauth2(token).contentType(ContentType.JSON).body(body).put(path);
        if (status != null) {
            assertThat(r.statusCode()).as("PUT " + path + ": " + r.asString()).isEqualTo(status);
        }
        return r;
    }

    /** Retries while the service has not yet consumed the customer (404), then expects {@code status}. */
    static void eventually(java.util.function.Supplier<Response> call, int status) {
        Response r = Waits.await("the customer consumed (no 404)").atMost(Duration.ofSeconds(60))
                .until(call::get, answer -> answer.statusCode() != 404);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(status);
    }

    /** Posts a batch; retries while ingest has not yet consumed the key (401). */
    static Response ingest(String key, List<Map<String, Object>> items) {
        Response r = Waits.await("the ingest key consumed (no 401)").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> given().baseUri(platform.url("telemetry-ingest")).header("X-Ingest-Key", key)
                        .contentType(ContentType.JSON).body(items).post("/v1/heartbeats"),
                        answer -> answer.statusCode() != 401);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        return r;
    }

    static Map<String, Object> device(String id, String kind, List<String> products, String user, Instant at) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "device-heartbeat");
        m.put("eventId", id + "@" + at);
        m.put("deviceId", id);
        m.put("deviceKind", kind);
        m.put("products", products);
        if (user != null) {
            m.put("userId", user);
        }
        m.put("occurredAt", at.toString());
        return m;
    }

    static Map<String, Object> removed(String id, Instant at) {
        return Map.of("kind", "device-removed", "eventId", "rm-" + eventIds.incrementAndGet(), "deviceId", id,
                "reason", "UNINSTALLED", "occurredAt", at.toString());
    }

    static Map<String, Object> firewall(String serial, String firmware, String subscription, Instant at) {
        return Map.of("kind", "firewall-heartbeat", "eventId", "fw-" + eventIds.incrementAndGet(), "serialNumber",
                serial, "model", "XGS 2100", "firmwareVersion", firmware, "subscriptions", List.of(subscription),
                "occurredAt", at.toString());
    }

    /** The partner's real-time usage page: customer id to non-zero counts per product. */
    static Map<String, Map<String, Integer>> usage(String token) {
        Response r = given().baseUri(platform.url("billing-service")).auth().oauth2(token).get("/v1/usage?size=100");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        Map<String, Map<String, Integer>> out = new HashMap<>();
        List<Map<String, Object>> rows = r.jsonPath().getList("rows");
        for (Map<String, Object> row : new ArrayList<>(rows)) {
            Map<String, Integer> counts = new HashMap<>();
            @SuppressWarnings("unchecked")
            Map<String, Object> products = (Map<String, Object>) row.get("products");
            products.forEach((p, n) -> {
                if (((Number) n).intValue() != 0) {
                    counts.put(p, ((Number) n).intValue());
                }
            });
            out.put((String) row.get("customerId"), counts);
        }
        return out;
    }

    static void sleepUntil(Instant t) {
        long ms = Duration.between(Instant.now(), t).toMillis() + 50;
        if (ms > 0) {
            sleep(ms);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
