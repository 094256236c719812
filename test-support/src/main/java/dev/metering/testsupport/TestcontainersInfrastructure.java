package dev.metering.testsupport;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The path for machines that DO have a Docker engine: Kafka and PostgreSQL in containers. Selected only
 * explicitly ({@code METERING_TEST_INFRA=testcontainers}), so a machine without Docker never tries it.
 */
final class TestcontainersInfrastructure {

    static final String KAFKA_IMAGE = "apache/kafka:4.2.1";
    static final String POSTGRES_IMAGE = "postgres:17-alpine";

    private final KafkaContainer kafka;
    private final PostgreSQLContainer postgres;

    private TestcontainersInfrastructure(KafkaContainer kafka, PostgreSQLContainer postgres) {
        this.kafka = kafka;
        this.postgres = postgres;
    }

    static boolean selected() {
        String choice = System.getProperty("metering.test.infra", System.getenv("METERING_TEST_INFRA"));
        return "testcontainers".equalsIgnoreCase(choice);
    }

    static TestcontainersInfrastructure start() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new IllegalStateException("METERING_TEST_INFRA=testcontainers but no Docker engine is reachable; "
                    + "unset it to use the embedded Kafka and PostgreSQL");
        }
        KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE);
        PostgreSQLContainer postgres = new PostgreSQLContainer(POSTGRES_IMAGE);
        kafka.start();
        postgres.start();
        return new TestcontainersInfrastructure(kafka, postgres);
    }

    String bootstrapServers() {
        return kafka.getBootstrapServers();
    }

    String jdbcUrl() {
        return postgres.getJdbcUrl();
    }

    String reactiveUrl() {
        return postgres.getJdbcUrl().replaceFirst("^jdbc:", "");
    }

    String user() {
        return postgres.getUsername();
    }

    String password() {
        return postgres.getPassword();
    }

    void stopKafka() {
        kafka.stop();
    }

    void stopPostgres() {
        postgres.stop();
    }
}
