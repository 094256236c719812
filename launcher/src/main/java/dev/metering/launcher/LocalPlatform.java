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
            new Service("telemetry-ingest", 8081, "ingest"));

    public record Service(String name, int defaultPort, String database) {
    }

    /**
     * {@code extraEnv} / {@code extraJvmArgs}: per service name, added to (env) or appended after (JVM args) the
     * defaults, e.g. for the benchmark harness (a flight recording, a disabled scheduler).
     */
    public record Options(Path projectDir, Path runDir, int portOffset, boolean freePorts, PrintStream out,
            Map<String, Map<String, String>> extraEnv, Map<String, List<String>> extraJvmArgs) {

        public Options(Path projectDir, Path runDir, int portOffset, boolean freePorts, PrintStream out) {
            this(projectDir, runDir, portOffset, freePorts, out, Map.of(), Map.of());
        }
    }

    private record Launch(Path jar, int port, Map<String, String> env, Path logs, List<String> jvmArgs) {
    }

    private final Options options;
    private KafkaBroker kafka;
    private Postgres postgres;
    private final Map<String, ServiceProcess> processes = new LinkedHashMap<>();
    private final Map<String, Launch> launches = new LinkedHashMap<>();
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
        Path logs = runDir.resolve("logs");
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Integer> ports = new ArrayList<>();
        for (Service s : SERVICES) {
            int port = options.freePorts() ? freePort() : s.defaultPort() + options.portOffset();
            if (!options.freePorts() && !portFree(port)) {
                throw new LaunchException(s.name() + ": port " + port + " is already in use (is the platform "
                        + "already running? bin/platform stop)");
            }
            ports.add(port);
        }

        step(out, "Kafka broker (KRaft)");
        kafka = KafkaBroker.start(runDir.resolve("infra"));
        kafka.createTopics(4, Topics.fixedTopics());
        done(out, kafka.bootstrapServers());

        step(out, "PostgreSQL");
        postgres = Postgres.start(runDir.resolve("infra"));
        for (Service s : SERVICES) {
            databases.put(s.name(), postgres.createDatabase(s.database()));
        }
        done(out, "localhost:" + postgres.port() + " databases " + databases.values());

        Path publicKey = runDir.resolve("dev-jwt-public.pem");
        copyFile(options.projectDir().resolve("platform/src/main/resources/META-INF/metering/dev-jwt-public.pem"),
                publicKey);

        for (int i = 0; i < SERVICES.size(); i++) {
            Service s = SERVICES.get(i);
            Map<String, String> env = new LinkedHashMap<>();
            env.put("HTTP_PORT", Integer.toString(ports.get(i)));
            env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
            env.put("DB_HOST", postgres.host());
            env.put("DB_PORT", Integer.toString(postgres.port()));
            env.put("DB_NAME", databases.get(s.name()));
            env.put("DB_USER", postgres.user());
            env.put("DB_PASSWORD", postgres.password());
            // Local runs trust the DEV key pair so bin/platform can mint tokens; production never does.
            env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", publicKey.toString());
            env.put("METERING_JWT_ISSUER", "https://metering.dev/dev-issuer");
            env.putAll(options.extraEnv().getOrDefault(s.name(), Map.of()));
            Path jar = options.projectDir().resolve(s.name()).resolve("target/quarkus-app/quarkus-run.jar");
            List<String> jvmArgs = new ArrayList<>(List.of("-Xmx768m", "-XX:+UseSerialGC"));
            jvmArgs.addAll(options.extraJvmArgs().getOrDefault(s.name(), List.of()));
            Launch launch = new Launch(jar, ports.get(i), env, logs, jvmArgs);
            launches.put(s.name(), launch);
            processes.put(s.name(), ServiceProcess.start(s.name(), jar, ports.get(i), env, logs, jvmArgs));
        }
        waitForHealth(out);
        out.printf("Platform ready in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    private void waitForHealth(PrintStream out) {
        long deadline = System.nanoTime() + 180_000_000_000L;
        List<ServiceProcess> pending = new ArrayList<>(processes.values());
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

    /** Stops one service's process (graceful, then forced). */
    public void stop(String service) {
        processes.get(service).close();
    }

    /**
     * Starts one service again (after {@link #stop}) on the same port with the same settings, and waits until
     * it is ready. Its log is appended to a new file {@code <name>-<n>.log}.
     */
    public void restart(String service) {
        stop(service);
        Launch l = launches.get(service);
        Path logs = l.logs().resolve(service + "-" + System.currentTimeMillis());
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ServiceProcess p = ServiceProcess.start(service, l.jar(), l.port(), l.env(), logs, l.jvmArgs());
        processes.put(service, p);
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (!p.ready()) {
            if (!p.alive()) {
                throw new LaunchException(service + " exited during restart; its log: " + p.log());
            }
            if (System.nanoTime() > deadline) {
                throw new LaunchException(service + " not ready 180 s after restart; its log: " + p.log());
            }
            sleep(100);
        }
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public Postgres postgres() {
        return postgres;
    }

    /** The name of a service's database (one per service, on {@link #postgres()}). */
    public String database(String service) {
        return databases.get(service);
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

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("interrupted");
        }
    }
}
