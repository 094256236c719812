package dev.metering.customer.eventstore;

import static dev.metering.customer.TestApi.customer;
import static dev.metering.customer.TestApi.registerPartner;
import static dev.metering.customer.TestApi.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.contracts.CloudEvent;
import dev.metering.contracts.Topics;
import dev.metering.testsupport.SaslKafkaProfile;
import dev.metering.testsupport.ServiceFoundationContract;
import dev.metering.testsupport.TopicClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Issue #14 finding 4: against a broker that accepts only SASL, customer-service's outbox relay publishes
 * with the one {@code kafka.*} configuration; a client without credentials is refused.
 */
@QuarkusTest
@TestProfile(SaslKafkaProfile.class)
class SaslBrokerTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void theOutboxPublishesThroughASaslOnlyBroker() {
        // given a partner and a customer created through the API
        String p = unique("p");
        registerPartner(p, "dist-de");
        String id = customer(p, "Sasl Ltd", "trial");

        // when the relay publishes, then the customer's event is on customers.events
        TopicClient topics = ServiceFoundationContract.topics();
        List<ConsumerRecord<String, byte[]>> read = topics.readUntil(Topics.CUSTOMERS_EVENTS,
                rs -> rs.stream().anyMatch(r -> id.equals(r.key())), Duration.ofSeconds(30));
        assertThat(read.stream().filter(r -> id.equals(r.key())).map(TopicClient::envelope).map(CloudEvent::type))
                .containsExactly("metering.customer.v1.created");
        SaslKafkaProfile.assertRefusedWithoutCredentials(bootstrap);
    }
}
