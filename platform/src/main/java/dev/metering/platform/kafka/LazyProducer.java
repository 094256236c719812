package dev.metering.platform.kafka;

import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * A {@link KafkaClientConfig#durableProducer durable producer} made on first use (a service that never publishes
 * opens no connection) and closed with its owner.
 */
public final class LazyProducer implements AutoCloseable {

    private final KafkaClientConfig kafka;
    private final String clientId;
    private KafkaProducer<String, byte[]> producer;

    LazyProducer(KafkaClientConfig kafka, String clientId) {
        this.kafka = kafka;
        this.clientId = clientId;
    }

    /** The producer, made now if this is the first call. */
    public synchronized KafkaProducer<String, byte[]> get() {
        if (producer == null) {
            producer = kafka.durableProducer(clientId);
        }
        return producer;
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close();
            producer = null;
        }
    }
}
