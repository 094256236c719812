package dev.metering.customer.eventstore;

import static dev.metering.customer.TestApi.as;
import static dev.metering.customer.TestApi.customer;
import static dev.metering.customer.TestApi.registerPartner;
import static dev.metering.customer.TestApi.unique;
import static dev.metering.testsupport.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.contracts.CloudEvent;
import dev.metering.contracts.CloudEvents;
import dev.metering.contracts.Topics;
import dev.metering.contracts.customer.CustomerEvent;
import dev.metering.testsupport.ServiceFoundationContract;
import dev.metering.testsupport.TestTokens;
import dev.metering.testsupport.TopicClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Issue #14 finding 9: an outbox row Kafka keeps refusing (here a record beyond the producer's 1 MiB request
 * limit) no longer blocks the relay: after {@code metering.outbox.max-refusals} refusals it is moved to
 * {@code outbox_dead_letters}, counted in {@code metering_outbox_dead_letters_total} and listed for operators,
 * and the events committed after it reach Kafka.
 */
@QuarkusTest
class OutboxDeadLetterTest {

    final TopicClient topics = ServiceFoundationContract.topics();

    @Test
    void aRowKafkaKeepsRefusingIsDeadLetteredAndTheRelayGoesOn() throws Exception {
        // given an outbox row Kafka will always refuse (1.5 MB), committed before a good event
        String poisonKey = unique("poison");
        UUID poisonId = UUID.randomUUID();
        CloudEvent huge = CloudEvents.wrap(poisonId.toString(), "/customer-service", new CustomerEvent.CustomerRenamed(
                poisonKey, "p-x", "x".repeat(1_500_000), "x", Instant.now()));
        try (Connection c = ServiceFoundationContract.jdbc(); PreparedStatement ps = c.prepareStatement(
                "insert into outbox (event_id, topic, record_key, type, payload) values (?::uuid, ?, ?, ?, ?::jsonb)")) {
            ps.setString(1, poisonId.toString());
            ps.setString(2, Topics.CUSTOMERS_EVENTS);
            ps.setString(3, poisonKey);
            ps.setString(4, huge.type());
            ps.setString(5, new String(CloudEvents.structuredBytes(huge), StandardCharsets.UTF_8));
            ps.executeUpdate();
        }

        // when a customer is created after it
        String p = unique("p");
        registerPartner(p, "dist-de");
        String id = customer(p, "After Poison Ltd", "trial");

        // then the customer's event is published although the poison row came first
        List<ConsumerRecord<String, byte[]>> read = topics.readUntil(Topics.CUSTOMERS_EVENTS,
                rs -> rs.stream().anyMatch(r -> id.equals(r.key())), Duration.ofSeconds(30));
        assertThat(read.stream().filter(r -> id.equals(r.key())).map(TopicClient::envelope).map(CloudEvent::type))
                .containsExactly("metering.customer.v1.created");
        assertThat(read).noneMatch(r -> poisonKey.equals(r.key()));

        // and the poison row is a dead letter: out of the outbox, listed for operators only, counted
        // (the good event can overtake the refusals: it has another key, so it is marked on the first pass)
        await("the poison row out of the outbox").atMost(Duration.ofSeconds(20))
                .until(() -> count("select count(*) from outbox where event_id = ?::uuid", poisonId.toString()) == 0);
        JsonPath listed = as(TestTokens.operator()).get("/v1/admin/outbox/dead-letters").then().statusCode(200)
                .extract().jsonPath();
        Map<String, Object> letter = listed.<Map<String, Object>>getList("").stream()
                .filter(l -> poisonId.toString().equals(l.get("eventId"))).findFirst().orElseThrow();
        assertThat(letter).containsEntry("topic", Topics.CUSTOMERS_EVENTS).containsEntry("key", poisonKey)
                .containsEntry("refusals", 5);
        assertThat((String) letter.get("lastError")).startsWith("RecordTooLargeException");
        as(TestTokens.partner(p)).get("/v1/admin/outbox/dead-letters").then().statusCode(403);
        assertThat(RestAssured.get("/q/metrics").then().statusCode(200).extract().asString())
                .containsPattern("metering_outbox_dead_letters_total(\\{[^}]*\\})? [1-9]");
    }

    private static long count(String sql, String param) throws Exception {
        try (Connection c = ServiceFoundationContract.jdbc(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, param);
            ResultSet rs = ps.executeQuery();
            rs.next();
            return rs.getLong(1);
        }
    }
}
