package dev.metering.launcher;

import dev.metering.testsupport.TestTokens;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bin/platform}: {@code up} starts everything and waits for Ctrl-C or {@code stop}; {@code token} prints
 * a dev token. Arguments are parsed by picocli: {@code --help} on every command, a clear message and exit code
 * 2 for anything it does not know. A new flag of {@code up} is one more {@link Option} field in {@link Up}.
 */
@Command(name = "bin/platform", mixinStandardHelpOptions = true, version = "metering platform launcher",
        description = "Runs the metering platform on this machine without Docker: a real Kafka broker, a real"
                + " PostgreSQL and the services as processes.",
        subcommands = {Main.Up.class, Main.Stop.class, Main.Token.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Where the project lives (bin/platform passes it); run/ and the services' jars are found from here. */
    static Path project() {
        return Path.of(System.getProperty("metering.project", ".")).toAbsolutePath().normalize();
    }

    public static void main(String[] args) {
        int exit = run(args, System.out, System.err);
        if (exit != 0) {
            System.exit(exit);
        }
    }

    /** Parses and runs {@code args}; returns the exit code (0 ok, 1 failed, 2 bad usage). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return new CommandLine(new Main())
                .setOut(new PrintWriter(out, true, StandardCharsets.UTF_8))
                .setErr(new PrintWriter(err, true, StandardCharsets.UTF_8))
                .execute(args);
    }

    /** {@code bin/platform} alone: the usage, as with --help. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    @Command(name = "up", mixinStandardHelpOptions = true,
            description = "Start Kafka, PostgreSQL and the services (building what is missing), print their URLs"
                    + " and an operator token, and run until Ctrl-C or `bin/platform stop`.")
    static final class Up implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--demo", description = "Then simulate a month through the public APIs and print each"
                + " partner's invoice next to the simulator's expected totals.")
        boolean demo;

        @Option(names = "--devices", paramLabel = "N", defaultValue = "10000",
                description = "Devices the demo simulates (default: ${DEFAULT-VALUE}).")
        int devices;

        @Option(names = "--exit", description = "With --demo: stop afterwards; exit code 0 only if every invoice"
                + " matches the expected totals.")
        boolean exit;

        @Option(names = "--port-offset", paramLabel = "N", defaultValue = "0",
                description = "Added to every service's port (default: ${DEFAULT-VALUE}).")
        int portOffset;

        @Option(names = "--billing-replicas", paramLabel = "N", defaultValue = "1",
                description = "billing-service instances in one consumer group sharing the partitions "
                        + "(default: ${DEFAULT-VALUE}).")
        int billingReplicas;

        @Option(names = "--partitions", paramLabel = "N", defaultValue = "4",
                description = "Partitions of every topic (billing scales up to this many instances; "
                        + "default: ${DEFAULT-VALUE}).")
        int partitions;

        @Override
        public Integer call() throws IOException, InterruptedException {
            if (devices < 1) {
                throw new ParameterException(spec.commandLine(), "--devices must be at least 1, was " + devices);
            }
            if (billingReplicas < 1 || partitions < 1) {
                throw new ParameterException(spec.commandLine(), "--billing-replicas and --partitions must be at "
                        + "least 1");
            }
            if (billingReplicas > partitions) {
                throw new ParameterException(spec.commandLine(), "--billing-replicas " + billingReplicas
                        + " exceeds --partitions " + partitions + ": the extra instances would own nothing");
            }
            if (portOffset < 0) {
                throw new ParameterException(spec.commandLine(), "--port-offset must not be negative, was " + portOffset);
            }
            return up(project());
        }

        private int up(Path project) throws IOException, InterruptedException {
            Path runDir = project.resolve("run");
            Files.createDirectories(runDir);
            Path pidFile = runDir.resolve("platform.pid");
            System.out.println("Starting the metering platform (logs in " + runDir.resolve("logs") + ")");

            LocalPlatform platform;
            try {
                platform = LocalPlatform.start(new LocalPlatform.Options(project, runDir, portOffset, false,
                        System.out, demo ? Demo.platformEnv() : Map.of()).withBilling(billingReplicas, partitions));
            } catch (LaunchException e) {
                System.err.println("FAILED: " + e.getMessage());
                return 1;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                System.out.println("\nStopping the platform ...");
                platform.close();
                try {
                    Files.deleteIfExists(pidFile);
                } catch (IOException ignored) {
                    // best effort
                }
                System.out.println("Stopped: no process or port left behind.");
                stopped.countDown();
            }));
            Files.writeString(pidFile, Long.toString(ProcessHandle.current().pid()));

            System.out.println();
            System.out.println("Kafka:        " + platform.bootstrapServers());
            System.out.println("PostgreSQL:   localhost:" + platform.postgres().port() + " (user "
                    + platform.postgres().user() + ")");
            platform.services().values().forEach(s -> System.out.printf("%-17s %s   OpenAPI UI: %s/q/swagger-ui%n",
                    s.name() + ":", s.url(), s.url()));
            System.out.println();
            System.out.println("An operator token (12 h):  " + TestTokens.operator());
            System.out.println("More tokens:               bin/platform token partner <partnerId>");
            System.out.println("Try:  curl -H \"Authorization: Bearer $(bin/platform token partner p-1)\" "
                    + platform.url("customer-service") + "/v1/me");
            if (platform.services().containsKey("partner-portal")) {
                System.out.println("Partner portal (pages, and every API at one base URL): "
                        + platform.url("partner-portal") + "/sign-in  (dev sign-in: partner, distributor or operator)");
            }
            System.out.println();
            if (demo) {
                int code;
                try {
                    code = Demo.run(platform, devices, System.out);
                } catch (RuntimeException e) {
                    System.out.println();
                    System.out.println("Demo FAILED: " + e.getMessage() + " (service logs in " + runDir.resolve("logs")
                            + ")");
                    code = 1;
                }
                if (exit) {
                    System.exit(code); // runs the shutdown hook, which stops everything
                }
            }
            System.out.println("Running. Stop with Ctrl-C or: bin/platform stop");
            stopped.await();
            return 0;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stop a platform started by `bin/platform up` in another terminal.")
    static final class Stop implements Callable<Integer> {

        @Override
        public Integer call() throws IOException, InterruptedException {
            Path pidFile = project().resolve("run/platform.pid");
            if (!Files.exists(pidFile)) {
                System.out.println("not running (no run/platform.pid)");
                return 0;
            }
            Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()));
            if (process.isPresent()) {
                process.get().destroy();
                for (int i = 0; i < 60 && process.get().isAlive(); i++) {
                    Thread.sleep(500);
                }
            }
            System.out.println("stopped");
            return 0;
        }
    }

    @Command(name = "token", mixinStandardHelpOptions = true,
            description = "Print a dev bearer token (trusted only by the dev and test profiles).")
    static final class Token implements Callable<Integer> {

        enum Role { partner, distributor, operator }

        @Parameters(index = "0", arity = "0..1", defaultValue = "partner", paramLabel = "ROLE",
                description = "partner, distributor or operator (default: ${DEFAULT-VALUE}).")
        Role role;

        @Parameters(index = "1", arity = "0..1", paramLabel = "ID",
                description = "The partner's or distributor's id (default: partner-1 / distributor-1).")
        String id;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            String token = switch (role) {
                case partner -> TestTokens.partner(id == null ? "partner-1" : id);
                case distributor -> TestTokens.distributor(id == null ? "distributor-1" : id);
                case operator -> TestTokens.operator();
            };
            spec.commandLine().getOut().println(token);
            return 0;
        }
    }
}
