package dev.metering.launcher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metering.contracts.BillingType;
import dev.metering.contracts.MeteringEvent;
import dev.metering.contracts.PartnerTier;
import dev.metering.contracts.customer.CustomerEvent;
import dev.metering.contracts.customer.PartnerEvent;
import dev.metering.contracts.telemetry.DeviceHeartbeat;
import dev.metering.testsupport.TestTokens;
import dev.metering.testsupport.TopicClient;
import io.restassured.response.Response;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * billing-service scaled out as shipped: THREE processes in one consumer group on one database, against the
 * real broker with 12 partitions per topic (R21: the answer never depends on how the work was split). The
 * records are what customer-service's outbox and telemetry-ingest publish (keyed by customer id); the oracle
 * is the set of devices the test sent. One scenario, in order: every instance answers every partner's page,
 * CSV and per-customer usage completely and identically; each holds only its share; kill -9 of one instance
 * mid-stream and the survivors take over; kill -9 of an owner DURING a close, restart, close again: one
 * invoice per partner with every line (R25, R26); scale 3 → 1 → 3 under load loses nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BillingScaleOutTest {

    static final int PARTITIONS = 12;
    static final int PARTNERS = 5;
    static final int CUSTOMERS_PER_PARTITION = 5;
    static final String B1 = "billing-service";
    static final String B2 = "billing-service-2";
    static final String B3 = "billing-service-3";
    static final List<String> ALL = List.of(B1, B2, B3);

    static LocalPlatform platform;
    static TopicClient topics;
    static final String run = UUID.randomUUID().toString().substring(0, 6);
    static final String distributor = "d-so-" + run;
    static final List<String> partners = new ArrayList<>();
    /** customer → partner. */
    static final Map<String, String> customers = new TreeMap<>();
    /** customer → devices with a heartbeat inside period P's window (S − 30 d, S]. */
    static final Map<String, Set<String>> countedAtS = new TreeMap<>();
    /** customer → devices with a heartbeat inside P1's window. */
    static final Map<String, Set<String>> countedAtS1 = new TreeMap<>();
    /** customer → devices with a heartbeat in the last 30 days (real time). */
    static final Map<String, Set<String>> countedNow = new TreeMap<>();
    static Instant s;
    static Instant s1;
    static YearMonth period;
    static YearMonth period1;
    static final Map<String, Double> figures = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        // R22: this deployment closes on today's day of the month at 00:00 UTC, so period P closed today at S and
        // P1 a month earlier (a day the month lacks is its last day, like LocalDate.minusMonths)
        Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS);
        int day = today.atOffset(ZoneOffset.UTC).getDayOfMonth();
        s = today;
        period = YearMonth.from(today.atOffset(ZoneOffset.UTC)).minusMonths(1);
        period1 = period.minusMonths(1);
        s1 = today.atOffset(ZoneOffset.UTC).minusMonths(1).toInstant();
        Path project = Path.of("..").toAbsolutePath().normalize();
        Path runDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "scale-");
        Map<String, String> billingEnv = Map.of("BILLING_CLOSE_DAY", Integer.toString(day), "BILLING_CLOSE_TIME",
                "00:00", "BILLING_CLOSE_AUTO_ENABLED", "false");
        platform = LocalPlatform.start(new LocalPlatform.Options(project, runDir, 0, true,
                new PrintStream(java.io.OutputStream.nullOutputStream()), Map.of(B1, billingEnv))
                .withBilling(3, PARTITIONS));
        topics = new TopicClient(platform.bootstrapServers());
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
        System.out.println("[scale-out figures] " + figures);
    }

    @Test
    @Order(1)
    void everyInstanceAnswersEveryPartnerCompletelyAndIdentically() {
        // given 5 partners, 60 monthly customers (5 on every one of the 12 partitions), 3..6 devices each
        for (int i = 0; i < PARTNERS; i++) {
            String p = "p-so-" + run + "-" + i;
            partners.add(p);
            produce(new PartnerEvent.PartnerRegistered(p, "Partner " + i, PartnerTier.CONNECT_FLEX, distributor, "DE",
                    s.minus(Duration.ofDays(90))));
        }
        int[] perPartition = new int[PARTITIONS];
        for (int k = 0; customers.size() < PARTITIONS * CUSTOMERS_PER_PARTITION; k++) {
            String c = "c-so-" + run + "-" + k;
            int part = partitionOf(c);
            if (perPartition[part] < CUSTOMERS_PER_PARTITION) {
                perPartition[part]++;
                String p = partners.get(customers.size() % PARTNERS);
                customers.put(c, p);
                produce(new CustomerEvent.CustomerCreated(c, p, "Customer " + k, c, "EU", BillingType.MONTHLY, true,
                        null, s.minus(Duration.ofDays(90))));
            }
        }
        int j = 0;
        List<MeteringEvent> wave = new ArrayList<>();
        for (String c : customers.keySet()) {
            int devices = 3 + j++ % 4;
            for (int d = 0; d < devices; d++) {
                String device = c + "-dev-" + d;
                wave.add(heartbeat(c, device, s.minus(Duration.ofDays(20)).plusSeconds(d)));
                wave.add(heartbeat(c, device, s1.minus(Duration.ofDays(5)).plusSeconds(d)));
                countedAtS.computeIfAbsent(c, k -> new TreeSet<>()).add(device);
                countedAtS1.computeIfAbsent(c, k -> new TreeSet<>()).add(device);
                if (s.minus(Duration.ofDays(20)).isAfter(Instant.now().minus(Duration.ofDays(30)))) {
                    countedNow.computeIfAbsent(c, k -> new TreeSet<>()).add(device);
                }
            }
        }
        wave.forEach(BillingScaleOutTest::produce);

        // then every instance answers every partner's usage at S and in real time, completely
        awaitComplete(ALL, Duration.ofSeconds(90));

        // and identically: page (at S and real time), CSV and each customer's answer, whichever instance is asked
        for (String p : partners) {
            JsonNode reference = page(B1, p, s.toString());
            String csv = csv(B1, p, s.toString());
            for (String b : ALL) {
                assertThat(page(b, p, s.toString())).as(b + " page of " + p).isEqualTo(reference);
                assertThat(rows(page(b, p, null))).as(b + " real-time rows of " + p)
                        .isEqualTo(rows(page(B1, p, null)));
                assertThat(csv(b, p, s.toString())).as(b + " CSV of " + p).isEqualTo(csv);
            }
            assertThat(csv).contains("Customer,Type").contains("MONTHLY");
        }
        for (Map.Entry<String, String> c : customers.entrySet()) {
            JsonNode reference = customer(B1, c.getValue(), c.getKey());
            assertThat(reference.path("units").path("ENDPOINT_STANDARD").size())
                    .isEqualTo(countedAtS.get(c.getKey()).size());
            for (String b : List.of(B2, B3)) {
                assertThat(customer(b, c.getValue(), c.getKey())).as(b + " answer for " + c.getKey())
                        .isEqualTo(reference);
            }
        }
        // a partner never sees another's customer, whichever instance owns it
        String foreign = customers.entrySet().stream().filter(e -> !e.getValue().equals(partners.get(0)))
                .findFirst().orElseThrow().getKey();
        for (String b : ALL) {
            given().baseUri(platform.url(b)).auth().oauth2(TestTokens.partner(partners.get(0)))
                    .get("/v1/usage/customers/" + foreign + "?at=" + s).then().statusCode(404);
        }
    }

    @Test
    @Order(2)
    void eachInstanceHoldsOnlyItsShareOfTheDevices() {
        long total = countedNow.values().stream().mapToLong(Set::size).sum();
        long sum = 0;
        for (String b : ALL) {
            double devices = metric(b, "billing_usage_devices");
            double owned = metric(b, "billing_fold_partitions_owned");
            figures.put(b + " devices", devices);
            assertThat(owned).as(b + " partitions owned").isEqualTo(PARTITIONS / 3.0);
            assertThat(devices).as(b + " devices held").isBetween(total / 3.0 * 0.8, total / 3.0 * 1.2);
            sum += (long) devices;
        }
        assertThat(sum).as("every device held exactly once").isEqualTo(total);
    }

    @Test
    @Order(3)
    void afterKillMinus9OfOneInstanceTheSurvivorsAnswerCompletely() throws Exception {
        // a second wave, with an instance killed in the middle of it
        List<MeteringEvent> wave = new ArrayList<>();
        for (String c : customers.keySet()) {
            String device = c + "-late";
            wave.add(heartbeat(c, device, s.minus(Duration.ofHours(1))));
            countedAtS.get(c).add(device);
            countedNow.get(c).add(device);
        }
        wave.subList(0, wave.size() / 2).forEach(BillingScaleOutTest::produce);
        long killedAt = System.nanoTime();
        platform.kill(B3);
        wave.subList(wave.size() / 2, wave.size()).forEach(BillingScaleOutTest::produce);

        awaitComplete(List.of(B1, B2), Duration.ofSeconds(30));
        figures.put("failover s (kill -9 -> complete answers)", (System.nanoTime() - killedAt) / 1e9);

        platform.startAgain(B3);
        awaitReady(ALL, Duration.ofSeconds(120));
        awaitComplete(ALL, Duration.ofSeconds(60));
    }

    @Test
    @Order(4)
    void aKillMinus9DuringACloseThenACloseAgainIssuesExactlyOneCompleteInvoicePerPartner() throws Exception {
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> close(B1, period1).statusCode());
        Thread.sleep(30);
        platform.kill(B2);
        int status = first.get();
        assertThat(status).as("the close during the kill either completed or was refused for a retry")
                .isIn(200, 503);
        platform.startAgain(B2);
        awaitReady(ALL, Duration.ofSeconds(120));
        Response again = close(B1, period1);
        assertThat(again.statusCode()).as(again.asString()).isEqualTo(200);
        assertInvoices(period1, countedAtS1);

        // the preview of the period at S, asked of any instance, is gathered from all three owners: identical
        // everywhere, and (below) exactly what the close at S issues
        Map<String, JsonNode> previews = new java.util.HashMap<>();
        for (String partner : partners) {
            JsonNode reference = preview(B1, partner);
            assertThat(reference.path("lines").size()).as("preview lines of " + partner)
                    .isEqualTo(expected(partner, countedAtS).size());
            for (String b : List.of(B2, B3)) {
                assertThat(preview(b, partner)).as(b + " preview of " + partner).isEqualTo(reference);
            }
            previews.put(partner, reference);
            JsonNode daily = json(given().baseUri(platform.url(B1)).auth().oauth2(TestTokens.partner(partner))
                    .get("/v1/usage/daily?days=30&at=" + s).then().statusCode(200).extract().asString());
            for (String b : List.of(B2, B3)) {
                assertThat(json(given().baseUri(platform.url(b)).auth().oauth2(TestTokens.partner(partner))
                        .get("/v1/usage/daily?days=30&at=" + s).then().statusCode(200).extract().asString()))
                        .as(b + " days of " + partner).isEqualTo(daily);
            }
        }

        Response p = close(B2, period);
        assertThat(p.statusCode()).as(p.asString()).isEqualTo(200);
        for (String partner : partners) {
            JsonNode issued = json(given().baseUri(platform.url(B3)).auth().oauth2(TestTokens.partner(partner))
                    .get("/v1/invoices/" + "INV-" + period + "-" + partner).then().statusCode(200).extract().asString())
                    .path("invoice");
            JsonNode preview = previews.get(partner);
            assertThat(preview.path("lines")).as("preview = close, lines of " + partner).isEqualTo(issued.path("lines"));
            assertThat(preview.path("totals")).isEqualTo(issued.path("totals"));
            assertThat(preview.path("totalAmount")).isEqualTo(issued.path("totalAmount"));
        }
        assertThat(p.jsonPath().getList("issued")).hasSize(PARTNERS);
        assertThat(json(p.asString()).fieldNames()).toIterable().as("the close answer's members (#14: no stray field)")
                .containsExactlyInAnyOrder("period", "closedAt", "issued", "alreadyIssued", "problems", "millis");
        assertInvoices(period, countedAtS);
        // a repeated close issues nothing new
        Response repeated = close(B3, period);
        assertThat(repeated.jsonPath().getList("issued")).isEmpty();
        assertThat(repeated.jsonPath().getList("alreadyIssued")).hasSize(PARTNERS);
    }

    @Test
    @Order(5)
    void scalingThreeToOneToThreeUnderLoadLosesNoUnit() throws Exception {
        // what three instances answer at S (page, CSV, each customer), to hold against ONE instance over the same data
        Map<String, JsonNode> pagesAtS = new TreeMap<>();
        Map<String, String> csvAtS = new TreeMap<>();
        Map<String, JsonNode> customersAtS = new TreeMap<>();
        for (String p : partners) {
            pagesAtS.put(p, page(B2, p, s.toString()));
            csvAtS.put(p, csv(B3, p, s.toString()));
        }
        customers.forEach((c, p) -> customersAtS.put(c, customer(B1, p, c)));

        List<MeteringEvent> wave = new ArrayList<>();
        // after S whatever the hour the test runs at: these change real-time answers, never those at S
        Instant recent = java.util.Collections.max(List.of(Instant.now().minus(Duration.ofMinutes(5)), s.plusSeconds(1)));
        for (String c : customers.keySet()) {
            String device = c + "-rt";
            wave.add(heartbeat(c, device, recent));
            countedNow.get(c).add(device);
        }
        wave.subList(0, wave.size() / 3).forEach(BillingScaleOutTest::produce);
        platform.stop(B2);
        wave.subList(wave.size() / 3, 2 * wave.size() / 3).forEach(BillingScaleOutTest::produce);
        platform.stop(B3);
        wave.subList(2 * wave.size() / 3, wave.size()).forEach(BillingScaleOutTest::produce);

        awaitComplete(List.of(B1), Duration.ofSeconds(60));
        assertThat(metric(B1, "billing_fold_partitions_owned")).isEqualTo(PARTITIONS);
        long sent = countedNow.values().stream().mapToLong(Set::size).sum();
        assertThat(metric(B1, "billing_usage_devices")).isEqualTo(sent);
        assertThat(storedCustomers()).as("every customer's projection in PostgreSQL").isEqualTo(customers.size());
        // R21: a single instance over the same data answers exactly what three answered
        for (String p : partners) {
            assertThat(page(B1, p, s.toString())).as("one instance's page of " + p + " at S").isEqualTo(pagesAtS.get(p));
            assertThat(csv(B1, p, s.toString())).as("one instance's CSV of " + p + " at S").isEqualTo(csvAtS.get(p));
        }
        customers.forEach((c, p) -> assertThat(customer(B1, p, c)).as("one instance's answer for " + c)
                .isEqualTo(customersAtS.get(c)));
        // and a close at S computed by ONE instance (its preview: the close's own code, nothing stored) is the
        // invoice the three issued
        for (String p : partners) {
            JsonNode issued = json(given().baseUri(platform.url(B1)).auth().oauth2(TestTokens.partner(p))
                    .get("/v1/invoices/INV-" + period + "-" + p).then().statusCode(200).extract().asString())
                    .path("invoice");
            JsonNode alone = preview(B1, p);
            assertThat(alone.path("lines")).as("one instance's lines of " + p).isEqualTo(issued.path("lines"));
            assertThat(alone.path("totals")).as("one instance's totals of " + p).isEqualTo(issued.path("totals"));
            assertThat(alone.path("totalAmount")).isEqualTo(issued.path("totalAmount"));
        }

        platform.startAgain(B2);
        platform.startAgain(B3);
        awaitReady(ALL, Duration.ofSeconds(120));
        // the two new instances LOAD their partitions from PostgreSQL: complete answers prove nothing was lost there
        awaitComplete(ALL, Duration.ofSeconds(60));
        double held = 0;
        for (String b : ALL) {
            held += metric(b, "billing_usage_devices");
        }
        assertThat(held).as("every device held exactly once by three instances").isEqualTo(sent);
    }

    // ---- helpers ----

    static void assertInvoices(YearMonth p, Map<String, Set<String>> counted) {
        for (String partner : partners) {
            List<JsonNode> fromEach = new ArrayList<>();
            for (String b : ALL) {
                JsonNode list = json(given().baseUri(platform.url(b)).auth().oauth2(TestTokens.partner(partner))
                        .get("/v1/invoices?period=" + p).then().statusCode(200).extract().asString());
                assertThat(list.size()).as("invoices of " + partner + " for " + p).isEqualTo(1);
                fromEach.add(list.get(0));
            }
            assertThat(fromEach).allMatch(i -> i.equals(fromEach.get(0)));
            JsonNode invoice = fromEach.get(0);
            assertThat(invoice.path("invoiceId").asText()).isEqualTo("INV-" + p + "-" + partner);
            Map<String, Long> lines = new TreeMap<>();
            java.math.BigDecimal sum = java.math.BigDecimal.ZERO;
            for (JsonNode l : invoice.path("lines")) {
                lines.put(l.path("customerId").asText(), l.path("quantity").asLong());
                sum = sum.add(l.path("amount").decimalValue());
            }
            Map<String, Long> expected = new TreeMap<>();
            customers.forEach((c, owner) -> {
                if (owner.equals(partner)) {
                    expected.put(c, (long) counted.get(c).size());
                }
            });
            assertThat(lines).as("lines of " + partner + " for " + p + " (R25: a line per customer)")
                    .isEqualTo(expected);
            assertThat(invoice.path("totalAmount").decimalValue()).isEqualByComparingTo(sum);
            // R26: the evidence names exactly the devices sent
            JsonNode evidence = json(given().baseUri(platform.url(B3)).auth().oauth2(TestTokens.partner(partner))
                    .get("/v1/invoices/" + invoice.path("invoiceId").asText() + "/evidence").then().statusCode(200)
                    .extract().asString());
            for (JsonNode l : evidence.path("lines")) {
                Set<String> units = new TreeSet<>();
                l.path("unitIds").forEach(u -> units.add(u.asText().substring(u.asText().indexOf(':') + 1)));
                assertThat(units).isEqualTo(counted.get(l.path("customerId").asText()));
            }
        }
    }

    /** Waits until every named instance answers every partner's page at S and in real time like the oracle. */
    static void awaitComplete(List<String> instances, Duration timeout) {
        BillingCalls.await("complete answers from " + instances, timeout, () -> {
            for (String b : instances) {
                for (String p : partners) {
                    JsonNode atS = tryPage(b, p, s.toString());
                    JsonNode now = tryPage(b, p, null);
                    if (atS == null || now == null || !rows(atS).equals(expected(p, countedAtS))
                            || !rows(now).equals(expected(p, countedNow))) {
                        return false;
                    }
                }
            }
            return true;
        });
    }

    static void awaitReady(List<String> instances, Duration timeout) {
        BillingCalls.await("readiness of " + instances, timeout,
                () -> instances.stream().allMatch(b -> BillingCalls.ready(platform.url(b))));
    }

    static Map<String, Integer> rows(JsonNode page) {
        Map<String, Integer> out = new TreeMap<>();
        for (JsonNode r : page.path("rows")) {
            out.put(r.path("customerId").asText(), r.path("products").path("ENDPOINT_STANDARD").asInt());
        }
        return out;
    }

    static Map<String, Integer> expected(String partner, Map<String, Set<String>> counted) {
        Map<String, Integer> out = new TreeMap<>();
        customers.forEach((c, p) -> {
            if (p.equals(partner)) {
                out.put(c, counted.getOrDefault(c, Set.of()).size());
            }
        });
        return out;
    }

    static JsonNode page(String instance, String partner, String at) {
        JsonNode page = tryPage(instance, partner, at);
        assertThat(page).as("usage page of " + partner + " from " + instance).isNotNull();
        return page;
    }

    static JsonNode tryPage(String instance, String partner, String at) {
        try {
            Response r = given().baseUri(platform.url(instance)).auth().oauth2(TestTokens.partner(partner))
                    .queryParam("size", 1000).queryParams(at == null ? Map.of() : Map.of("at", at)).get("/v1/usage");
            if (r.statusCode() != 200) {
                return null;
            }
            JsonNode page = json(r.asString());
            if (at == null) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) page).remove("at");
            }
            return page;
        } catch (Exception e) {
            return null; // a killed instance's port
        }
    }

    static String csv(String instance, String partner, String at) {
        return given().baseUri(platform.url(instance)).auth().oauth2(TestTokens.partner(partner)).queryParam("at", at)
                .get("/v1/usage/export.csv").then().statusCode(200).extract().asString();
    }

    static JsonNode customer(String instance, String partner, String customer) {
        return json(given().baseUri(platform.url(instance)).auth().oauth2(TestTokens.partner(partner))
                .get("/v1/usage/customers/" + customer + "?at=" + s).then().statusCode(200).extract().asString());
    }

    /** The preview's invoice of {@code period} at S, without its issue instant (that is "now"). */
    static JsonNode preview(String instance, String partner) {
        JsonNode answer = json(given().baseUri(platform.url(instance)).auth().oauth2(TestTokens.partner(partner))
                .get("/v1/invoices/preview?period=" + period + "&at=" + s).then().statusCode(200).extract().asString());
        com.fasterxml.jackson.databind.node.ObjectNode invoice =
                (com.fasterxml.jackson.databind.node.ObjectNode) answer.path("invoice");
        invoice.remove("occurredAt");
        return invoice;
    }

    static Response close(String instance, YearMonth p) {
        return BillingCalls.close(platform.url(instance), p);
    }

    static double metric(String instance, String name) {
        return BillingCalls.metric(platform.url(instance), name);
    }

    /** Projections of this run's customers stored in PostgreSQL. */
    static long storedCustomers() throws Exception {
        var pg = platform.postgres();
        String url = "jdbc:postgresql://" + pg.host() + ":" + pg.port() + "/" + platform.database(B1);
        try (Connection c = DriverManager.getConnection(url, pg.user(), pg.password());
                ResultSet rs = c.createStatement().executeQuery(
                        "select count(*) from customer_units where customer_id like 'c-so-" + run + "-%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static int partitionOf(String customerId) {
        return BillingCalls.partitionOf(customerId, PARTITIONS);
    }

    static DeviceHeartbeat heartbeat(String customer, String device, Instant at) {
        return BillingCalls.heartbeat(customer, device, at);
    }

    static void produce(MeteringEvent e) {
        BillingCalls.produce(topics, e);
    }

    static JsonNode json(String text) {
        return BillingCalls.json(text);
    }
}
