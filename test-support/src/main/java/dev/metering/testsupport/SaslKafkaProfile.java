package dev.metering.testsupport;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A Quarkus test profile whose real broker accepts ONLY SASL (SASL_PLAINTEXT, PLAIN): the service gets the
 * credentials as {@code kafka.security.protocol}, {@code kafka.sasl.mechanism} and {@code kafka.sasl.jaas.config},
 * so every Kafka client of the service that does not use the one {@code kafka.*} configuration cannot connect.
 * Issue #14 finding 4.
 */
public class SaslKafkaProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(RealInfrastructure.class,
                Map.of("database", "sasl", "kafka-security", "sasl-plain")));
    }

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }

    /** A client with the servers but without credentials gets nothing from the broker. */
    public static void assertRefusedWithoutCredentials(String bootstrapServers) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        try (Admin admin = Admin.create(p)) {
            assertThatThrownBy(() -> admin.listTopics().names().get(10, TimeUnit.SECONDS))
                    .as("a client without SASL credentials must not reach the broker").isNotNull();
        }
    }
}
