package dev.metering.ingest.config;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;

/**
 * The base Kafka client settings: every {@code kafka.*} property of the configuration (bootstrap
 * servers, security, SASL, ...), as Quarkus collects them, so the plain clients of this service honour
 * the same settings a messaging channel would.
 */
@ApplicationScoped
public class KafkaSettings {

    private final Map<String, Object> base;

    public KafkaSettings(@Identifier("default-kafka-broker") Map<String, Object> base) {
        this.base = Map.copyOf(base);
    }

    /** A fresh, mutable copy of the base settings for one client. */
    public Map<String, Object> client(String clientId) {
        Map<String, Object> props = new HashMap<>(base);
        props.put("client.id", clientId);
        return props;
    }
}
