package dev.metering.license.licence;

import static dev.metering.license.LicenceTestApi.as;
import static dev.metering.license.LicenceTestApi.knownCustomer;
import static dev.metering.license.LicenceTestApi.licenceRecords;
import static dev.metering.license.LicenceTestApi.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.contracts.BillingType;
import dev.metering.testsupport.SaslKafkaProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Issue #14 finding 4: against a broker that accepts only SASL, license-service's customers.events consumer
 * (a SmallRye channel) and its outbox relay both work with the one {@code kafka.*} configuration; a client
 * without credentials is refused.
 */
@QuarkusTest
@TestProfile(SaslKafkaProfile.class)
class SaslBrokerTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void theConsumerAndTheOutboxWorkThroughASaslOnlyBroker() {
        // given a customer learnt from customers.events (the consumer)
        String p = unique("p");
        String c = knownCustomer(p, BillingType.TRIAL);

        // when a trial licence is issued
        String lic = unique("TRIAL");
        as(p).body(LicenceApiTest.trial(lic)).post("/v1/customers/" + c + "/licenses").then().statusCode(201);

        // then its event reaches licenses.events (the outbox)
        List<ConsumerRecord<String, byte[]>> records = licenceRecords(c, 1);
        assertThat(records).hasSize(1);
        SaslKafkaProfile.assertRefusedWithoutCredentials(bootstrap);
    }
}
