package dev.metering.platform.kafka;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.Config;

/**
 * The ONE Kafka client configuration of a service: every {@code kafka.*} property (bootstrap servers,
 * {@code security.protocol}, {@code sasl.*}, {@code ssl.*}, ...) with the prefix removed, also when given
 * as environment variables ({@code KAFKA_SASL_JAAS_CONFIG} is {@code sasl.jaas.config}). SmallRye
 * Reactive Messaging channels read the same {@code kafka.*} properties; every hand-built producer,
 * consumer and admin client starts from {@link #producer}, {@link #consumer} or {@link #admin}, so a
 * broker that needs TLS or SASL works for all of them with one set of settings.
 *
 * <p>Inject it (a CDI bean produced by {@link KafkaClientConfigProducer}) or build it with
 * {@link #from(Config)}, e.g. {@code KafkaClientConfig.from(ConfigProvider.getConfig()).consumer("billing-fold")}.
 * {@link #toString()} never shows secrets.
 */
public final class KafkaClientConfig {

    public static final String PREFIX = "kafka.";
    private static final String ENV_PREFIX = "KAFKA_";

    private final Map<String, String> base;

    private KafkaClientConfig(Map<String, String> base) {
        this.base = Map.copyOf(base);
    }

    /** Every {@code kafka.*} property of {@code config} (and {@code KAFKA_*} environment variable). */
    public static KafkaClientConfig from(Config config) {
        Map<String, String> props = new TreeMap<>();
        // environment variables first, so an explicit kafka.* property of the same name wins
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
                String key = name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
                config.getOptionalValue(name, String.class).ifPresent(v -> props.put(key, v));
            }
        }
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(PREFIX) && name.length() > PREFIX.length()) {
                config.getOptionalValue(name, String.class).ifPresent(v -> props.put(name.substring(PREFIX.length()), v));
            }
        }
        return new KafkaClientConfig(props);
    }

    /** From client properties already without the prefix (tests, tools). */
    public static KafkaClientConfig of(Map<String, String> clientProperties) {
        return new KafkaClientConfig(clientProperties);
    }

    /** The settings every client shares, as a fresh mutable map with {@code client.id}. */
    public Map<String, Object> client(String clientId) {
        Map<String, Object> props = new HashMap<>(base);
        props.put("client.id", clientId);
        return props;
    }

    /** Base settings for a producer (add serializers or pass them to the constructor). */
    public Map<String, Object> producer(String clientId) {
        return client(clientId);
    }

    /**
     * A producer for documents a reader must neither miss nor see twice (billing's invoices and usage snapshots):
     * acknowledged by every in-sync replica, idempotent, batched for 5 ms.
     */
    public KafkaProducer<String, byte[]> durableProducer(String clientId) {
        Map<String, Object> p = producer(clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        // a document is one record: the invoice of a partner with 10 000 customers is ~4.6 MB of JSON (#16's design
        // point), beyond the client's 1 MB default; lz4 keeps what the broker stores far smaller
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(MAX_DOCUMENT_BYTES));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * The largest document (one record) a {@link #durableProducer} sends, 16 MiB; a topic that carries such documents
     * is created with {@code max.message.bytes} of this size.
     */
    public static final int MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

    /** A {@link #durableProducer} made on its first use; close it with its owner. */
    public LazyProducer lazyDurableProducer(String clientId) {
        return new LazyProducer(this, clientId);
    }

    /** Base settings for a consumer (add group id, offsets policy, ...). */
    public Map<String, Object> consumer(String clientId) {
        return client(clientId);
    }

    /** Base settings for an admin client. */
    public Map<String, Object> admin(String clientId) {
        return client(clientId);
    }

    /** The same as {@link Properties}, for APIs that take them. */
    public Properties properties(String clientId) {
        Properties p = new Properties();
        p.putAll(client(clientId));
        return p;
    }

    public String bootstrapServers() {
        return base.get("bootstrap.servers");
    }

    /** The property names only: values may hold passwords. */
    @Override
    public String toString() {
        return "KafkaClientConfig" + new TreeMap<>(base).keySet();
    }
}
