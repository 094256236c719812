package dev.metering.launcher;

import dev.metering.testsupport.TestTokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code bin/platform up [--demo] [--devices N] [--port-offset N]}: start everything and wait for Ctrl-C or
 * {@code bin/platform stop}. {@code bin/platform token ROLE [ID]}: print a dev token.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        List<String> argv = Arrays.asList(args);
        String command = argv.isEmpty() ? "help" : argv.get(0);
        Path project = Path.of(System.getProperty("metering.project", ".")).toAbsolutePath().normalize();
        switch (command) {
            case "up" -> up(project, argv.subList(1, argv.size()));
            case "token" -> TestTokens.main(argv.subList(1, argv.size()).toArray(String[]::new));
            default -> {
                System.out.println("""
                        usage: bin/platform up [--demo [--devices N] [--exit]] [--port-offset N]
                               bin/platform stop
                               bin/platform token partner|distributor|operator [id]""");
                if (!"help".equals(command)) {
                    System.exit(2);
                }
            }
        }
    }

    private static void up(Path project, List<String> args) throws IOException, InterruptedException {
        boolean demo = args.contains("--demo");
        int devices = intOption(args, "--devices", 10_000);
        int offset = intOption(args, "--port-offset", 0);
        Path runDir = project.resolve("run");
        Files.createDirectories(runDir);
        Path pidFile = runDir.resolve("platform.pid");
        System.out.println("Starting the metering platform (logs in " + runDir.resolve("logs") + ")");

        LocalPlatform platform;
        try {
            platform = LocalPlatform.start(new LocalPlatform.Options(project, runDir, offset, false, System.out,
                    demo ? Demo.platformEnv() : Map.of()));
        } catch (LaunchException e) {
            System.err.println("FAILED: " + e.getMessage());
            System.exit(1);
            return;
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
        System.out.println("PostgreSQL:   localhost:" + platform.postgres().port() + " (user " + platform.postgres().user() + ")");
        platform.services().values().forEach(s -> System.out.printf("%-17s %s   OpenAPI UI: %s/q/swagger-ui%n",
                s.name() + ":", s.url(), s.url()));
        System.out.println();
        System.out.println("An operator token (12 h):  " + TestTokens.operator());
        System.out.println("More tokens:               bin/platform token partner <partnerId>");
        System.out.println("Try:  curl -H \"Authorization: Bearer $(bin/platform token partner p-1)\" "
                + platform.url("customer-service") + "/v1/me");
        if (platform.services().containsKey("partner-portal")) {
            System.out.println("Partner portal (pages, and every API at one base URL): " + platform.url("partner-portal")
                    + "/sign-in  (dev sign-in: partner, distributor or operator)");
        }
        System.out.println();
        if (demo) {
            int exit;
            try {
                exit = Demo.run(platform, devices, System.out);
            } catch (RuntimeException e) {
                System.out.println();
                System.out.println("Demo FAILED: " + e.getMessage() + " (service logs in " + runDir.resolve("logs") + ")");
                exit = 1;
            }
            if (args.contains("--exit")) {
                System.exit(exit);
            }
        }
        System.out.println("Running. Stop with Ctrl-C or: bin/platform stop");
        stopped.await();
    }

    private static int intOption(List<String> args, String name, int fallback) {
        int i = args.indexOf(name);
        if (i < 0) {
            return fallback;
        }
        if (i + 1 >= args.size()) {
            throw new IllegalArgumentException(name + " needs a number");
        }
        return Integer.parseInt(args.get(i + 1));
    }
}
