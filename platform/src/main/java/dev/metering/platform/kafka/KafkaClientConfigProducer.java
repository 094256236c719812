package dev.metering.platform.kafka;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

/** Makes the service's {@link KafkaClientConfig} injectable. */
public class KafkaClientConfigProducer {

    @Produces
    @Singleton
    KafkaClientConfig kafkaClientConfig(Config config) {
        return KafkaClientConfig.from(config);
    }
}
