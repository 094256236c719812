package dev.metering.launcher;

import dev.metering.contracts.Topics;
import dev.metering.testsupport.KafkaBroker;
import dev.metering.testsupport.Postgres;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The whole platform on this machine, no Docker: a real Kafka broker (KRaft) in this JVM, a real PostgreSQL
 * (embedded binaries, or {@code METERING_PG_URL}) with one database per service, and the four services as
 * separate processes on their own ports. Used by {@code bin/platform} and by the end-to-end test.
 */
public final class LocalPlatform implements AutoCloseable {

    /** Service name, base port and database, in start order. */
    public static final List<Service> SERVICES = List.of(
            new Service("customer-service", 8082, "customers"),
            new Service("license-service", 8083, "licenses"),
            new Service("billing-service", 8084, "billing"),
            new Service("telemetry-ingest", 8081, "ingest"),
            new Service("partner-portal", 8085, null),
            new Service("psa-connector", 8086, "psa"));

    /** {@code database} is null for a service without one (the portal). */
    public record Service(String name, int defaultPort, String database) {
    }

    /**
     * @param extraEnv per service name, environment variables added to (or overriding) what the launcher
     *        passes, e.g. billing-service's close instant ({@code BILLING_CLOSE_DAY}, {@code BILLING_CLOSE_TIME})
     * @param extraJvmArgs per service name, JVM arguments appended after the defaults (e.g. a flight recording
     *        for the benchmark harness)
     */
    /**
     * @param billingReplicas billing-service instances in one consumer group on one database (the first is named
     *        {@code billing-service}, the others {@code billing-service-2}, ...): they share the partitions
     * @param partitions partitions of every topic the launcher creates
     * @param services the services to start (names of {@link #SERVICES}); null starts them all
     */
    public record Options(Path projectDir, Path runDir, int portOffset, boolean freePorts, PrintStream out,
            Map<String, Map<String, String>> extraEnv, Map<String, List<String>> extraJvmArgs, int billingReplicas,
            int partitions, Set<String> services) {

        public static final int DEFAULT_PARTITIONS = 4;

        public Options {
            extraEnv = extraEnv == null ? Map.of() : Map.copyOf(extraEnv);
            extraJvmArgs = extraJvmArgs == null ? Map.of() : Map.copyOf(extraJvmArgs);
            if (billingReplicas < 1) {
                throw new LaunchException("billing replicas must be 1 or more, not " + billingReplicas);
            }
            if (partitions < 1) {
                throw new LaunchException("partitions must be 1 or more, not " + partitions);
            }
            if (services != null) {
                services = Set.copyOf(services);
                for (String name : services) {
                    if (SERVICES.stream().noneMatch(s -> s.name().equals(name))) {
                        throw new LaunchException("no such service: " + name);
                    }
                }
            }
        }

        public Options(Path projectDir, Path runDir, int portOffset, boolean freePorts, PrintStream out,
                Map<String, Map<String, String>> extraEnv, Map<String, List<String>> extraJvmArgs) {
            this(projectDir, runDir, portOffset, freePorts, out, extraEnv, extraJvmArgs, 1, DEFAULT_PARTITIONS, null);
        }

        public Options withBilling(int replicas, int partitionCount) {
            return new Options(projectDir, runDir, portOffset, freePorts, out, extraEnv, extraJvmArgs, replicas,
                    partitionCount, services);
        }

        /** Starts only these services (with the broker and PostgreSQL), e.g. billing alone for a crash test. */
        public Options withServices(Set<String> names) {
            return new Options(projectDir, runDir, portOffset, freePorts, out, extraEnv, extraJvmArgs,
                    billingReplicas, partitions, names);
        }

        boolean starts(String service) {
            return services == null || services.contains(service);
        }

        public Options(Path projectDir, Path runDir, int portOffset, boolean freePorts, PrintStream out,
                Map<String, Map<String, String>> extraEnv) {
            this(projectDir, runDir, portOffset, freePorts, out, extraEnv, Map.of());
        }

        public Options(Path projectDir, Path runDir, int portOffset, boolean freePorts, PrintStream out) {
            this(projectDir, runDir, portOffset, freePorts, out, Map.of(), Map.of());
        }
    }

    private final Options options;
    private KafkaBroker kafka;
    private Postgres postgres;
    private final Map<String, ServiceProcess> processes = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> environments = new LinkedHashMap<>();
    private Path logs;
    private final Map<String, String> databases = new LinkedHashMap<>();

    private LocalPlatform(Options options) {
        this.options = options;
    }

    public static LocalPlatform start(Options options) {
        LocalPlatform platform = new LocalPlatform(options);
        try {
            platform.startAll();
            return platform;
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    private void startAll() {
        PrintStream out = options.out();
        long t0 = System.nanoTime();
        Path runDir = options.runDir();
        logs = runDir.resolve("logs");
        try {
            Files.createDirectories(logs);
            for (Service s : SERVICES) {
                Files.deleteIfExists(logs.resolve(s.name() + ".log")); // a restart appends to the same log
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Integer> ports = new ArrayList<>();
        for (Service s : SERVICES) {
            ports.add(options.starts(s.name()) ? port(s.name(), s.defaultPort() + options.portOffset()) : -1);
        }

        step(out, "Kafka broker (KRaft)");
        kafka = KafkaBroker.start(runDir.resolve("infra"));
        kafka.createTopics(options.partitions(), Topics.fixedTopics());
        done(out, kafka.bootstrapServers());

        step(out, "PostgreSQL");
        postgres = Postgres.start(runDir.resolve("infra"));
        for (Service s : SERVICES) {
            if (s.database() != null) {
                databases.put(s.name(), postgres.createDatabase(s.database()));
            }
        }
        done(out, "localhost:" + postgres.port() + " databases " + databases.values());

        Path publicKey = runDir.resolve("dev-jwt-public.pem");
        copyFile(options.projectDir().resolve("platform/src/main/resources/META-INF/metering/dev-jwt-public.pem"),
                publicKey);
        // the portal's dev sign-in signs with the DEV private key (test-support's); production never has it
        Path devSigningKey = runDir.resolve("dev-jwt-private.pem");
        copyResource("dev-jwt/dev-jwt-private.pem", devSigningKey);
        Map<String, String> serviceUrls = new LinkedHashMap<>();
        for (int i = 0; i < SERVICES.size(); i++) {
            serviceUrls.put(SERVICES.get(i).name().toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_URL",
                    "http://localhost:" + ports.get(i));
        }

        byte[] aesKey = new byte[32];
        new java.security.SecureRandom().nextBytes(aesKey);
        String psaEncryptionKey = java.util.Base64.getEncoder().encodeToString(aesKey);
        for (int i = 0; i < SERVICES.size(); i++) {
            Service s = SERVICES.get(i);
            if (!options.starts(s.name())) {
                continue;
            }
            Map<String, String> env = new LinkedHashMap<>();
            env.put("HTTP_PORT", Integer.toString(ports.get(i)));
            env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
            if (s.database() != null) {
                env.put("DB_HOST", postgres.host());
                env.put("DB_PORT", Integer.toString(postgres.port()));
                env.put("DB_NAME", databases.get(s.name()));
                env.put("DB_USER", postgres.user());
                env.put("DB_PASSWORD", postgres.password());
            } else {
                // the portal: the other services' URLs, local HTTP cookies, and the dev sign-in
                env.putAll(serviceUrls);
                env.put("PORTAL_COOKIE_SECURE", "false");
                env.put("PORTAL_DEV_SIGNING_KEY", devSigningKey.toString());
            }
            // a local run on purpose: without this profile a production service refuses the dev key pair
            env.put("QUARKUS_PROFILE", "prod,local");
            // Local runs trust the DEV key pair so bin/platform can mint tokens; production never does.
            env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", publicKey.toString());
            env.put("METERING_JWT_ISSUER", "https://metering.dev/dev-issuer");
            if (s.name().equals("psa-connector")) {
                // a fresh AES key per local run for PSA keys and webhook secrets at rest (the database is fresh too)
                env.put("PSA_ENCRYPTION_KEY", psaEncryptionKey);
            }
            env.putAll(options.extraEnv().getOrDefault(s.name(), Map.of()));
            if (s.name().equals(BILLING)) {
                // the replicas share the group, the database and this secret for their close calls
                env.put("BILLING_CLUSTER_SECRET", java.util.UUID.randomUUID().toString());
                env.put("BILLING_ADVERTISED_URL", "http://127.0.0.1:" + ports.get(i));
            }
            environments.put(s.name(), env);
            processes.put(s.name(), launch(s.name(), ports.get(i), env));
            if (s.name().equals(BILLING)) {
                for (int r = 2; r <= options.billingReplicas(); r++) {
                    String replica = BILLING + "-" + r;
                    int port = port(replica, ports.get(i) + 100 * (r - 1));
                    Map<String, String> renv = new LinkedHashMap<>(env);
                    renv.put("HTTP_PORT", Integer.toString(port));
                    renv.put("BILLING_ADVERTISED_URL", "http://127.0.0.1:" + port);
                    environments.put(replica, renv);
                    processes.put(replica, launch(replica, BILLING, port, renv));
                }
            }
        }
        waitForHealth(out, processes.values());
        out.printf("Platform ready in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    static final String BILLING = "billing-service";

    private int port(String name, int preferred) {
        if (options.freePorts()) {
            return freePort();
        }
        if (!portFree(preferred)) {
            throw new LaunchException(name + ": port " + preferred + " is already in use (is the platform "
                    + "already running? bin/platform stop)");
        }
        return preferred;
    }

    private ServiceProcess launch(String name, int port, Map<String, String> env) {
        return launch(name, name, port, env);
    }

    /** Starts {@code name}, an instance of {@code module} (a billing replica runs billing-service's jar). */
    private ServiceProcess launch(String name, String module, int port, Map<String, String> env) {
        Path jar = options.projectDir().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        List<String> jvmArgs = new ArrayList<>(List.of("-Xmx768m", "-XX:+UseSerialGC"));
        jvmArgs.addAll(options.extraJvmArgs().getOrDefault(name, List.of()));
        return ServiceProcess.start(name, jar, port, env, logs, jvmArgs);
    }

    /** Restarts one service with the same settings; see {@link #restart(String, Map)}. */
    public void restart(String service) {
        restart(service, Map.of());
    }

    /** Stops one service's process (graceful, then forced); {@link #restart} starts it again. */
    public void stop(String service) {
        ServiceProcess p = processes.get(service);
        if (p == null) {
            throw new IllegalArgumentException("no such service: " + service);
        }
        p.close();
    }

    /**
     * Restarts every instance of a service (all billing replicas) with {@code extraEnv} added, stopping them all
     * first so that none runs with the old settings; returns once all are healthy.
     */
    public void restartAll(String module, Map<String, String> extraEnv) {
        List<String> names = processes.keySet().stream()
                .filter(n -> n.equals(module) || n.startsWith(module + "-")).toList();
        names.forEach(n -> processes.get(n).close());
        List<ServiceProcess> started = new ArrayList<>();
        for (String n : names) {
            Map<String, String> env = new LinkedHashMap<>(environments.get(n));
            env.putAll(extraEnv);
            environments.put(n, env);
            ServiceProcess fresh = launch(n, module, processes.get(n).port(), env);
            processes.put(n, fresh);
            started.add(fresh);
        }
        waitForHealth(options.out(), started);
    }

    /** Kills one service's process at once (kill -9: no shutdown hook, nothing flushed). */
    public void kill(String service) {
        ServiceProcess p = processes.get(service);
        if (p == null) {
            throw new IllegalArgumentException("no such service: " + service);
        }
        p.kill();
    }

    /** Starts a stopped or killed service again with its settings, without waiting for its health. */
    public void startAgain(String service) {
        startAgain(service, Map.of());
    }

    /**
     * Starts a stopped or killed service again with {@code extraEnv} added to its settings (e.g. billing's
     * automatic close switched on after a crash), without waiting for its health.
     */
    public void startAgain(String service, Map<String, String> extraEnv) {
        ServiceProcess old = processes.get(service);
        if (old == null) {
            throw new IllegalArgumentException("no such service: " + service);
        }
        if (old.alive()) {
            throw new IllegalStateException(service + " is still running");
        }
        Map<String, String> env = new LinkedHashMap<>(environments.get(service));
        env.putAll(extraEnv);
        environments.put(service, env);
        processes.put(service, launch(service, service.startsWith(BILLING) ? BILLING : service, old.port(), env));
    }

    /** The name of a service's database (one per service, on {@link #postgres()}). */
    public String database(String service) {
        return databases.get(service);
    }

    /**
     * Stops one service and starts it again on the same port and database with {@code extraEnv} added to
     * its environment (a redeployment with new configuration, e.g. R22's per-deployment close instant);
     * returns once it is healthy again. Its log continues in the same file.
     */
    public void restart(String service, Map<String, String> extraEnv) {
        ServiceProcess old = processes.get(service);
        if (old == null) {
            throw new IllegalArgumentException("no such service: " + service);
        }
        old.close();
        Map<String, String> env = new LinkedHashMap<>(environments.get(service));
        env.putAll(extraEnv);
        environments.put(service, env);
        ServiceProcess fresh = launch(service, service.startsWith(BILLING) ? BILLING : service, old.port(), env);
        processes.put(service, fresh);
        waitForHealth(options.out(), List.of(fresh));
    }

    private void waitForHealth(PrintStream out, java.util.Collection<ServiceProcess> services) {
        long deadline = System.nanoTime() + 180_000_000_000L;
        List<ServiceProcess> pending = new ArrayList<>(services);
        out.print("  waiting for health of " + pending.size() + " services ");
        while (!pending.isEmpty()) {
            for (ServiceProcess p : List.copyOf(pending)) {
                if (!p.alive()) {
                    out.println();
                    throw new LaunchException(p.name() + " exited during start-up; its log: " + p.log());
                }
                if (p.ready()) {
                    pending.remove(p);
                    out.print("[" + p.name() + " UP] ");
                }
            }
            if (System.nanoTime() > deadline) {
                out.println();
                throw new LaunchException("not healthy after 180 s: " + pending.stream()
                        .map(p -> p.name() + " (log: " + p.log() + ")").toList());
            }
            out.print(".");
            sleep(500);
        }
        out.println();
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public Postgres postgres() {
        return postgres;
    }

    public Map<String, ServiceProcess> services() {
        return processes;
    }

    public String url(String service) {
        return processes.get(service).url();
    }

    @Override
    public void close() {
        List<ServiceProcess> reversed = new ArrayList<>(processes.values());
        java.util.Collections.reverse(reversed);
        reversed.parallelStream().forEach(ServiceProcess::close);
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private static void step(PrintStream out, String what) {
        out.print("  starting " + what + " ... ");
    }

    private static void done(PrintStream out, String detail) {
        out.println("ok (" + detail + ")");
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean portFree(int port) {
        try (ServerSocket s = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void copyFile(Path source, Path target) {
        try {
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new LaunchException("cannot copy " + source + ": " + e.getMessage());
        }
    }

    private static void copyResource(String resource, Path target) {
        try (var in = LocalPlatform.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new LaunchException("no " + resource + " on the launcher's class path");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new LaunchException("cannot copy " + resource + ": " + e.getMessage());
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("interrupted");
        }
    }
}
