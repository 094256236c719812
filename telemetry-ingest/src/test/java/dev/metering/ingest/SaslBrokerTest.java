package dev.metering.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.contracts.Topics;
import dev.metering.testsupport.SaslKafkaProfile;
import dev.metering.testsupport.ServiceFoundationContract;
import dev.metering.testsupport.TopicClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Issue #14 finding 4: against a broker that accepts only SASL, every Kafka client of telemetry-ingest
 * (key consumer, raw consumer, producer, readiness admin client) connects with the one {@code kafka.*}
 * configuration; a client without credentials is refused.
 */
@QuarkusTest
@TestProfile(SaslKafkaProfile.class)
class SaslBrokerTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    final TopicClient topics = ServiceFoundationContract.topics();
    final IngestClient client = new IngestClient(topics);

    @Test
    void everyKafkaClientWorksThroughASaslOnlyBroker() {
        // given a key issued on customers.events (key consumer)
        String customer = "sasl-" + UUID.randomUUID();
        IngestClient.Key key = client.issueKey(customer);

        // when a device posts (producer) and a gateway sends a raw record (raw consumer)
        String item = """
                {"kind":"device-heartbeat","eventId":"%s","deviceId":"d-%s","deviceKind":"SERVER",
                 "products":["SERVER_STANDARD"],"occurredAt":"%s"}""";
        Instant t = Instant.now().minusSeconds(60);
        assertThat(IngestClient.post(key.plaintext(), "application/json", item.formatted("http-1", "1", t)).status())
                .isEqualTo(200);
        topics.produce(new ProducerRecord<>(Topics.TELEMETRY_HEARTBEATS_RAW, customer,
                item.formatted("raw-1", "2", t).getBytes(StandardCharsets.UTF_8)));

        // then both heartbeats are published, the service is ready (admin client), and credentials are required
        List<ConsumerRecord<String, byte[]>> published = client.recordsFor(Topics.TELEMETRY_HEARTBEATS, customer,
                rs -> rs.size() >= 2, Duration.ofSeconds(30));
        assertThat(published).extracting(r -> IngestClient.header(r, "ce_id"))
                .containsExactlyInAnyOrder(customer + ":http-1", customer + ":raw-1");
        given().get("/q/health/ready").then().statusCode(200);
        SaslKafkaProfile.assertRefusedWithoutCredentials(bootstrap);
    }
}
