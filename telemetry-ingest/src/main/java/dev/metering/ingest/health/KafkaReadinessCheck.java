package dev.metering.ingest.health;

import dev.metering.platform.kafka.KafkaClientConfig;
import dev.metering.ingest.key.store.IngestKeyRegistry;
import dev.metering.ingest.key.messaging.IngestKeyConsumer;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the Kafka cluster answers: without it nothing can be acknowledged, so a load
 * balancer should send devices elsewhere. Also reports how many ingest keys are live.
 */
@Readiness
@ApplicationScoped
public class KafkaReadinessCheck implements AsyncHealthCheck {

    private static final int TIMEOUT_MS = 3000;

    private final Admin admin;
    private final IngestKeyRegistry keys;
    private final IngestKeyConsumer keyConsumer;

    public KafkaReadinessCheck(KafkaClientConfig kafka, IngestKeyRegistry keys, IngestKeyConsumer keyConsumer) {
        Map<String, Object> props = kafka.client("telemetry-ingest-health");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
        this.admin = Admin.create(props);
        this.keys = keys;
        this.keyConsumer = keyConsumer;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom()
                .completionStage(() -> admin.describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS))
                        .nodes().toCompletionStage())
                .ifNoItem().after(Duration.ofMillis(TIMEOUT_MS + 500)).fail()
                .map(nodes -> HealthCheckResponse.named("kafka-broker").status(!nodes.isEmpty())
                        .withData("nodes", nodes.size())
                        .withData("ingestKeysLoaded", keyConsumer.loaded())
                        .withData("liveIngestKeys", keys.liveKeys()).build())
                .onFailure().recoverWithItem(e -> HealthCheckResponse.named("kafka-broker").down()
                        .withData("error", e.getClass().getSimpleName()).build());
    }

    @PreDestroy
    void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
