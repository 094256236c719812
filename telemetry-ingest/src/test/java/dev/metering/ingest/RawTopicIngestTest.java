package dev.metering.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.contracts.Topics;
import dev.metering.contracts.telemetry.DeviceHeartbeat;
import dev.metering.testsupport.ServiceFoundationContract;
import dev.metering.testsupport.TopicClient;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** Gateways on telemetry.heartbeats.raw: poison records become dead letters, good ones flow (R15, R21). */
@QuarkusTest
class RawTopicIngestTest {

    final TopicClient topics = ServiceFoundationContract.topics();
    final IngestClient client = new IngestClient(topics);

    static ProducerRecord<String, byte[]> raw(String key, byte[] value) {
        return new ProducerRecord<>(Topics.TELEMETRY_HEARTBEATS_RAW, key, value);
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String item(String eventId) {
        return """
                {"kind":"device-heartbeat","eventId":"%s","deviceId":"d-%s","deviceKind":"SERVER",
                 "products":["SERVER_STANDARD"],"occurredAt":"%s"}""".formatted(eventId, eventId,
                Instant.now().minusSeconds(120));
    }

    @Test
    void poisonRecordsLandInRejectedWhileGoodOnesFlow() {
        String customer = "gw-cust-" + UUID.randomUUID();
        client.issueKey(customer); // a customer with a live key may send through gateways
        String unknownCustomer = "gw-unknown-" + UUID.randomUUID();

        ProducerRecord<String, byte[]> binaryCe = raw(customer, b(item("good-3").replace("\"kind\":\"device-heartbeat\",", "")
                .replace("\"eventId\":\"good-3\",", "")));
        binaryCe.headers().add("ce_type", b("metering.telemetry.v1.device-heartbeat"));
        binaryCe.headers().add("ce_id", b("good-3"));
        byte[] hugeGarbage = new byte[800_000];
        Arrays.fill(hugeGarbage, (byte) '{');
        ProducerRecord<String, byte[]> utm = raw(customer, b("""
                {"kind":"firewall-heartbeat","eventId":"poison-utm","serialNumber":"S1","model":"SG 210",
                 "firmwareVersion":"9.712-13","occurredAt":"%s"}""".formatted(Instant.now())));
        utm.headers().add("gateway", b("gw-7"));

        topics.produce(
                raw(customer, b(item("good-1"))),
                raw(customer, b("this is not json")),
                raw(customer, new byte[] { '{', '"', (byte) 0xC3, (byte) 0x28, '"', '}' }),
                raw(customer, null),
                raw(customer, hugeGarbage),
                raw(customer, b(item("poison-missing").replace("\"deviceId\":\"d-poison-missing\",", ""))),
                raw(unknownCustomer, b(item("poison-unknown"))),
                utm,
                raw(customer, b(item("good-2"))),
                binaryCe);

        List<ConsumerRecord<String, byte[]>> good = client.recordsFor(Topics.TELEMETRY_HEARTBEATS, customer,
                rs -> rs.size() >= 3, Duration.ofSeconds(30));
        assertThat(good.stream().map(r -> IngestClient.header(r, "ce_id")))
                .containsExactlyInAnyOrder(customer + ":good-1", customer + ":good-2", customer + ":good-3");
        DeviceHeartbeat hb = (DeviceHeartbeat) dev.metering.contracts.CloudEvents.unwrap(TopicClient.envelope(good.get(0)));
        assertThat(hb.customerId()).isEqualTo(customer);

        List<ConsumerRecord<String, byte[]>> rejected = topics.readUntil(Topics.TELEMETRY_REJECTED,
                rs -> rs.stream().filter(r -> customer.equals(r.key())).count() >= 6
                        && rs.stream().anyMatch(r -> unknownCustomer.equals(r.key())), Duration.ofSeconds(30));
        Map<String, String> reasonByPayloadStart = rejected.stream()
                .filter(r -> customer.equals(r.key()) || unknownCustomer.equals(r.key()))
                .collect(Collectors.toMap(r -> IngestClient.header(r, "rejected-reason") + "#"
                        + IngestClient.header(r, "rejected-source-offset"), r -> IngestClient.header(r, "rejected-reason")));
        assertThat(reasonByPayloadStart.values()).containsExactlyInAnyOrder("malformed-json", "malformed-json",
                "empty-value", "malformed-json", "missing-field:deviceId", "unknown-customer", "utm9-not-supported");

        for (ConsumerRecord<String, byte[]> r : rejected) {
            if (!customer.equals(r.key()) && !unknownCustomer.equals(r.key())) {
                continue;
            }
            assertThat(IngestClient.header(r, "rejected-source-topic")).isEqualTo(Topics.TELEMETRY_HEARTBEATS_RAW);
            assertThat(IngestClient.header(r, "rejected-source-partition")).matches("\\d+");
            assertThat(IngestClient.header(r, "rejected-source-offset")).matches("\\d+");
            assertThat(IngestClient.header(r, "rejected-at")).isNotNull();
        }
        ConsumerRecord<String, byte[]> notJson = rejected.stream()
                .filter(r -> customer.equals(r.key()) && r.value().length > 0 && r.value()[0] == 't').findFirst()
                .orElseThrow();
        assertThat(new String(notJson.value(), StandardCharsets.UTF_8)).isEqualTo("this is not json");
        ConsumerRecord<String, byte[]> utmDead = rejected.stream()
                .filter(r -> "utm9-not-supported".equals(IngestClient.header(r, "rejected-reason"))
                        && customer.equals(r.key())).findFirst().orElseThrow();
        assertThat(IngestClient.header(utmDead, "original-gateway")).isEqualTo("gw-7");
        ConsumerRecord<String, byte[]> huge = rejected.stream()
                .filter(r -> customer.equals(r.key()) && "true".equals(IngestClient.header(r, "rejected-truncated")))
                .findFirst().orElseThrow();
        assertThat(huge.value()).hasSize(512 * 1024);
    }

    @Test
    void aGatewayRecordWithoutKeyIsAttributedToTheCustomerItNames() {
        String customer = "gw-named-" + UUID.randomUUID();
        client.issueKey(customer);
        topics.produce(raw(null, b(item("named-1").replace("{\"kind\"", "{\"customerId\":\"" + customer + "\",\"kind\""))));
        List<ConsumerRecord<String, byte[]>> good = client.recordsFor(Topics.TELEMETRY_HEARTBEATS, customer,
                rs -> !rs.isEmpty(), Duration.ofSeconds(30));
        assertThat(good).hasSize(1);
        assertThat(IngestClient.header(good.get(0), "ce_id")).isEqualTo(customer + ":named-1");
    }
}
