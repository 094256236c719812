package dev.metering.ingest;

import static dev.metering.testsupport.PoisonRecords.quote;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.contracts.CloudEvent;
import dev.metering.contracts.CloudEvents;
import dev.metering.contracts.Topics;
import dev.metering.contracts.customer.CustomerEvent;
import dev.metering.ingest.key.IngestKeys;
import dev.metering.testsupport.PoisonRecords;
import dev.metering.testsupport.ServiceFoundationContract;
import dev.metering.testsupport.TopicClient;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Issue #14, finding 2 (telemetry-ingest's part): a property test. Random poison records (random bytes,
 * NUL and control characters, lone surrogates, ids beyond PostgreSQL's index limit, huge values, odd
 * record keys and headers) on EVERY topic ingest consumes ({@code customers.events} and
 * {@code telemetry.heartbeats.raw}) never stop its consumers: each becomes a dead letter on
 * {@code telemetry.rejected} with its reason and source, and good records sent after them are honoured
 * (R13: a key issued after the poison works, a key revoked after it stops working within seconds; R16:
 * a gateway heartbeat after it is published). Seed: {@code -Dpoison.seed=N} (printed on every run). The
 * poison values come from test-support's {@link PoisonRecords}, the generator every service's property test uses.
 */
@QuarkusTest
class PoisonRecordsTest {

    private static final int POISON_PER_TOPIC = 30;

    final TopicClient topics = ServiceFoundationContract.topics();
    final IngestClient client = new IngestClient(topics);

    @Test
    void poisonOnEveryConsumedTopicBecomesDeadLettersAndGoodRecordsAfterItAreHonoured() {
        long seed = Long.getLong("poison.seed", System.nanoTime());
        System.out.println("[PoisonRecordsTest] seed " + seed + " (-Dpoison.seed=" + seed + " to replay)");
        Random random = new Random(seed);
        String customer = "poison-cust-" + UUID.randomUUID();
        IngestClient.Key before = client.issueKey(customer);

        // given poison on customers.events and on telemetry.heartbeats.raw, interleaved
        List<ProducerRecord<String, byte[]>> poison = new ArrayList<>();
        // always one the database refuses, on the partition the good key events will follow on
        poison.add(new ProducerRecord<>(Topics.CUSTOMERS_EVENTS, customer, bytes("{\"customerId\":" + quote(customer)
                + ",\"partnerId\":\"p-1\",\"keyId\":\"key\\u0000nul\",\"keyHash\":\""
                + IngestKeys.hash("x") + "\",\"occurredAt\":\"" + Instant.now() + "\"}")));
        CloudEvents.binaryHeaders(CloudEvents.wrap(UUID.randomUUID().toString(), "/customer-service",
                new CustomerEvent.IngestKeyIssued(customer, "p-1", "k", IngestKeys.hash("x"), Instant.now())))
                .forEach((k, v) -> poison.get(0).headers().add(k, v));
        int keyEventsKeyedByCustomer = 1;
        int rawKeyedByCustomer = 0;
        for (int i = 0; i < POISON_PER_TOPIC; i++) {
            ProducerRecord<String, byte[]> keyEvent = poisonKeyEvent(random, customer, i);
            // a key event of a type nobody knows is skipped by design (tolerant reader), not a dead letter
            keyEventsKeyedByCustomer += customer.equals(keyEvent.key()) && !PoisonRecords.unknownType(keyEvent) ? 1 : 0;
            poison.add(keyEvent);
            ProducerRecord<String, byte[]> raw = poisonRaw(random, customer, i);
            rawKeyedByCustomer += customer.equals(raw.key()) ? 1 : 0;
            poison.add(raw);
        }
        topics.produce(poison.toArray(ProducerRecord[]::new));

        // when good records follow the poison
        IngestClient.Key after = client.issueKey(customer, Duration.ofSeconds(10));
        client.publishRevocation(before);
        Duration revokedIn = client.awaitStatus(before.plaintext(), 401, Duration.ofSeconds(3));
        topics.produce(new ProducerRecord<>(Topics.TELEMETRY_HEARTBEATS_RAW, customer, bytes("""
                {"kind":"device-heartbeat","eventId":"after-poison","deviceId":"d-after","deviceKind":"SERVER",
                 "products":["SERVER_STANDARD"],"occurredAt":"%s"}""".formatted(Instant.now().minusSeconds(60)))));

        // then they are honoured
        assertThat(IngestClient.post(after.plaintext(), "application/json", "[]").status())
                .as("a key issued after the poison works").isEqualTo(200);
        assertThat(revokedIn).as("a key revoked after the poison stops working within seconds")
                .isLessThan(Duration.ofSeconds(3));
        List<ConsumerRecord<String, byte[]>> published = client.recordsFor(Topics.TELEMETRY_HEARTBEATS, customer,
                rs -> !rs.isEmpty(), Duration.ofSeconds(30));
        assertThat(published).extracting(r -> IngestClient.header(r, "ce_id"))
                .as("a gateway heartbeat after the poison is published").containsExactly(customer + ":after-poison");

        // and every poison record is a dead letter with its reason and source
        int expectedKeyEvents = keyEventsKeyedByCustomer;
        int expectedRaw = rawKeyedByCustomer;
        List<ConsumerRecord<String, byte[]>> dead = topics.readUntil(Topics.TELEMETRY_REJECTED,
                rs -> count(rs, customer, Topics.CUSTOMERS_EVENTS) >= expectedKeyEvents
                        && count(rs, customer, Topics.TELEMETRY_HEARTBEATS_RAW) >= expectedRaw,
                Duration.ofSeconds(30));
        assertThat(count(dead, customer, Topics.CUSTOMERS_EVENTS)).isEqualTo(expectedKeyEvents);
        assertThat(count(dead, customer, Topics.TELEMETRY_HEARTBEATS_RAW)).isEqualTo(expectedRaw);
        for (ConsumerRecord<String, byte[]> r : dead) {
            if (!customer.equals(r.key())) {
                continue;
            }
            assertThat(IngestClient.header(r, "rejected-reason")).isNotBlank();
            assertThat(IngestClient.header(r, "rejected-source-partition")).matches("\\d+");
            assertThat(IngestClient.header(r, "rejected-source-offset")).matches("\\d+");
        }
        assertThat(dead.stream().filter(r -> customer.equals(r.key())
                && Topics.CUSTOMERS_EVENTS.equals(IngestClient.header(r, "rejected-source-topic")))
                .map(r -> IngestClient.header(r, "rejected-reason")))
                .allMatch(reason -> reason.matches("unreadable-event|invalid-key-hash|missing-field:\\w+"
                        + "|too-long:\\w+|invalid-characters:\\w+|store-refused:\\w+"));
    }

    private static long count(List<ConsumerRecord<String, byte[]>> rs, String key, String sourceTopic) {
        return rs.stream().filter(r -> key.equals(r.key())
                && sourceTopic.equals(IngestClient.header(r, "rejected-source-topic"))).count();
    }

    /** An ingest-key event with at least one poisoned field, or garbage, with random odd keys and headers. */
    static ProducerRecord<String, byte[]> poisonKeyEvent(Random random, String customer, int i) {
        String keyId = "key-" + UUID.randomUUID();
        String hash = IngestKeys.hash("ik_" + UUID.randomUUID());
        if (random.nextInt(4) == 0) {
            // the shared generator's shapes too: tombstones, a missing or random CloudEvent type, poisoned fields
            return random.nextBoolean()
                    ? new PoisonRecords(random).poisonEvent(Topics.CUSTOMERS_EVENTS, customer, CloudEvents.wrap(
                            UUID.randomUUID().toString(), "/customer-service", new CustomerEvent.IngestKeyIssued(
                                    customer, "p-1", keyId, hash, Instant.now())),
                            List.of("customerId", "keyId", "keyHash"))
                    : new PoisonRecords(random).poisonEvent(Topics.CUSTOMERS_EVENTS, customer, CloudEvents.wrap(
                            UUID.randomUUID().toString(), "/customer-service", new CustomerEvent.IngestKeyRevoked(
                                    customer, "p-1", keyId, Instant.now())),
                            List.of("customerId", "keyId"));
        }
        String customerId = customer;
        boolean revoke = random.nextInt(4) == 0;
        byte[] value;
        int shape = random.nextInt(10);
        if (shape == 0) {
            value = new PoisonRecords(random).randomBytes(random.nextInt(2000));
        } else if (shape == 1) {
            value = new byte[300_000 + random.nextInt(200_000)];
            java.util.Arrays.fill(value, (byte) '[');
        } else {
            int field = random.nextInt(revoke ? 2 : 3);
            String poison = new PoisonRecords(random).poisonString();
            if (field == 0) {
                keyId = poison;
            } else if (field == 1) {
                customerId = poison;
            } else {
                hash = poison;
            }
            String json = revoke
                    ? "{\"customerId\":" + quote(customerId) + ",\"partnerId\":\"p-1\",\"keyId\":" + quote(keyId)
                            + ",\"occurredAt\":\"" + Instant.now() + "\"}"
                    : "{\"customerId\":" + quote(customerId) + ",\"partnerId\":\"p-1\",\"keyId\":" + quote(keyId)
                            + ",\"keyHash\":" + quote(hash) + ",\"occurredAt\":\"" + Instant.now() + "\"}";
            value = bytes(json);
        }
        CloudEvent template = CloudEvents.wrap(UUID.randomUUID().toString(), "/customer-service", revoke
                ? new CustomerEvent.IngestKeyRevoked(customer, "p-1", "key-template", Instant.now())
                : new CustomerEvent.IngestKeyIssued(customer, "p-1", "key-template", hash, Instant.now()));
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.CUSTOMERS_EVENTS,
                new PoisonRecords(random).oddKey(customer), value);
        if (shape != 0 || random.nextBoolean()) {
            CloudEvents.binaryHeaders(template).forEach((k, v) -> record.headers().add(k, v));
        }
        new PoisonRecords(random).oddHeaders(record);
        return record;
    }

    /** A gateway record that can never be a valid heartbeat. */
    static ProducerRecord<String, byte[]> poisonRaw(Random random, String customer, int i) {
        byte[] value = switch (random.nextInt(5)) {
            case 0 -> new PoisonRecords(random).randomBytes(random.nextInt(3000));
            case 1 -> {
                byte[] huge = new byte[300_000 + random.nextInt(300_000)];
                java.util.Arrays.fill(huge, (byte) '{');
                yield huge;
            }
            case 2 -> null;
            default -> bytes("{\"kind\":\"device-heartbeat\",\"eventId\":\"p-" + i + "\",\"deviceId\":"
                    + quote(new PoisonRecords(random).poisonString())
                    + ",\"deviceKind\":\"SERVER\",\"products\":[\"SERVER_STANDARD\"],"
                    + "\"occurredAt\":\"" + Instant.now().minusSeconds(60) + "\"}");
        };
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.TELEMETRY_HEARTBEATS_RAW,
                new PoisonRecords(random).oddKey(customer), value);
        if (random.nextInt(3) == 0) {
            record.headers().add("ce_type", random.nextBoolean() ? bytes("metering.telemetry.v1.device-heartbeat")
                    : new PoisonRecords(random).randomBytes(40));
        }
        new PoisonRecords(random).oddHeaders(record);
        return record;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
