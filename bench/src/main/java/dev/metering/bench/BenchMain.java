package dev.metering.bench;

import dev.metering.contracts.CloudEvent;
import dev.metering.contracts.CloudEvents;
import dev.metering.launcher.LocalPlatform;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bin/bench [--repeats 3] [--quick] [--jfr]}: measures, in ONE run on this machine, Kafka's own limits, the
 * platform, and the naive PostgreSQL design, and writes {@code bench/results/results.{md,csv}}. Arguments are
 * parsed by picocli ({@code --help}; exit code 2 and a clear message for a bad flag).
 */
@Command(name = "bin/bench", mixinStandardHelpOptions = true, version = "metering benchmark harness",
        description = "Measures Kafka's own limits, the platform and a naive PostgreSQL design in one run on this"
                + " machine and writes bench/results/results.md and results.csv (about 25 minutes at the design point of"
                + " 10 M devices; --quick about 5).")
public final class BenchMain implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--repeats", paramLabel = "N", defaultValue = "3",
            description = "Repeats of every measurement; min/median/max are reported (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--quick", description = "Smaller workloads (a smoke run, not for comparing figures).")
    boolean quick;

    @Option(names = "--jfr", description = "Record billing-service and telemetry-ingest with Java Flight Recorder"
            + " (profile settings) into the run directory.")
    boolean jfr;

    /** The stages, in the order a full run measures them; {@code --only} names them by label. */
    enum Stage {
        LIMITS("limits"), NAIVE("naive"), INGEST("ingest"), FOLD("fold"), STREAMS("streams"),
        VISIBILITY("visibility"), QUERIES("queries"), PORTAL_USAGE("portal-usage"), CLOSE("close"),
        STARTUP("startup"), SCALE_OUT("scale-out");

        final String label;

        Stage(String label) {
            this.label = label;
        }

        static List<String> labels() {
            return java.util.Arrays.stream(values()).map(s -> s.label).toList();
        }
    }

    @Option(names = "--only", paramLabel = "STAGE", split = ",", description = "Measure only these stages (comma-"
            + "separated: limits, naive, ingest, fold, streams, visibility, queries, portal-usage, close, startup,"
            + " scale-out);"
            + " a stage gets the data it needs without measuring it. Figures go to the run directory, not to"
            + " bench/results.")
    List<String> only;

    /** billing-service's heap in a full run: 10 M devices (see bench/README.md, "The design point"). */
    static final String BILLING_HEAP = "-Xmx4g";
    /** The second billing instance's heap: it holds about half of the devices. */
    static final String BILLING_2_HEAP = "-Xmx2g";

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Parses and runs {@code args}; returns the exit code (0 ok, 1 failed, 2 bad usage). */
    static int run(String[] args, java.io.PrintStream out, java.io.PrintStream err) {
        return new CommandLine(new BenchMain())
                .setOut(new java.io.PrintWriter(out, true, java.nio.charset.StandardCharsets.UTF_8))
                .setErr(new java.io.PrintWriter(err, true, java.nio.charset.StandardCharsets.UTF_8))
                .execute(args);
    }

    @Override
    public Integer call() throws Exception {
        if (repeats < 1) {
            throw new ParameterException(spec.commandLine(), "--repeats must be at least 1, was " + repeats);
        }
        if (only != null) {
            for (String stage : only) {
                if (!Stage.labels().contains(stage)) {
                    throw new ParameterException(spec.commandLine(), "--only knows " + String.join(", ", Stage.labels())
                            + "; not " + stage);
                }
            }
        }
        measure();
        return 0;
    }

    private void measure() throws Exception {
        Path project = Path.of(System.getProperty("metering.project", ".")).toAbsolutePath().normalize();
        Path work = Files.createDirectories(project.resolve("bench/target/run-" + System.currentTimeMillis()));
        Results results = new Results();
        long t0 = System.nanoTime();

        Runtime rt = Runtime.getRuntime();
        results.fact("cores", Integer.toString(rt.availableProcessors()));
        results.fact("memory", String.format(Locale.ROOT, "%.1f GiB physical",
                ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                        .getTotalMemorySize() / (1024.0 * 1024 * 1024)));
        results.fact("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        results.fact("repeats", Integer.toString(repeats));
        results.fact("started", Instant.now().toString());
        System.out.println("Benchmark: " + rt.availableProcessors() + " cores, repeats=" + repeats + (quick ? ", quick" : ""));

        Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS);
        // heartbeats of the last 30 days: ingest refuses older than 35 days (so this one ends today)
        Workload workload = new Workload(1_000, 10, quick ? 20 : 100, today, 42);
        // #16, the design point: the month to close (S = the 1st of this month) has 10 M devices of 100 000
        // customers (quick: 100 k devices of 1 000) with UUID-shaped customer and device ids, one heartbeat each:
        // the close, the memory and the start-up depend on the devices, not on how often they beat, and one
        // heartbeat keeps filling (~1 min) and each fold from offset 0 (~1 min) short at 10 M
        Instant s = YearMonth.now(ZoneOffset.UTC).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Workload closeWorkload = new Workload("", quick ? 1_000 : 100_000, 100, 1, s, 7, true);
        CloudEvent sample = CloudEvents.wrap("id-0", "/telemetry-ingest", workload.heartbeat(0));
        int recordSize = CloudEvents.dataBytes(sample).length;
        results.fact("heartbeat record size", recordSize + " bytes (JSON value; CloudEvents attributes in headers)");
        results.fact("query/ingest workload", workload.customers() + " customers x " + workload.devicesPerCustomer()
                + " devices x " + workload.heartbeatsPerDevice() + " heartbeats = " + workload.heartbeats()
                + " heartbeats over the 30 days before " + today);
        results.fact("close workload", closeWorkload.devices() + " devices, " + closeWorkload.customers()
                + " customers (UUID ids), " + Math.max(2, closeWorkload.customers() / 10) + " partners (one with "
                + closeWorkload.customers() / 10 + " customers, the others about 9 each; 10 distributors), "
                + closeWorkload.heartbeats() + " heartbeats (" + closeWorkload.heartbeatsPerDevice()
                + " per device, UUID device ids) over the 30 days before S = " + s);

        Map<String, List<String>> jvmArgs = new java.util.HashMap<>();
        // sized for the design point (#16): billing alone holds all 10 M devices (and after a failover the first
        // instance does); the second instance only ever holds about half of them
        jvmArgs.put("billing-service", new ArrayList<>(List.of(quick ? "-Xmx1g" : BILLING_HEAP)));
        jvmArgs.put(ScaleOutStage.BILLING_2, new ArrayList<>(List.of(quick ? "-Xmx1g" : BILLING_2_HEAP)));
        if (jfr) {
            for (String svc : List.of("billing-service", "telemetry-ingest")) {
                jvmArgs.computeIfAbsent(svc, k -> new ArrayList<>()).add("-XX:StartFlightRecording=filename="
                        + work.resolve(svc + ".jfr") + ",settings=profile,dumponexit=true");
            }
            System.out.println("JFR recordings: " + work + "/*.jfr");
        }
        System.out.println("Starting the platform (Kafka, PostgreSQL, four services) in " + work);
        try (LocalPlatform platform = LocalPlatform.start(new LocalPlatform.Options(project, work, 0, true,
                System.out, Map.of("billing-service", Map.of("BILLING_CLOSE_AUTO_ENABLED", "false")), jvmArgs)
                .withBilling(2, LocalPlatform.Options.DEFAULT_PARTITIONS))) {
            // the second billing instance runs only in stage 7; every other stage measures one instance
            platform.stop(ScaleOutStage.BILLING_2);
            PlatformStages stages = new PlatformStages(platform, results, repeats, quick, workload, closeWorkload);
            stages.heapBaseline();
            Baselines baselines = new Baselines(platform, results, repeats, quick, workload, recordSize);
            boolean all = only == null;
            if (all || selected(Stage.LIMITS)) {
                stage(results, work, "kafkaLimits", () -> baselines.kafkaLimits());
            }
            if (all || selected(Stage.NAIVE)) {
                stage(results, work, "naive", () -> baselines.naive());
            }
            // 2.–5. and 7. the platform; a stage run on its own gets the data it needs without measuring it
            if (all || selected(Stage.INGEST)) {
                stage(results, work, "ingest", () -> stages.ingest());
            } else if (selected(Stage.VISIBILITY)) {
                stages.ingestCustomers();
            }
            if (all || selected(Stage.FOLD)) {
                stage(results, work, "fold", () -> stages.fold());
            } else if (selected(Stage.STREAMS) || selected(Stage.QUERIES) || selected(Stage.CLOSE)
                    || selected(Stage.STARTUP) || selected(Stage.SCALE_OUT)) {
                stages.fillAndAwaitFolded();
            } else if (selected(Stage.PORTAL_USAGE)) {
                stages.seedQueryPartner();
            }
            if (all || selected(Stage.STREAMS)) {
                stage(results, work, "streamsBaseline", () -> stages.streamsBaseline());
            }
            if (all || selected(Stage.VISIBILITY)) {
                stage(results, work, "visibility", () -> stages.visibility());
            }
            if (all || selected(Stage.QUERIES)) {
                stage(results, work, "queries", () -> stages.queries());
            } else if (selected(Stage.PORTAL_USAGE)) {
                stages.portalUsage();
            }
            if (all || selected(Stage.CLOSE)) {
                stage(results, work, "close", () -> stages.close());
            }
            if (all || selected(Stage.STARTUP)) {
                stage(results, work, "startup", () -> stages.startup());
            }
            if (all || selected(Stage.SCALE_OUT)) {
                stage(results, work, "scaleOut", () -> stages.scaleOut());
            }
            ratios(results, workload, closeWorkload);
        }
        results.fact("duration", String.format(Locale.ROOT, "%.0f s", (System.nanoTime() - t0) / 1e9));
        Path out = only == null ? project.resolve("bench/results") : work;
        results.write(out);
        System.out.println();
        System.out.println(results.markdown());
        System.out.println("Written to " + out.resolve("results.md") + " and results.csv"
                + (only == null ? "" : " (bench/results is left as it was: not every stage ran)"));
    }

    private interface StageRun {
        void run() throws Exception;
    }

    /**
     * Runs one stage; a stage that fails is reported (a fact of the run) and the run goes on with the next, and the
     * figures so far are written to the run directory after every stage, so a long run that stops keeps them.
     */
    private static void stage(Results results, Path work, String name, StageRun run) throws java.io.IOException {
        try {
            run.run();
        } catch (Exception | OutOfMemoryError e) {
            System.out.println("STAGE " + name + " FAILED: " + e);
            e.printStackTrace(System.out);
            results.fact("stage " + name, "FAILED: " + e);
        }
        results.write(work);
    }

    /** The ratio rows of the stages that ran (a ratio needs both of its rows). */
    private static void ratios(Results results, Workload workload, Workload closeWorkload) {
        System.out.println("Ratios (per repeat, then min/median/max)");
        Results.Row ingest = results.find("ingest", "heartbeats acknowledged");
        Results.Row producerLimit = results.find("limits", "Kafka producer perf tool");
        if (ingest != null && producerLimit != null) {
            results.ratio("ingest / Kafka producer limit", ingest, producerLimit, false, "target >= 0.5");
        }
        Results.Row naiveIngest = results.find("naive", "ingest (batched JDBC inserts)");
        if (ingest != null && naiveIngest != null) {
            results.ratio("ingest / naive ingest", ingest, naiveIngest, false, "target >= 20");
        }
        Results.Row fold = results.find("fold", "records folded by billing-service");
        Results.Row consumerLimit = results.find("limits", "Kafka consumer perf tool");
        if (fold != null && consumerLimit != null) {
            results.ratio("fold / Kafka consumer limit", fold, consumerLimit, false, "target >= 0.5");
        }
        Results.Row query = results.find("query", "usage, partner with 1 000 customers, p99");
        Results.Row naiveQuery = results.find("naive", "usage query, partner with 1 000 customers, p99");
        if (query != null && naiveQuery != null) {
            results.ratio("naive usage p99 / our usage p99", query, naiveQuery, true, "target >= 20");
        }
        Results.Row ourClose = results.rows().stream().filter(r -> r.stage().equals("close")
                && r.metric().startsWith("close of ")).findFirst().orElse(null);
        if (ourClose != null) {
            List<Double> ourDevPerS = ourClose.values().stream().map(v -> closeWorkload.devices() / v).toList();
            Results.Row ourCloseRate = results.add("close", "close throughput", "devices/s", ourDevPerS, null);
            Results.Row naiveClose = results.find("naive", "close throughput");
            if (naiveClose != null) {
                results.ratio("close devices/s: ours / naive", ourCloseRate, naiveClose, false, "naive measured on its "
                        + workload.devices() + " devices (a 1 M-device naive close would only be slower)");
            }
        }
    }

    private boolean selected(Stage stage) {
        return only != null && only.contains(stage.label);
    }

    static void createTopic(String bootstrap, String topic, int partitions) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
    }
}
