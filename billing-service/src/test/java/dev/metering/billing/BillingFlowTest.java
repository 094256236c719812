package dev.metering.billing;

import static dev.metering.billing.Facts.customer;
import static dev.metering.billing.Facts.firewall;
import static dev.metering.billing.Facts.firewallHeartbeat;
import static dev.metering.billing.Facts.heartbeat;
import static dev.metering.billing.Facts.partner;
import static dev.metering.billing.Facts.removed;
import static dev.metering.billing.Facts.selected;
import static dev.metering.contracts.BillingType.MONTHLY;
import static dev.metering.contracts.BillingType.TERM;
import static dev.metering.contracts.ProductCode.ENDPOINT_ADVANCED;
import static dev.metering.contracts.ProductCode.ENDPOINT_STANDARD;
import static dev.metering.contracts.ProductCode.FIREWALL_FULL_GUARD;
import static dev.metering.contracts.ProductCode.SERVER_ADVANCED;
import static dev.metering.testsupport.Waits.await;
import static dev.metering.testsupport.Waits.holdsFor;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import dev.metering.billing.account.BillingState;
import dev.metering.billing.invoice.LineEvidence;
import dev.metering.billing.invoice.PartnerInvoice;
import dev.metering.billing.invoice.Skus;
import dev.metering.billing.invoice.messaging.InvoicePublisher;
import dev.metering.billing.invoice.store.InvoiceStore;
import dev.metering.billing.usage.ProductResolver;
import dev.metering.billing.usage.UsageProjection;
import dev.metering.billing.usage.messaging.FoldingConsumer;
import dev.metering.billing.usage.messaging.UsageSnapshotPublisher;
import dev.metering.billing.usage.store.FoldStore;
import dev.metering.contracts.CloudEvent;
import dev.metering.contracts.CloudEvents;
import dev.metering.contracts.MeteringEvent;
import dev.metering.contracts.ProductFamily;
import dev.metering.contracts.Topics;
import dev.metering.contracts.billing.BillingEvent;
import dev.metering.contracts.billing.BillingEvent.AdjustmentIssued;
import dev.metering.contracts.billing.BillingEvent.InvoiceIssued;
import dev.metering.contracts.billing.BillingEvent.InvoiceLine;
import dev.metering.contracts.customer.CustomerEvent;
import dev.metering.contracts.customer.PartnerEvent;
import dev.metering.contracts.license.LicenseEvent;
import dev.metering.contracts.telemetry.FirewallSubscription;
import dev.metering.testsupport.ServiceFoundationContract;
import dev.metering.testsupport.TestTokens;
import dev.metering.testsupport.TopicClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * End to end through the REAL broker and PostgreSQL: contract events produced to the real topics →
 * folded → real-time usage → operator close → InvoiceIssued on the distributor's topic; repeated close;
 * late data → AdjustmentIssued (R28); restart from the store; dead letters.
 */
@QuarkusTest
class BillingFlowTest extends ThroughTheBroker {

    @Inject
    FoldingConsumer consumer;
    @Inject
    FoldStore store;
    @Inject
    UsageSnapshotPublisher publisher;
    @Inject
    InvoiceStore invoices;
    @Inject
    InvoicePublisher invoicePublisher;

    static List<ConsumerRecord<String, byte[]>> withId(List<ConsumerRecord<String, byte[]>> records, String id) {
        return records.stream().filter(r -> id.equals(header(r, "ce_id"))).toList();
    }

    static String header(ConsumerRecord<?, ?> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void heartbeatsAndCustomerEventsBecomeOneInvoicePerPartnerOnTheDistributorsTopic() {
        String p = "p-" + run;
        String dist = "dist-" + run;
        String c1 = "c1-" + run;
        String c2 = "c2-" + run;
        String cTerm = "ct-" + run;
        produce(partner(p, dist, "DE"),
                customer(c1, p, MONTHLY, "2026-01-10T00:00:00Z"),
                customer(c2, p, MONTHLY, "2026-01-10T00:00:00Z"),
                customer(cTerm, p, TERM, "2026-01-10T00:00:00Z"),
                selected(c1, p, ProductFamily.ENDPOINT, ENDPOINT_ADVANCED, "2026-10-05T00:00:00Z"),
                firewall(c2, p, "SN-" + run, FirewallSubscription.FULL_GUARD, "2026-10-01T00:00:00Z"));
        produce(heartbeat(c1, "pc-1", ENDPOINT_STANDARD, "alice", "2026-10-25T10:00:00Z"),
                heartbeat(c1, "pc-2", ENDPOINT_STANDARD, "alice", "2026-10-26T10:00:00Z"),
                heartbeat(c1, "pc-3", ENDPOINT_STANDARD, "bob", "2026-10-26T10:00:00Z"),
                heartbeat(c1, "srv-1", SERVER_ADVANCED, null, "2026-10-02T00:00:00Z"), // exactly S - 30 d: out (R16)
                heartbeat(c1, "srv-2", SERVER_ADVANCED, null, "2026-10-02T00:00:00.001Z"), // 30 d - 1 ms: in
                heartbeat(c1, "tryout", SERVER_ADVANCED, null, "2026-10-10T00:00:00Z"),
                removed(c1, "tryout", "2026-10-20T00:00:00Z"), // R19
                firewallHeartbeat(c2, "SN-" + run, FirewallSubscription.FULL_GUARD, "2026-10-30T00:00:00Z"),
                heartbeat(cTerm, "t-1", SERVER_ADVANCED, null, "2026-10-30T00:00:00Z"));

        await("the fold of all test facts", () -> countAtS(c1, SERVER_ADVANCED) == 1
                && countAtS(c2, FIREWALL_FULL_GUARD) == 1 && countAtS(cTerm, SERVER_ADVANCED) == 1
                && countAtS(c1, ENDPOINT_STANDARD) == 2 && state.selectionAt(c1, ProductFamily.ENDPOINT, S) != null
                && state.firewallAt(c2, "SN-" + run, S) != null);

        // real-time usage page at S: the selected licence decides the column (R17a), term customers are visible
        given().auth().oauth2(TestTokens.partner(p)).queryParam("at", S.toString()).queryParam("sort", "name")
                .when().get("/v1/usage").then().statusCode(200)
                .body("summary.allCustomers", equalTo(3))
                .body("summary.usingPartnerOwnedLicences", equalTo(2))
                .body("rows.customerId", contains(c1, c2, cTerm))
                .body("rows[0].products.ENDPOINT_ADVANCED", equalTo(2))
                .body("rows[0].products.ENDPOINT_STANDARD", equalTo(0))
                .body("rows[0].products.SERVER_ADVANCED", equalTo(1))
                .body("rows[0].total", equalTo(3))
                .body("rows[0].partnerAssistance", equalTo(true)) // as created: Launch Central Admin is enabled
                .body("rows[2].type", equalTo("TERM"))
                .body("totals.total", equalTo(5));
        given().auth().oauth2(TestTokens.partner(p)).queryParam("at", S.toString()).queryParam("q", "ct-")
                .queryParam("sort", "SERVER_ADVANCED").queryParam("order", "desc")
                .when().get("/v1/usage").then().statusCode(200).body("rows.customerId", contains(cTerm))
                .body("totalRows", equalTo(1));
        given().auth().oauth2(TestTokens.partner(p)).queryParam("at", S.toString())
                .when().get("/v1/usage/export.csv").then().statusCode(200)
                .body(containsString("Customer " + c1 + ",MONTHLY,0,2,0,1,0,0,0,0,0,0,3"))
                .body(containsString("Total,,0,2,0,2,0,0,0,0,0,1,5"));
        given().auth().oauth2(TestTokens.partner(p)).queryParam("at", S.toString())
                .when().get("/v1/usage/customers/" + c1).then().statusCode(200)
                .body("units.ENDPOINT_ADVANCED", contains("user:alice", "user:bob"))
                .body("units.SERVER_ADVANCED", contains("device:srv-2"))
                // the customer console's list: every device, counted at S or why not (R16, R19)
                .body("devices.deviceId", contains("pc-1", "pc-2", "pc-3", "srv-1", "srv-2", "tryout"))
                .body("devices.find { it.deviceId == 'pc-3' }.userId", equalTo("bob"))
                .body("devices.find { it.deviceId == 'pc-3' }.lastHeartbeat", equalTo("2026-10-26T10:00:00Z"))
                .body("devices.find { it.deviceId == 'srv-2' }.counted", equalTo(true))
                .body("devices.find { it.deviceId == 'srv-1' }.counted", equalTo(false))
                .body("devices.find { it.deviceId == 'srv-1' }.notCounted", equalTo("outside-30-days"))
                .body("devices.find { it.deviceId == 'tryout' }.notCounted", equalTo("removed"))
                .body("devices.find { it.deviceId == 'tryout' }.removedAt", equalTo("2026-10-20T00:00:00Z"));
        given().auth().oauth2(TestTokens.partner("someone-else")).when().get("/v1/usage/customers/" + c1)
                .then().statusCode(404).body("code", equalTo("not-found"));
        given().auth().oauth2(TestTokens.partner(p)).queryParam("sort", "colour").when().get("/v1/usage")
                .then().statusCode(400).body("code", equalTo("invalid-field"));

        // close (operator), twice
        given().auth().oauth2(TestTokens.partner(p)).when().post("/v1/periods/2026-10/close").then().statusCode(403);
        String invoiceId = "INV-2026-10-" + p;
        given().auth().oauth2(TestTokens.operator()).when().post("/v1/periods/2026-10/close").then().statusCode(200)
                .body("issued", hasItem(invoiceId));
        given().auth().oauth2(TestTokens.operator()).when().post("/v1/periods/2026-10/close").then().statusCode(200)
                .body("issued", hasSize(0)).body("alreadyIssued", hasItem(invoiceId));
        given().auth().oauth2(TestTokens.operator()).when().post("/v1/periods/2099-01/close").then().statusCode(409);
        given().auth().oauth2(TestTokens.operator()).when().post("/v1/periods/October/close").then().statusCode(400);

        String topic = Topics.invoicesFor(dist);
        List<ConsumerRecord<String, byte[]>> records = topics.readUntil(topic,
                rs -> !withId(rs, "invoice-issued:" + invoiceId).isEmpty(), Duration.ofSeconds(30));
        assertThat(records).hasSize(1);
        ConsumerRecord<String, byte[]> record = records.get(0);
        assertThat(record.key()).isEqualTo(p);
        InvoiceIssued invoice = (InvoiceIssued) CloudEvents.unwrap(TopicClient.envelope(record));
        assertThat(invoice.invoiceId()).isEqualTo(invoiceId);
        assertThat(invoice.distributorId()).isEqualTo(dist);
        assertThat(invoice.currency()).isEqualTo("EUR");
        assertThat(invoice.closedAt()).isEqualTo(S);
        assertThat(invoice.lines()).containsExactly(
                new InvoiceLine(c1, "Customer " + c1, ENDPOINT_ADVANCED, Skus.of(ENDPOINT_ADVANCED), 2,
                        new BigDecimal("3.5000"), new BigDecimal("7.00")),
                new InvoiceLine(c1, "Customer " + c1, SERVER_ADVANCED, Skus.of(SERVER_ADVANCED), 1,
                        new BigDecimal("7.0000"), new BigDecimal("7.00")),
                new InvoiceLine(c2, "Customer " + c2, FIREWALL_FULL_GUARD, Skus.of(FIREWALL_FULL_GUARD), 1,
                        new BigDecimal("75.0000"), new BigDecimal("75.00")));
        assertThat(invoice.totalAmount()).isEqualByComparingTo("89.00");

        // a repeated close published nothing new
        holdsFor("the one invoice record on " + topic, Duration.ofSeconds(1),
                () -> assertThat(topics.readAll(topic)).hasSize(1));

        // evidence (R26): the partner and its distributor see it, nobody else does
        given().auth().oauth2(TestTokens.distributor(dist)).when().get("/v1/invoices/" + invoiceId + "/evidence")
                .then().statusCode(200).body("lines[0].unitIds", contains("user:alice", "user:bob"))
                .body("lines[2].unitIds", contains("serial:SN-" + run));
        given().auth().oauth2(TestTokens.partner(p)).when().get("/v1/invoices/" + invoiceId).then().statusCode(200)
                .body("invoice.invoiceId", equalTo(invoiceId)).body("published", equalTo(true));
        given().auth().oauth2(TestTokens.distributor(dist)).when().get("/v1/invoices").then().statusCode(200)
                .body("invoiceId", contains(invoiceId));
        given().auth().oauth2(TestTokens.distributor("other-dist")).when().get("/v1/invoices/" + invoiceId)
                .then().statusCode(404);
        given().auth().oauth2(TestTokens.partner("other-partner")).when().get("/v1/invoices/" + invoiceId + "/evidence")
                .then().statusCode(404);

        // the vendor-compatible report of the closed month
        given().auth().oauth2(TestTokens.partner(p)).header("X-Partner-ID", p).queryParam("pageSize", 2)
                .queryParam("pageTotal", true).when().get("/partner/v1/billing/usage/2026/10").then().statusCode(200)
                .body("items", hasSize(2)).body("pages.total", equalTo(3)).body("pages.nextKey", equalTo("00003-1"))
                .body("items[0].partnerAccountId", equalTo(p)).body("items[0].sku", equalTo(Skus.of(ENDPOINT_ADVANCED)))
                .body("items[0].billableQuantity", equalTo(2)).body("items[0].billingStartDate", equalTo("2026-10-01"))
                .body("items[0].billingEndDate", equalTo("2026-10-31")).body("items[0].unitPriceCurrency", equalTo("EUR"))
                .body("items[0].assignedAccountIdentifier", equalTo("Customer " + c1))
                .body("items[0].distributorAccountName", equalTo(dist));
        given().auth().oauth2(TestTokens.partner(p)).header("X-Partner-ID", p).queryParam("pageFromKey", "00003-1")
                .when().get("/partner/v1/billing/usage/2026/10").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].accountNumberOrSerialNumber", equalTo("SN-" + run))
                .body("pages.nextKey", nullValue());
        given().auth().oauth2(TestTokens.partner(p)).header("X-Partner-ID", p).queryParam("accountId", c2)
                .when().get("/partner/v1/billing/usage/2026/10").then().statusCode(200).body("items", hasSize(1));
        given().auth().oauth2(TestTokens.partner(p)).header("X-Partner-ID", p)
                .when().get("/partner/v1/billing/usage/2026/9").then().statusCode(404);
        given().auth().oauth2(TestTokens.partner(p)).header("X-Partner-ID", "not-me")
                .when().get("/partner/v1/billing/usage/2026/10").then().statusCode(403);

        // R28: a late heartbeat inside the closed window → an adjustment referencing the invoice
        produce(heartbeat(c1, "srv-late", SERVER_ADVANCED, null, "2026-10-31T12:00:00Z"));
        String adjustmentId = invoiceId + "-ADJ-1";
        List<ConsumerRecord<String, byte[]>> withAdjustment = topics.readUntil(topic,
                rs -> !withId(rs, "adjustment-issued:" + adjustmentId).isEmpty(), Duration.ofSeconds(30));
        AdjustmentIssued adjustment = (AdjustmentIssued) CloudEvents.unwrap(TopicClient.envelope(
                withId(withAdjustment, "adjustment-issued:" + adjustmentId).get(0)));
        assertThat(adjustment.invoiceId()).isEqualTo(invoiceId);
        assertThat(adjustment.lines()).containsExactly(new InvoiceLine(c1, "Customer " + c1, SERVER_ADVANCED,
                Skus.of(SERVER_ADVANCED), 1, new BigDecimal("7.0000"), new BigDecimal("7.00")));
        // ... and the issued invoice is unchanged (R28)
        given().auth().oauth2(TestTokens.partner(p)).when().get("/v1/invoices/" + invoiceId).then().statusCode(200)
                .body("invoice.totalAmount", equalTo(89.0f)).body("adjustments[0].adjustmentId", equalTo(adjustmentId));
    }

    /** The real-time page (no {@code at}): the answer of the usage cache, followed through the real broker. */
    io.restassured.path.json.JsonPath realTime(String partner) {
        return given().auth().oauth2(TestTokens.partner(partner)).queryParam("sort", "name").when().get("/v1/usage")
                .then().statusCode(200).extract().jsonPath();
    }

    int realTimeCount(String partner, int row, String product) {
        return realTime(partner).getInt("rows[" + row + "].products." + product);
    }

    @Test
    void R20_realTimeUsageFollowsEveryFoldedFactAndEqualsTheSamePageAskedAtItsInstant() {
        String p = "prt-" + run;
        String c1 = "rt1-" + run;
        String c2 = "rt2-" + run;
        Instant now = Instant.now();
        produce(partner(p, "dist-" + run, "DE"),
                customer(c1, p, MONTHLY, "2026-01-10T00:00:00Z"),
                customer(c2, p, MONTHLY, "2026-01-10T00:00:00Z"),
                heartbeat(c1, "srv-1", SERVER_ADVANCED, null, now.minus(Duration.ofDays(1)).toString()),
                heartbeat(c1, "srv-2", SERVER_ADVANCED, null, now.minus(Duration.ofDays(1)).toString()),
                heartbeat(c2, "srv-3", SERVER_ADVANCED, null, now.minus(Duration.ofDays(2)).toString()));
        await("both customers counted in real time", () -> realTime(p).getList("rows").size() == 2
                && realTimeCount(p, 0, "SERVER_ADVANCED") == 2 && realTimeCount(p, 1, "SERVER_ADVANCED") == 1);
        var first = realTime(p);
        assertThat(first.getInt("totals.total")).isEqualTo(3);
        assertThat(first.getInt("summary.allCustomers")).isEqualTo(2);
        // the same page asked at the instant the real-time answer was for (computed afresh, not cached)
        var atItsInstant = given().auth().oauth2(TestTokens.partner(p)).queryParam("sort", "name")
                .queryParam("at", first.getString("at")).when().get("/v1/usage").then().statusCode(200)
                .extract().jsonPath();
        assertThat(atItsInstant.getList("rows")).isEqualTo(first.getList("rows"));
        assertThat(atItsInstant.getMap("summary")).isEqualTo(first.getMap("summary"));

        // a new unit, a removal (R19) and a selected licence (R17a): each visible in the next real-time answers
        produce(heartbeat(c2, "srv-4", SERVER_ADVANCED, null, now.minus(Duration.ofHours(1)).toString()),
                removed(c1, "srv-1", now.minus(Duration.ofMinutes(1)).toString()));
        await("the new unit and the removal", () -> realTimeCount(p, 0, "SERVER_ADVANCED") == 1
                && realTimeCount(p, 1, "SERVER_ADVANCED") == 2);
        produce(new LicenseEvent.MonthlyLicenseSelected(c2, p, ProductFamily.SERVER,
                dev.metering.contracts.ProductCode.SERVER_STANDARD, now, now));
        await("the selected licence", () -> realTimeCount(p, 1, "SERVER_STANDARD") == 2
                && realTimeCount(p, 1, "SERVER_ADVANCED") == 0);
        given().auth().oauth2(TestTokens.partner(p)).when().get("/v1/usage/export.csv").then().statusCode(200)
                .body(containsString("Customer " + c1 + ",MONTHLY,0,0,0,1,0,0,0,0,0,0,1"))
                .body(containsString("Customer " + c2 + ",MONTHLY,0,0,2,0,0,0,0,0,0,0,2"));
        given().auth().oauth2(TestTokens.partner("someone-else")).when().get("/v1/usage").then().statusCode(200)
                .body("rows", hasSize(0));
    }

    @Test
    void aRestartFromTheStoreAndAReplayOfEveryRecordGiveIdenticalCounts() throws Exception {
        String p = "pr-" + run;
        String c = "cr-" + run;
        List<MeteringEvent> first = new ArrayList<>(List.of(partner(p, "dist-r", "DE"),
                customer(c, p, MONTHLY, "2026-01-10T00:00:00Z")));
        for (int i = 0; i < 200; i++) {
            first.add(heartbeat(c, "d-" + (i % 40), i % 2 == 0 ? SERVER_ADVANCED : ENDPOINT_STANDARD,
                    i % 3 == 0 ? null : "u-" + (i % 7), Instant.parse("2026-10-05T00:00:00Z").plusSeconds(i * 7_000L)
                            .toString()));
        }
        produce(first.toArray(MeteringEvent[]::new));
        await("first half folded and stored", () -> usage.find(c) != null
                && usage.find(c).trackCount() == 40 && storedOffsetsCover());
        Map<String, String> before = usage.find(c).describe();
        var countsBefore = usage.find(c).unitsAt(S.toEpochMilli(), ProductResolver.AS_REPORTED);

        // the store holds exactly what memory holds (one transaction per batch, offsets with it)
        UsageProjection fromStore = new UsageProjection(usage.window());
        store.load(fromStore, new BillingState());
        assertThat(fromStore.find(c).describe()).isEqualTo(before);

        // restart mid-stream: forget memory, load from PostgreSQL, resume at the stored offsets
        consumer.restartFromStore();
        assertThat(usage.find(c).describe()).isEqualTo(before);
        assertThat(state.partnerAt(c, S)).isEqualTo(p);
        produce(heartbeat(c, "d-new", SERVER_ADVANCED, null, "2026-10-30T00:00:00Z"));
        await("post-restart heartbeat", () -> usage.find(c).isActive("d-new", SERVER_ADVANCED, S.toEpochMilli()));

        // re-consume EVERY record (rewind the stored offsets): duplicates must not double count (R21)
        Map<String, String> afterNew = usage.find(c).describe();
        try (Connection conn = ServiceFoundationContract.jdbc()) {
            conn.createStatement().executeUpdate("update consumer_offsets set next_offset = 0");
        }
        consumer.restartFromStore();
        long batches = consumer.batches();
        await("replay of the whole topics", () -> consumer.batches() > batches && consumer.caughtUp());
        assertThat(usage.find(c).describe()).isEqualTo(afterNew);
        var countsAfter = usage.find(c).unitsAt(S.toEpochMilli(), ProductResolver.AS_REPORTED);
        assertThat(countsAfter.get(ENDPOINT_STANDARD)).isEqualTo(countsBefore.get(ENDPOINT_STANDARD));
        assertThat(countsAfter.get(SERVER_ADVANCED)).hasSize(countsBefore.get(SERVER_ADVANCED).size() + 1);
    }

    @Test
    void badRecordsGoToTheDeadLetterTableAndNeverBlockGoodOnes() throws Exception {
        String c = "cd-" + run;
        topics.produce(new ProducerRecord<>(Topics.TELEMETRY_HEARTBEATS, c, "not json".getBytes()));
        CloudEvent noDevice = CloudEvents.wrap("bad-" + run, "/test",
                new dev.metering.contracts.telemetry.DeviceHeartbeat("bad-" + run, c, null, null,
                        java.util.Set.of(SERVER_ADVANCED), null, null, null, Instant.parse("2026-10-20T00:00:00Z"),
                        Instant.parse("2026-10-20T00:00:00Z")));
        topics.produce(Topics.TELEMETRY_HEARTBEATS, c, noDevice);
        produce(heartbeat(c, "good", SERVER_ADVANCED, null, "2026-10-20T00:00:00Z"));
        await("the good record", () -> countAtS(c, SERVER_ADVANCED) == 1);
        await("dead letters stored", () -> deadLetters(c).size() == 2);
        assertThat(deadLetters(c)).containsExactlyInAnyOrder("bad-json", "invalid-event");
    }

    /**
     * #14: a record holding what PostgreSQL cannot store (NUL in an id, a name or the key and headers, a lone
     * surrogate, an id far beyond an index row) used to fail every batch store and stop billing for good. Now each
     * is a dead letter with its reason and the good records after them are folded (R21: nothing else is lost).
     */
    @Test
    void poisonRecordsAreDeadLettersAndTheRecordsAfterThemAreFolded() throws Exception {
        String c = "cp-" + run;
        // both bad ids hash to the good customer's partition, so only the id checks (never the routing check) can
        // refuse them: the hot path once folded a 9 000-character id whenever it happened to land there
        String nulCustomer = samePartitionAs(c, c + "\u0000");
        String longCustomer = samePartitionAs(c, c + "x".repeat(9000));
        String keyOfNul = "kn-" + run;
        // a heartbeat whose customer id holds NUL, keyed like the good customer (same partition as the good one)
        topics.produce(Topics.TELEMETRY_HEARTBEATS, c, CloudEvents.wrap("p1-" + run, "/test",
                heartbeat(nulCustomer, "d-1", SERVER_ADVANCED, null, "2026-10-20T00:00:00Z")));
        topics.produce(Topics.TELEMETRY_HEARTBEATS, c, CloudEvents.wrap("p2-" + run, "/test",
                heartbeat(longCustomer, "d-1", SERVER_ADVANCED, null, "2026-10-20T00:00:00Z")));
        // a device id holding a lone surrogate (an escape in the JSON text, as a foreign producer may write it)
        CloudEvent surrogate = CloudEvents.wrap("p3-" + run, "/test",
                heartbeat(c, "devXice", SERVER_ADVANCED, null, "2026-10-20T00:00:00Z"));
        ProducerRecord<String, byte[]> lone = new ProducerRecord<>(Topics.TELEMETRY_HEARTBEATS, c,
                new String(CloudEvents.dataBytes(surrogate), StandardCharsets.UTF_8).replace("devXice",
                        "dev\\ud800ice").getBytes(StandardCharsets.UTF_8));
        CloudEvents.binaryHeaders(surrogate).forEach((k, v) -> lone.headers().add(k, v));
        topics.produce(lone);
        // a customer event whose name holds NUL, and a record whose key and header hold NUL
        topics.produce(Topics.CUSTOMERS_EVENTS, c, CloudEvents.wrap("p4-" + run, "/test",
                new dev.metering.contracts.customer.CustomerEvent.CustomerRenamed(c, "p-" + run, "bad\u0000name",
                        "bad", Instant.parse("2026-10-20T00:00:00Z"))));
        ProducerRecord<String, byte[]> nulKey = new ProducerRecord<>(Topics.TELEMETRY_HEARTBEATS, keyOfNul + "\u0000",
                "not json".getBytes(StandardCharsets.UTF_8));
        nulKey.headers().add("ce_type", "metering.\u0000".getBytes(StandardCharsets.UTF_8));
        topics.produce(nulKey);

        produce(heartbeat(c, "good", SERVER_ADVANCED, null, "2026-10-20T00:00:00Z"));

        await("the good record after the poison", () -> countAtS(c, SERVER_ADVANCED) == 1);
        await("the poison records as dead letters", () -> deadLetters(c).size() == 4);
        assertThat(deadLetters(c)).as("a lone surrogate may already fail the JSON parser (bad-json)")
                .allMatch(reason -> reason.equals("invalid-characters") || reason.equals("bad-json"))
                .filteredOn("invalid-characters"::equals).hasSizeGreaterThanOrEqualTo(3);
        try (Connection conn = ServiceFoundationContract.jdbc();
                java.sql.PreparedStatement ps = conn.prepareStatement(
                        "select reason from dead_letters where record_key like ?")) {
            ps.setString(1, keyOfNul + "%");
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("the record with NUL in key and header is a dead letter too").isTrue();
            }
        }
        assertThat(usage.find(nulCustomer)).isNull();
        assertThat(usage.find(longCustomer)).isNull();
        assertThat(usage.find(c).deviceCount()).as("only the good device").isEqualTo(1);
    }

    @Inject
    dev.metering.billing.invoice.scheduling.CloseScheduler scheduler;
    @Inject
    dev.metering.billing.invoice.projection.ClosedPeriods closedPeriods;

    @Test
    void theSchedulerClosesTheLastDuePeriodOnceAndTheFoldIsReportedInHealthAndMetrics() {
        await("consumer caught up", consumer::caughtUp);
        Instant now = Instant.parse("2026-11-01T00:00:30Z");
        scheduler.closeIfDue(now); // closes 2026-10 unless another test already did
        assertThat(closedPeriods.isClosed(java.time.YearMonth.of(2026, 10))).isTrue();
        assertThat(scheduler.closeIfDue(now)).isNull();
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'billing-fold' }.status", equalTo("UP"));
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("billing_fold_records_total"));
        String metricsCustomer = "metrics-" + java.util.UUID.randomUUID();
        produce(heartbeat(metricsCustomer, "m-1", ENDPOINT_STANDARD, null, "2026-10-25T10:00:00Z"),
                heartbeat(metricsCustomer, "m-2", ENDPOINT_STANDARD, null, "2026-10-25T10:00:00Z"));
        await("two devices folded", () -> usage.find(metricsCustomer) != null
                && usage.find(metricsCustomer).deviceCount() == 2);
        long devices = usage.all().stream().mapToLong(dev.metering.billing.usage.CustomerUnits::deviceCount).sum();
        assertThat(devices).isGreaterThanOrEqualTo(2);
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("billing_usage_devices " + (double) devices)
                .contains("billing_usage_customers " + (double) usage.all().size());
    }

    /** {@code prefix} plus a suffix that puts it on the partition of {@code customer} (of the test topics). */
    static String samePartitionAs(String customer, String prefix) {
        int partitions = dev.metering.testsupport.RealInfrastructure.PARTITIONS;
        int wanted = dev.metering.billing.cluster.messaging.Partitions.of(customer, partitions);
        for (int i = 0;; i++) {
            String id = prefix + i;
            if (dev.metering.billing.cluster.messaging.Partitions.of(id, partitions) == wanted) {
                return id;
            }
        }
    }

    @Test
    void R20_R26_aUsageSnapshotOnBillingUsageEqualsTheCustomersRealTimeRow_withTheFirewallsSerials() {
        // given a customer with two endpoints and a firewall active right now (R16), a customer of another partner
        String p = "snp-" + run;
        String c = "snc-" + run;
        String other = "sno-" + run;
        String serial = "SN-SNAP-" + run;
        Instant now = Instant.now();
        String recent = now.minus(Duration.ofHours(1)).toString();
        produce(partner(p, "dist-" + run, "DE"), customer(c, p, MONTHLY, "2026-01-10T00:00:00Z"),
                customer(other, "snp2-" + run, MONTHLY, "2026-01-10T00:00:00Z"),
                firewall(c, p, serial, FirewallSubscription.FULL_GUARD, "2026-01-10T00:00:00Z"));
        produce(heartbeat(c, "pc-1", ENDPOINT_STANDARD, "alice", recent),
                heartbeat(c, "pc-2", ENDPOINT_STANDARD, "bob", recent),
                firewallHeartbeat(c, serial, FirewallSubscription.FULL_GUARD, recent),
                heartbeat(other, "o-1", SERVER_ADVANCED, null, recent));
        await("the fold of the snapshot facts", () -> Integer.valueOf(3).equals(realTime(p).get("rows[0].total"))
                && usage.find(other) != null);
        Map<String, Integer> row = realTime(p).getMap("rows[0].products");

        // when billing publishes its customers' snapshots
        assertThat(publisher.publish(Instant.now()).published()).isGreaterThanOrEqualTo(2);

        // then billing.usage holds, keyed by the customer, a snapshot with the numbers of its real-time row (R20)
        List<ConsumerRecord<String, byte[]>> records = topics.readUntil(Topics.BILLING_USAGE,
                rs -> rs.stream().anyMatch(r -> c.equals(r.key())), Duration.ofSeconds(30));
        List<BillingEvent.UsageSnapshot> mine = records.stream().filter(r -> c.equals(r.key()))
                .map(r -> (BillingEvent.UsageSnapshot) CloudEvents.unwrap(TopicClient.envelope(r))).toList();
        assertThat(mine).hasSize(1);
        BillingEvent.UsageSnapshot snapshot = mine.get(0);
        assertThat(snapshot.partnerId()).isEqualTo(p);
        assertThat(snapshot.customerId()).isEqualTo(c);
        Map<String, Integer> published = new java.util.TreeMap<>();
        snapshot.products().forEach(u -> published.put(u.product().name(), (int) u.quantity()));
        Map<String, Integer> nonZero = new java.util.TreeMap<>();
        row.forEach((product, n) -> {
            if (n > 0) {
                nonZero.put(product, n);
            }
        });
        assertThat(published).isEqualTo(nonZero).containsEntry("ENDPOINT_STANDARD", 2)
                .containsEntry("FIREWALL_FULL_GUARD", 1);
        // ... the firewall product carries the serial it counted (R26's evidence), other products none
        snapshot.products().forEach(u -> assertThat(u.serialNumbers())
                .isEqualTo(u.product() == FIREWALL_FULL_GUARD ? List.of(serial) : List.of()));
        // ... and the other partner's customer has its own record, never inside this one
        assertThat(records).anyMatch(r -> other.equals(r.key()));
    }

    List<String> deadLetters(String key) {
        List<String> out = new ArrayList<>();
        try (Connection conn = ServiceFoundationContract.jdbc();
                var ps = conn.prepareStatement("select reason from dead_letters where record_key = ?")) {
            ps.setString(1, key);
            ResultSet rs = ps.executeQuery();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return out;
    }

    boolean storedOffsetsCover() {
        try (Connection conn = ServiceFoundationContract.jdbc();
                ResultSet rs = conn.createStatement().executeQuery(
                        "select coalesce(sum(next_offset), 0) from consumer_offsets where topic = 'telemetry.heartbeats'")) {
            rs.next();
            long stored = rs.getLong(1);
            long end = topics.readAll(Topics.TELEMETRY_HEARTBEATS).size();
            return stored >= end;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /**
     * #16's design point: the invoice of a partner with 10 000 customers is ~4.6 MB of JSON, beyond Kafka's 1 MB
     * default, and a document that could not be sent held back every other one of the close (all stayed in the
     * outbox). Both documents of this close must reach the distributor's topic (R25: one invoice per partner, R26).
     */
    @Test
    void givenAnInvoiceOfSeveralMegabytesBesideASmallOne_whenPublished_thenBothReachTheDistributorsTopic() {
        // given: a close storing a 12 000-line invoice (one line per customer) and a one-line invoice
        String dist = "dist-big-" + run;
        Instant s = Instant.parse("2019-02-01T00:00:00Z");
        List<InvoiceLine> lines = new ArrayList<>();
        List<LineEvidence> evidence = new ArrayList<>();
        for (int c = 0; c < 12_000; c++) {
            String customer = UUID.nameUUIDFromBytes((run + c).getBytes(StandardCharsets.UTF_8)).toString();
            lines.add(new InvoiceLine(customer, "Customer " + c + " of a large managed service provider",
                    ENDPOINT_ADVANCED, "SKU-EP-ADV", 1, BigDecimal.ONE, BigDecimal.ONE));
            evidence.add(new LineEvidence(customer, ENDPOINT_ADVANCED, "SKU-EP-ADV",
                    List.of("device:" + customer)));
        }
        InvoiceIssued big = new InvoiceIssued("inv-big-" + run, "p-big-" + run, "Big", dist, "2019-01", s, "EUR",
                lines, List.of(), BigDecimal.valueOf(12_000), s);
        InvoiceIssued small = new InvoiceIssued("inv-small-" + run, "p-small-" + run, "Small", dist, "2019-01", s,
                "EUR", lines.subList(0, 1), List.of(), BigDecimal.ONE, s);
        invoices.storeClose(YearMonth.of(2019, 1), s, s, List.of(
                new PartnerInvoice(big, evidence),
                new PartnerInvoice(small, evidence.subList(0, 1))), List.of());
        assertThat(CloudEvents.dataBytes(CloudEvents.wrap("x", "/billing-service", big)).length)
                .isGreaterThan(1024 * 1024);

        // when
        invoicePublisher.publishPending();

        // then
        List<ConsumerRecord<String, byte[]>> records = topics.readUntil(Topics.invoicesFor(dist),
                rs -> rs.size() >= 2, Duration.ofSeconds(30));
        assertThat(records).extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrder("p-big-" + run, "p-small-" + run);
    }
}
