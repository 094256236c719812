package dev.metering.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metering.contracts.CloudEvent;
import dev.metering.contracts.CloudEvents;
import dev.metering.contracts.ProductCode;
import dev.metering.contracts.Topics;
import dev.metering.contracts.telemetry.DeviceHeartbeat;
import dev.metering.contracts.telemetry.DeviceKind;
import dev.metering.contracts.telemetry.DeviceRemoved;
import dev.metering.contracts.telemetry.FirewallHeartbeat;
import dev.metering.contracts.telemetry.FirewallSubscription;
import dev.metering.testsupport.ServiceFoundationContract;
import dev.metering.testsupport.TopicClient;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** POST /v1/heartbeats through the real broker (R13, R15, R16, R19, R21). */
@QuarkusTest
class HeartbeatIngestTest {

    final IngestClient client = new IngestClient(ServiceFoundationContract.topics());

    static String customer() {
        return "cust-" + UUID.randomUUID();
    }

    static String device(String eventId, Instant occurredAt) {
        return """
                {"kind":"device-heartbeat","eventId":"%s","deviceId":" DEV-%s ","deviceKind":"workstation",
                 "products":["ENDPOINT_ADVANCED","device-encryption"],"userId":"Alice@Example.com",
                 "hostname":"LAPTOP-1","agentVersion":"2026.3","occurredAt":"%s"}"""
                .formatted(eventId, eventId, occurredAt);
    }

    static String firewall(String eventId, String firmware, Instant occurredAt) {
        return """
                {"kind":"firewall-heartbeat","eventId":"%s","serialNumber":"c0100%s","model":"XGS 2100",
                 "firmwareVersion":"%s","subscriptions":["EnterpriseGuard"],"occurredAt":"%s"}"""
                .formatted(eventId, eventId, firmware, occurredAt);
    }

    static String removed(String eventId, Instant occurredAt) {
        return """
                {"kind":"device-removed","eventId":"%s","deviceId":"dev-r","reason":"DELETED","occurredAt":"%s"}"""
                .formatted(eventId, occurredAt);
    }

    @Test
    void aMixedBatchPutsExactlyTheValidItemsOnTheTopicWithPerItemReasons() throws Exception {
        String customer = customer();
        IngestClient.Key key = client.issueKey(customer);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant hourAgo = now.minus(Duration.ofHours(1));
        List<String> items = List.of(
                device("ok-1", hourAgo),                                                     // 0 accepted
                firewall("ok-2", "SFOS 21.0.0 GA-Build169", hourAgo),                        // 1 accepted
                removed("ok-3", hourAgo),                                                    // 2 accepted
                device("bad-1", hourAgo).replace("\"deviceId\":\" DEV-bad-1 \",", ""),       // 3 missing-field:deviceId
                firewall("bad-2", "9.712-13", hourAgo),                                      // 4 utm9-not-supported (R15)
                device("bad-3", now.plus(Duration.ofMinutes(10))),                           // 5 occurred-in-future
                device("bad-4", now.minus(Duration.ofDays(36))),                             // 6 too-old
                device("bad-5", hourAgo).replace("{\"kind\"", "{\"customerId\":\"someone-else\",\"kind\""), // 7
                "42",                                                                        // 8 malformed-item
                device("bad-6", hourAgo).replace("device-heartbeat", "toaster-heartbeat"),   // 9 invalid-enum:kind
                device("bad-7", hourAgo).replace("\"workstation\"", "7"),                    // 10 invalid-type:deviceKind
                device("ok-4", now.minus(Duration.ofDays(34))),                              // 11 accepted
                device("ok-5", hourAgo).replace("{\"kind\"", "{\"customerId\":\"" + customer + "\",\"kind\"")); // 12

        IngestClient.Answer answer = IngestClient.post(key.plaintext(), "application/json",
                "[" + String.join(",", items) + "]");

        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(200);
        assertThat(answer.body().get("accepted").intValue()).isEqualTo(5);
        assertThat(answer.body().get("rejected").intValue()).isEqualTo(8);
        List<String> outcomes = new ArrayList<>();
        for (JsonNode r : answer.body().get("results")) {
            outcomes.add(r.get("index").intValue() + ":" + r.path("eventId").asText("-") + ":" + r.get("status").textValue()
                    + (r.has("reason") ? ":" + r.get("reason").textValue() : ""));
        }
        assertThat(outcomes).containsExactly(
                "0:ok-1:accepted", "1:ok-2:accepted", "2:ok-3:accepted",
                "3:bad-1:rejected:missing-field:deviceId",
                "4:bad-2:rejected:utm9-not-supported",
                "5:bad-3:rejected:occurred-in-future",
                "6:bad-4:rejected:too-old",
                "7:bad-5:rejected:customer-mismatch",
                "8:-:rejected:malformed-item",
                "9:bad-6:rejected:invalid-enum:kind",
                "10:bad-7:rejected:invalid-type:deviceKind",
                "11:ok-4:accepted", "12:ok-5:accepted");

        // acknowledged means durable: the records are on the topic when the answer arrives
        List<ConsumerRecord<String, byte[]>> records = client.recordsFor(Topics.TELEMETRY_HEARTBEATS, customer,
                rs -> rs.size() >= 5, Duration.ZERO);
        assertThat(records.stream().map(r -> IngestClient.header(r, "ce_id")).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(customer + ":ok-1", customer + ":ok-2", customer + ":ok-3",
                        customer + ":ok-4", customer + ":ok-5");
        for (ConsumerRecord<String, byte[]> r : records) {
            assertThat(r.key()).isEqualTo(customer);
            assertThat(IngestClient.header(r, "ce_source")).isEqualTo("/telemetry-ingest");
            assertThat(IngestClient.header(r, "ce_subject")).isEqualTo(customer);
        }
        CloudEvent first = TopicClient.envelope(records.stream()
                .filter(r -> IngestClient.header(r, "ce_id").endsWith(":ok-1")).findFirst().orElseThrow());
        DeviceHeartbeat hb = (DeviceHeartbeat) CloudEvents.unwrap(first);
        assertThat(first.type()).isEqualTo("metering.telemetry.v1.device-heartbeat");
        assertThat(hb).usingRecursiveComparison().ignoringFields("receivedAt").isEqualTo(new DeviceHeartbeat("ok-1",
                customer, "dev-ok-1", DeviceKind.WORKSTATION,
                Set.of(ProductCode.ENDPOINT_ADVANCED, ProductCode.DEVICE_ENCRYPTION), "alice@example.com", "laptop-1",
                "2026.3", hourAgo, null));
        assertThat(hb.receivedAt()).isBetween(now.minusSeconds(5), Instant.now());
        FirewallHeartbeat fw = (FirewallHeartbeat) CloudEvents.unwrap(TopicClient.envelope(records.stream()
                .filter(r -> IngestClient.header(r, "ce_id").endsWith(":ok-2")).findFirst().orElseThrow()));
        assertThat(fw.serialNumber()).isEqualTo("C0100OK-2");
        assertThat(fw.subscriptions()).containsExactly(FirewallSubscription.ENTERPRISE_GUARD);
        DeviceRemoved rm = (DeviceRemoved) CloudEvents.unwrap(TopicClient.envelope(records.stream()
                .filter(r -> IngestClient.header(r, "ce_id").endsWith(":ok-3")).findFirst().orElseThrow()));
        assertThat(rm.reason()).isEqualTo(DeviceRemoved.Reason.DELETED);
    }

    @Test
    void preferReturnMinimalListsOnlyTheRejectedItemsAndStillAcknowledgesOnlyDurableOnes() {
        String customer = customer();
        IngestClient.Key key = client.issueKey(customer);
        Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
        String body = "[" + String.join(",", device("min-1", hourAgo), firewall("min-2", "9.712-13", hourAgo),
                device("min-3", hourAgo), "42", removed("min-4", hourAgo)) + "]";

        IngestClient.Answer full = IngestClient.post(key.plaintext(), "application/json",
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(full.status()).isEqualTo(200);
        assertThat(full.header("Preference-Applied")).isNull();
        assertThat(full.body().get("results")).hasSize(5);

        for (String prefer : List.of("return=minimal", "handling=lenient, RETURN=\"minimal\"; x=1")) {
            IngestClient.Answer minimal = IngestClient.post(key.plaintext(), "application/json",
                    body.getBytes(java.nio.charset.StandardCharsets.UTF_8), "Prefer", prefer);
            assertThat(minimal.status()).as(prefer).isEqualTo(200);
            assertThat(minimal.header("Preference-Applied")).isEqualTo("return=minimal");
            assertThat(minimal.header("Content-Type")).startsWith("application/json");
            assertThat(minimal.body().get("accepted").intValue()).isEqualTo(3);
            assertThat(minimal.body().get("rejected").intValue()).isEqualTo(2);
            List<String> outcomes = new ArrayList<>();
            for (JsonNode r : minimal.body().get("results")) {
                outcomes.add(r.get("index").intValue() + ":" + r.path("eventId").asText("-") + ":"
                        + r.get("status").textValue() + ":" + r.get("reason").textValue());
            }
            assertThat(outcomes).as("exactly the rejected items of the full answer")
                    .containsExactly("1:min-2:rejected:utm9-not-supported", "3:-:rejected:malformed-item");
        }
        IngestClient.Answer other = IngestClient.post(key.plaintext(), "application/json",
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8), "Prefer", "return=representation");
        assertThat(other.header("Preference-Applied")).isNull();
        assertThat(other.body().get("results")).hasSize(5);

        // three posts of the same batch: every accepted item three times on the topic (same ids, R21)
        List<ConsumerRecord<String, byte[]>> records = client.recordsFor(Topics.TELEMETRY_HEARTBEATS, customer,
                rs -> rs.size() >= 12, Duration.ofSeconds(10));
        assertThat(records).hasSize(12);
        assertThat(records.stream().map(r -> IngestClient.header(r, "ce_id")).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(customer + ":min-1", customer + ":min-3", customer + ":min-4");
    }

    @Test
    void aBatchOfMoreThan100ItemsIsAnsweredCompactlyUnlessTheClientAsksForEveryResult() {
        IngestClient.Key key = client.issueKey(customer());
        Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            items.add(i == 7 ? firewall("big-" + i, "9.712-13", hourAgo) : device("big-" + i, hourAgo));
        }
        byte[] big = ("[" + String.join(",", items) + "]").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] hundred = ("[" + String.join(",", items.subList(0, 100)) + "]")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);

        // given no Prefer: 101 items -> only the rejected one is listed, and the answer says so
        IngestClient.Answer compact = IngestClient.post(key.plaintext(), "application/json", big);
        assertThat(compact.status()).isEqualTo(200);
        assertThat(compact.header("Preference-Applied")).isEqualTo("return=minimal");
        assertThat(compact.body().get("accepted").intValue()).isEqualTo(100);
        assertThat(compact.body().get("rejected").intValue()).isEqualTo(1);
        assertThat(compact.body().get("results")).hasSize(1);
        assertThat(compact.body().at("/results/0/index").intValue()).isEqualTo(7);
        assertThat(compact.body().at("/results/0/reason").textValue()).isEqualTo("utm9-not-supported");

        // return=representation: one result per item whatever the size
        IngestClient.Answer full = IngestClient.post(key.plaintext(), "application/json", big, "Prefer",
                "return=representation");
        assertThat(full.header("Preference-Applied")).isNull();
        assertThat(full.body().get("results")).hasSize(101);
        assertThat(full.body().at("/results/100/eventId").textValue()).isEqualTo("big-100");

        // up to 100 items without a preference: the full answer, as before
        IngestClient.Answer small = IngestClient.post(key.plaintext(), "application/json", hundred);
        assertThat(small.header("Preference-Applied")).isNull();
        assertThat(small.body().get("results")).hasSize(100);
    }

    @Test
    void resendingTheSameBatchCarriesTheSameCloudEventIds_R21() {
        String customer = customer();
        IngestClient.Key key = client.issueKey(customer);
        String body = "[" + device("same-1", Instant.now().minusSeconds(60)) + "]";
        assertThat(IngestClient.post(key.plaintext(), "application/json", body).status()).isEqualTo(200);
        assertThat(IngestClient.post(key.plaintext(), "application/json", body).status()).isEqualTo(200);
        List<ConsumerRecord<String, byte[]>> records = client.recordsFor(Topics.TELEMETRY_HEARTBEATS, customer,
                rs -> rs.size() >= 2, Duration.ofSeconds(10));
        assertThat(records).hasSize(2);
        assertThat(records.stream().map(r -> IngestClient.header(r, "ce_id")).distinct())
                .containsExactly(customer + ":same-1");
    }

    @Test
    void aMissingOrUnknownKeyIs401InTheErrorBody() {
        IngestClient.Answer none = IngestClient.post(null, "application/json", "[]");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.body().get("code").textValue()).isEqualTo("invalid-ingest-key");
        assertThat(none.body().get("error").textValue()).isEqualTo("unauthorized");
        assertThat(none.body().get("requestId")).isNotNull();
        IngestClient.Answer wrong = IngestClient.post("not-a-key", "application/json",
                device("x", Instant.now()));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.raw().body()).doesNotContain("not-a-key");
    }

    @Test
    void aRevokedKeyIsRefusedWithinSeconds() {
        String customer = customer();
        IngestClient.Key key = client.issueKey(customer);
        IngestClient.Key other = client.issueKey(customer);
        assertThat(IngestClient.post(key.plaintext(), "application/json", device("r-1", Instant.now())).status())
                .isEqualTo(200);

        client.publishRevocation(key);
        Duration took = client.awaitStatus(key.plaintext(), 401, Duration.ofSeconds(5));

        assertThat(took).isLessThan(Duration.ofSeconds(5));
        assertThat(IngestClient.post(key.plaintext(), "application/json", device("r-2", Instant.now())).status())
                .isEqualTo(401);
        assertThat(IngestClient.post(other.plaintext(), "application/json", device("r-3", Instant.now())).status())
                .as("the customer's other key still works").isEqualTo(200);
    }

    @Test
    void ndjsonAndCloudEventsAreAccepted() {
        String customer = customer();
        IngestClient.Key key = client.issueKey(customer);
        Instant t = Instant.now().minusSeconds(30);
        String ndjson = device("nd-1", t).replace("\n", " ") + "\n\n{not json\r\n" + removed("nd-2", t).replace("\n", " ")
                + "\n";
        IngestClient.Answer nd = IngestClient.post(key.plaintext(), "application/x-ndjson", ndjson);
        assertThat(nd.status()).isEqualTo(200);
        assertThat(nd.body().get("accepted").intValue()).isEqualTo(2);
        assertThat(nd.body().at("/results/1/reason").textValue()).isEqualTo("malformed-json");

        String ce = """
                {"specversion":"1.0","id":"ce-1","source":"/agent","type":"metering.telemetry.v1.device-heartbeat",
                 "datacontenttype":"application/json","data":%s}""".formatted(device("ce-1", t).replace(
                "\"kind\":\"device-heartbeat\",", ""));
        IngestClient.Answer single = IngestClient.post(key.plaintext(), "application/cloudevents+json", ce);
        assertThat(single.status()).isEqualTo(200);
        assertThat(single.body().at("/results/0/status").textValue()).isEqualTo("accepted");

        String batch = "[" + ce.replace("ce-1", "ce-2") + ",{\"id\":\"x\",\"type\":\"metering.customer.v1.created\","
                + "\"data\":{}}]";
        IngestClient.Answer many = IngestClient.post(key.plaintext(), "application/cloudevents-batch+json", batch);
        assertThat(many.status()).isEqualTo(200);
        assertThat(many.body().at("/results/0/status").textValue()).isEqualTo("accepted");
        assertThat(many.body().at("/results/1/reason").textValue()).isEqualTo("unknown-event-type");

        List<ConsumerRecord<String, byte[]>> records = client.recordsFor(Topics.TELEMETRY_HEARTBEATS, customer,
                rs -> rs.size() >= 4, Duration.ofSeconds(10));
        assertThat(records.stream().map(r -> IngestClient.header(r, "ce_id")))
                .containsExactlyInAnyOrder(customer + ":nd-1", customer + ":nd-2", customer + ":ce-1",
                        customer + ":ce-2");
    }

    @Test
    void wholeBodyProblemsAnswer4xxInTheErrorBody() {
        IngestClient.Key key = client.issueKey(customer());
        IngestClient.Answer type = IngestClient.post(key.plaintext(), "text/plain", "[]");
        assertThat(type.status()).isEqualTo(415);
        assertThat(type.body().get("code").textValue()).isEqualTo("unsupported-media-type");
        assertThat(IngestClient.post(key.plaintext(), null, "[]").status()).isEqualTo(415);

        IngestClient.Answer json = IngestClient.post(key.plaintext(), "application/json", "[{\"kind\":");
        assertThat(json.status()).isEqualTo(400);
        assertThat(json.body().get("code").textValue()).isEqualTo("malformed-json");
        assertThat(IngestClient.post(key.plaintext(), "application/json", "").status()).isEqualTo(400);

        IngestClient.Answer many = IngestClient.post(key.plaintext(), "application/json",
                "[" + "1,".repeat(10_000) + "1]");
        assertThat(many.status()).isEqualTo(413);
        assertThat(many.body().get("code").textValue()).isEqualTo("too-many-items");

        byte[] huge = new byte[10 * 1024 * 1024 + 1];
        java.util.Arrays.fill(huge, (byte) ' ');
        IngestClient.Answer large = IngestClient.post(key.plaintext(), "application/json", huge);
        assertThat(large.status()).isEqualTo(413);
        assertThat(large.body().get("code").textValue()).isEqualTo("payload-too-large");
        assertThat(large.body().get("error").textValue()).isEqualTo("payloadTooLarge");
    }

    @Test
    void metricsCountItemsByOutcomeKindAndReason() {
        IngestClient.Key key = client.issueKey(customer());
        Instant t = Instant.now().minusSeconds(10);
        double before = acceptedDeviceHeartbeats();
        IngestClient.post(key.plaintext(), "application/json",
                "[" + device("m-1", t) + "," + firewall("m-2", "UTM 9.7", t) + "," + device("m-3", t) + ","
                        + device("m-4", t) + "]");
        assertThat(acceptedDeviceHeartbeats() - before).as("a request meters all its accepted items").isEqualTo(3.0);
        String metrics = io.restassured.RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern(
                "ingest_items_total\\{[^}]*kind=\"firewall-heartbeat\"[^}]*outcome=\"rejected\"[^}]*reason=\"utm9-not-supported\"");
        assertThat(metrics).containsPattern("ingest_items_total\\{[^}]*kind=\"device-heartbeat\"[^}]*outcome=\"accepted\"");
        assertThat(metrics).contains("ingest_batch_items");
        assertThat(metrics).contains("ingest_produce_latency_seconds");
    }

    static double acceptedDeviceHeartbeats() {
        String metrics = io.restassured.RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^ingest_items_total\\{([^}]*)\\} (\\S+)$")
                .matcher(metrics);
        double sum = 0;
        while (m.find()) {
            String tags = m.group(1);
            if (tags.contains("kind=\"device-heartbeat\"") && tags.contains("outcome=\"accepted\"")
                    && tags.contains("source=\"http\"")) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    @Test
    void theOpenApiDocumentDescribesTheEndpoint() {
        String doc = io.restassured.RestAssured.given().accept("application/json").get("/q/openapi").then()
                .statusCode(200).extract().asString();
        assertThat(doc).contains("/v1/heartbeats", "application/x-ndjson", "application/cloudevents-batch+json",
                "IngestResponse", "X-Ingest-Key");
    }

    @Test
    void readinessReportsTheBroker() {
        io.restassured.RestAssured.given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'kafka-broker' }.status", org.hamcrest.Matchers.equalTo("UP"));
    }
}
