package dev.metering.billing;

import static dev.metering.billing.Facts.customer;
import static dev.metering.billing.Facts.heartbeat;
import static dev.metering.billing.Facts.partner;
import static dev.metering.testsupport.Waits.await;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.contracts.BillingType;
import dev.metering.contracts.CloudEvents;
import dev.metering.contracts.MeteringEvent;
import dev.metering.contracts.ProductCode;
import dev.metering.contracts.Topics;
import dev.metering.contracts.telemetry.TelemetryEvent;
import dev.metering.testsupport.SaslKafkaProfile;
import dev.metering.testsupport.ServiceFoundationContract;
import dev.metering.testsupport.TestTokens;
import dev.metering.testsupport.TopicClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Issue #14 finding 4: against a broker that accepts only SASL, every Kafka client of billing-service (the fold's
 * group consumer, the partner reader, the admin client measuring progress, the invoice producer and its admin
 * client) connects with the platform's one {@code kafka.*} configuration: a month's heartbeat becomes the
 * invoice on the distributor's topic (R25); a client without credentials is refused.
 */
@QuarkusTest
@TestProfile(SaslKafkaProfile.class)
class SaslBrokerTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    final TopicClient topics = ServiceFoundationContract.topics();
    final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void everyKafkaClientOfBillingWorksThroughASaslOnlyBroker() {
        // given a partner, a monthly customer and a heartbeat in October, through the SASL-only broker
        String p = "ps-" + run;
        String dist = "ds-" + run;
        String c = "cs-" + run;
        produce(partner(p, dist, "DE"), customer(c, p, BillingType.MONTHLY, "2026-09-01T00:00:00Z"),
                heartbeat(c, "d-1", ProductCode.ENDPOINT_STANDARD, null, "2026-10-20T00:00:00Z"));

        // when the fold has caught up (group consumer, partner reader, admin client) and the operator closes
        await("the fold through the SASL broker").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> given().get("/q/health/ready").statusCode() == 200
                        && given().auth().oauth2(TestTokens.partner(p)).queryParam("at", "2026-11-01T00:00:00Z")
                                .get("/v1/usage").then().extract().path("totals.total") instanceof Integer total
                        && total == 1);
        given().auth().oauth2(TestTokens.operator()).post("/v1/periods/2026-10/close").then().statusCode(200);

        // then the invoice reaches the distributor's topic (producer, topic creation) and credentials are required
        List<ConsumerRecord<String, byte[]>> invoices = topics.readUntil(Topics.invoicesFor(dist),
                rs -> !rs.isEmpty(), Duration.ofSeconds(30));
        assertThat(invoices).hasSize(1);
        assertThat(invoices.get(0).key()).isEqualTo(p);
        SaslKafkaProfile.assertRefusedWithoutCredentials(bootstrap);
    }

    void produce(MeteringEvent... events) {
        for (MeteringEvent e : events) {
            String topic = e instanceof TelemetryEvent ? Topics.TELEMETRY_HEARTBEATS : Topics.CUSTOMERS_EVENTS;
            String id = e instanceof TelemetryEvent t ? t.eventId() : UUID.randomUUID().toString();
            topics.produce(topic, e.subject(), CloudEvents.wrap(id, "/test", e));
        }
    }
}
