package dev.metering.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real Apache Kafka broker in KRaft mode (one combined broker+controller node) inside this JVM, on
 * a free loopback port, with its log directories in a fresh folder that is deleted on {@link #close()}.
 */
public final class KafkaBroker implements AutoCloseable {

    /** The user a SASL broker ({@link #startSaslPlain}) accepts for clients. */
    public static final String SASL_USER = "metering";
    public static final String SASL_PASSWORD = "metering-secret";

    private final KafkaClusterTestKit cluster;
    private final String bootstrapServers;
    private final Map<String, String> clientSecurity;

    private KafkaBroker(KafkaClusterTestKit cluster, Map<String, String> clientSecurity) {
        this.cluster = cluster;
        this.bootstrapServers = cluster.bootstrapServers();
        this.clientSecurity = clientSecurity;
    }

    /** Starts a broker whose data lives below {@code parentDir} (created if missing). */
    public static KafkaBroker start(Path parentDir) {
        return start(parentDir, false);
    }

    /**
     * Starts a broker whose client listener accepts ONLY SASL (SASL_PLAINTEXT, mechanism PLAIN) with the
     * user {@link #SASL_USER}: a client without these credentials cannot connect. The controller listener
     * stays internal to this JVM. {@link #clientSecurity()} gives the client settings.
     */
    public static KafkaBroker startSaslPlain(Path parentDir) {
        return start(parentDir, true);
    }

    private static KafkaBroker start(Path parentDir, boolean sasl) {
        try {
            Files.createDirectories(parentDir);
            Path dir = Files.createTempDirectory(parentDir, "kafka-");
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBaseDirectory(dir)
                    .build();
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
            // A single node: every internal topic must have replication factor 1, or consumer groups
            // and transactions never form.
            builder.setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "4")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("share.coordinator.state.topic.replication.factor", "1")
                    .setConfigProp("share.coordinator.state.topic.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("num.partitions", "4")
                    .setConfigProp("auto.create.topics.enable", "true")
                    .setConfigProp("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
            Map<String, String> clientSecurity = Map.of();
            if (sasl) {
                // the test kit names the client listener EXTERNAL; its protocol map is only a default
                builder.setConfigProp("listener.security.protocol.map", "EXTERNAL:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT")
                        .setConfigProp("sasl.enabled.mechanisms", "PLAIN")
                        .setConfigProp("sasl.mechanism.inter.broker.protocol", "PLAIN")
                        // the broker's own login, then the users it accepts (user_<name>="<password>")
                        .setConfigProp("listener.name.external.plain.sasl.jaas.config",
                                "org.apache.kafka.common.security.plain.PlainLoginModule required"
                                        + " username=\"broker\" password=\"broker-secret\""
                                        + " user_broker=\"broker-secret\""
                                        + " user_" + SASL_USER + "=\"" + SASL_PASSWORD + "\";");
                clientSecurity = Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN",
                        "sasl.jaas.config", plainLogin(SASL_USER, SASL_PASSWORD));
            }
            KafkaClusterTestKit cluster = builder.build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new KafkaBroker(cluster, clientSecurity);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting Kafka", e);
        } catch (Exception e) {
            throw new IllegalStateException("could not start the embedded Kafka broker: " + e.getMessage(), e);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The client settings besides bootstrap.servers (empty unless the broker needs SASL). */
    public Map<String, String> clientSecurity() {
        return clientSecurity;
    }

    static String plainLogin(String user, String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    /** Creates topics (ignoring ones that exist) with the given partition count. */
    public void createTopics(int partitions, Collection<String> topics) {
        createTopics(bootstrapServers, clientSecurity, partitions, topics);
    }

    public static void createTopics(String bootstrapServers, int partitions, Collection<String> topics) {
        createTopics(bootstrapServers, Map.of(), partitions, topics);
    }

    public static void createTopics(String bootstrapServers, Map<String, String> clientSecurity, int partitions,
            Collection<String> topics) {
        Properties props = new Properties();
        props.putAll(clientSecurity);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            List<NewTopic> newTopics = topics.stream().map(t -> new NewTopic(t, partitions, (short) 1)
                    .configs(Map.of("min.insync.replicas", "1"))).toList();
            for (var entry : admin.createTopics(newTopics).values().entrySet()) {
                try {
                    entry.getValue().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("could not create topic " + entry.getKey(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (Exception e) {
            System.err.println("[test-support] Kafka broker shut down with an error: " + e);
        }
    }
}
