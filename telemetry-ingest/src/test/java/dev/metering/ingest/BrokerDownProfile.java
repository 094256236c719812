package dev.metering.ingest;

import dev.metering.contracts.Topics;
import dev.metering.testsupport.KafkaBroker;
import dev.metering.testsupport.Postgres;
import dev.metering.testsupport.RealInfrastructure;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * A profile with its OWN broker, which a test may stop: the service must then answer 503 and
 * acknowledge nothing. Short producer timeouts keep the test quick.
 */
public class BrokerDownProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "ingest.producer.max-block-ms", "2000",
                "ingest.producer.request-timeout-ms", "1500",
                "ingest.producer.delivery-timeout-ms", "4000",
                "ingest.http.ack-timeout", "PT8S",
                "ingest.http.retry-after-seconds", "7");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(DedicatedInfrastructure.class));
    }

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }

    /** A dedicated real broker (stoppable from the test) and a real PostgreSQL. */
    public static class DedicatedInfrastructure implements QuarkusTestResourceLifecycleManager {

        static volatile KafkaBroker broker;
        private Postgres postgres;

        @Override
        public Map<String, String> start() {
            broker = KafkaBroker.start(RealInfrastructure.workDirectory());
            broker.createTopics(RealInfrastructure.PARTITIONS, Topics.fixedTopics());
            postgres = Postgres.start(RealInfrastructure.workDirectory());
            String db = postgres.createDatabase("ingest_down");
            return Map.of(
                    "kafka.bootstrap.servers", broker.bootstrapServers(),
                    "quarkus.datasource.jdbc.url", postgres.jdbcUrl(db),
                    "quarkus.datasource.reactive.url", postgres.reactiveUrl(db),
                    "quarkus.datasource.username", postgres.user(),
                    "quarkus.datasource.password", postgres.password(),
                    "quarkus.devservices.enabled", "false");
        }

        /** Stops the broker now (idempotent). */
        static void stopBroker() {
            KafkaBroker b = broker;
            broker = null;
            if (b != null) {
                b.close();
            }
        }

        @Override
        public void stop() {
            stopBroker();
            if (postgres != null) {
                postgres.close();
            }
        }
    }
}
