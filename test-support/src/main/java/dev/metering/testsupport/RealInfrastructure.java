package dev.metering.testsupport;

import dev.metering.contracts.Topics;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Starts a REAL Kafka broker (KRaft, in this JVM) and a REAL PostgreSQL (embedded binaries, or the server
 * named by {@code METERING_PG_URL}) for a Quarkus test, creates the platform's topics and a fresh database
 * for the service, and hands the service their addresses. With {@code METERING_TEST_INFRA=testcontainers}
 * (or {@code -Dmetering.test.infra=testcontainers}) on a machine with a Docker engine, Testcontainers
 * starts both instead. Everything started here is stopped in {@link #stop()}.
 *
 * <p>Init arg {@code database}: the prefix of the service's database name (default {@code app}). Init arg
 * {@code kafka-security=sasl-plain}: the broker accepts only SASL PLAIN ({@link KafkaBroker#startSaslPlain});
 * the service gets the credentials as {@code kafka.security.protocol}, {@code kafka.sasl.mechanism} and
 * {@code kafka.sasl.jaas.config}, the settings every Kafka client of a service reads.
 */
public class RealInfrastructure implements QuarkusTestResourceLifecycleManager {

    /** Partitions of every topic in tests: more than one, so per-key ordering is really exercised. */
    public static final int PARTITIONS = 4;

    private String databasePrefix = "app";
    private boolean sasl;
    private AutoCloseable kafka;
    private AutoCloseable postgres;

    @Override
    public void init(Map<String, String> initArgs) {
        databasePrefix = initArgs.getOrDefault("database", databasePrefix);
        sasl = "sasl-plain".equals(initArgs.get("kafka-security"));
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new LinkedHashMap<>();
        String bootstrap;
        String jdbcUrl;
        String reactiveUrl;
        String user;
        String password;
        Map<String, String> kafkaSecurity = Map.of();
        if (TestcontainersInfrastructure.selected() && !sasl) {
            TestcontainersInfrastructure tc = TestcontainersInfrastructure.start();
            kafka = tc::stopKafka;
            postgres = tc::stopPostgres;
            bootstrap = tc.bootstrapServers();
            jdbcUrl = tc.jdbcUrl();
            reactiveUrl = tc.reactiveUrl();
            user = tc.user();
            password = tc.password();
        } else {
            Path base = workDirectory();
            long t0 = System.nanoTime();
            KafkaBroker broker = sasl ? KafkaBroker.startSaslPlain(base) : KafkaBroker.start(base);
            kafka = broker;
            kafkaSecurity = broker.clientSecurity();
            Postgres pg = Postgres.start(base);
            postgres = pg;
            String db = pg.createDatabase(databasePrefix);
            bootstrap = broker.bootstrapServers();
            jdbcUrl = pg.jdbcUrl(db);
            reactiveUrl = pg.reactiveUrl(db);
            user = pg.user();
            password = pg.password();
            System.out.printf("[test-support] Kafka at %s and PostgreSQL database %s on port %d ready in %d ms%n",
                    bootstrap, db, pg.port(), (System.nanoTime() - t0) / 1_000_000);
        }
        KafkaBroker.createTopics(bootstrap, kafkaSecurity, PARTITIONS, Topics.fixedTopics());
        config.put("kafka.bootstrap.servers", bootstrap);
        kafkaSecurity.forEach((k, v) -> config.put("kafka." + k, v));
        config.put("quarkus.datasource.jdbc.url", jdbcUrl);
        config.put("quarkus.datasource.reactive.url", reactiveUrl);
        config.put("quarkus.datasource.username", user);
        config.put("quarkus.datasource.password", password);
        config.put("quarkus.devservices.enabled", "false");
        return config;
    }

    @Override
    public void stop() {
        closeQuietly(kafka);
        closeQuietly(postgres);
        kafka = null;
        postgres = null;
    }

    /** {@code target/infra} of the module under test: unique sub-folders per run, removed by {@code clean}. */
    public static Path workDirectory() {
        return Path.of(System.getProperty("metering.test.workdir", "target/infra")).toAbsolutePath();
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            System.err.println("[test-support] stop failed: " + e);
        }
    }
}
