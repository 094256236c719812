package dev.metering.bench;

import dev.metering.contracts.CloudEvent;
import dev.metering.contracts.CloudEvents;
import dev.metering.launcher.LocalPlatform;
import dev.metering.testsupport.Postgres;
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
                + " machine and writes bench/results/results.md and results.csv (about 7-9 minutes; --quick 2-3).")
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

    @Option(names = "--only", paramLabel = "ROW", description = "Measure one row only, on its own data: "
            + "portal-usage (the portal's usage page for a 1 000-customer partner). Prints the figures and writes "
            + "them to the run directory, not to bench/results.")
    String only;

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
        if (only != null && !only.equals("portal-usage")) {
            throw new ParameterException(spec.commandLine(), "--only knows portal-usage, not " + only);
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
        // the month to close: S = the 1st of this month; 1 M devices (quick: 100 k), 10 per partner
        Instant s = YearMonth.now(ZoneOffset.UTC).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Workload closeWorkload = new Workload("close-c-", quick ? 1_000 : 10_000, 100, quick ? 2 : 5, s, 7);
        CloudEvent sample = CloudEvents.wrap("id-0", "/telemetry-ingest", workload.heartbeat(0));
        int recordSize = CloudEvents.dataBytes(sample).length;
        results.fact("heartbeat record size", recordSize + " bytes (JSON value; CloudEvents attributes in headers)");
        results.fact("query/ingest workload", workload.customers() + " customers x " + workload.devicesPerCustomer()
                + " devices x " + workload.heartbeatsPerDevice() + " heartbeats = " + workload.heartbeats()
                + " heartbeats over the 30 days before " + today);
        results.fact("close workload", closeWorkload.devices() + " devices, " + closeWorkload.customers()
                + " customers, " + closeWorkload.customers() / 10 + " partners, " + closeWorkload.heartbeats()
                + " heartbeats over the 30 days before S = " + s);

        Map<String, List<String>> jvmArgs = new java.util.HashMap<>();
        jvmArgs.put("billing-service", new ArrayList<>(List.of("-Xmx1g")));
        jvmArgs.put(ScaleOutStage.BILLING_2, new ArrayList<>(List.of("-Xmx1g")));
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
            if (only != null) {
                stages.seedQueryPartner();
                stages.portalUsage();
                results.write(work);
                System.out.println();
                System.out.println(results.markdown());
                System.out.println("Written to " + work.resolve("results.md") + " (bench/results is left as it was)");
                return;
            }
            stages.heapBaseline();
            // 1. Physical limits, against the platform's own broker
            System.out.println("[1/7] Kafka's own producer and consumer perf tools");
            int perfRecords = quick ? 300_000 : 2_000_000;
            List<Double> prod = new ArrayList<>();
            List<Double> prodP99 = new ArrayList<>();
            List<Double> cons = new ArrayList<>();
            for (int r = 0; r < repeats; r++) {
                String topic = "bench.perf." + r;
                createTopic(platform.bootstrapServers(), topic, 4);
                KafkaLimits.ProducerResult p = KafkaLimits.producer(platform.bootstrapServers(), topic, perfRecords, recordSize);
                prod.add(p.recordsPerSec());
                prodP99.add(p.p99Ms());
                cons.add(KafkaLimits.consumer(platform.bootstrapServers(), topic, perfRecords));
                System.out.printf(Locale.ROOT, "    repeat %d/%d: producer %.0f rec/s, consumer %.0f rec/s%n", r + 1,
                        repeats, p.recordsPerSec(), cons.get(r));
            }
            Results.Row producerLimit = results.add("limits", "Kafka producer perf tool", "records/s", prod,
                    perfRecords + " records of " + recordSize + " B, acks=all, linger 5 ms");
            results.add("limits", "Kafka producer perf tool p99", "ms", prodP99, null);
            Results.Row consumerLimit = results.add("limits", "Kafka consumer perf tool", "records/s", cons, null);

            // 6. Naive baseline
            System.out.println("[6/7] naive PostgreSQL design: a row per heartbeat, count(distinct) over 30 days");
            Postgres pg = platform.postgres();
            String db = pg.createDatabase("naive");
            NaiveBaseline naive = new NaiveBaseline(pg.jdbcUrl(db), pg.user(), pg.password());
            List<Double> ins = new ArrayList<>();
            long total = workload.heartbeats();
            long slice = total / repeats;
            for (int r = 0; r < repeats; r++) {
                ins.add(naive.insert(workload, r * slice, r == repeats - 1 ? total : (r + 1) * slice));
                System.out.printf(Locale.ROOT, "    repeat %d/%d: %.0f heartbeats/s inserted%n", r + 1, repeats, ins.get(r));
            }
            Results.Row naiveIngest = results.add("naive", "ingest (batched JDBC inserts)", "heartbeats/s", ins,
                    total + " heartbeats in " + repeats + " slices");
            String[] partnerCustomers = new String[workload.customers()];
            for (int c = 0; c < partnerCustomers.length; c++) {
                partnerCustomers[c] = workload.customerId(c);
            }
            List<Double> qp50 = new ArrayList<>();
            List<Double> qp99 = new ArrayList<>();
            List<Double> closeS = new ArrayList<>();
            List<Double> closeDevPerS = new ArrayList<>();
            for (int r = 0; r < repeats; r++) {
                long[] lat = naive.usageQuery(workload, partnerCustomers, quick ? 20 : 60, 4);
                Latencies latencies = Latencies.ofNanos(lat);
                qp50.add(latencies.millisAt(50));
                qp99.add(latencies.millisAt(99));
                closeS.add(naive.close(workload)[0]);
                closeDevPerS.add(workload.devices() / closeS.get(r));
                System.out.printf(Locale.ROOT, "    repeat %d/%d: usage p99 %.1f ms, close %.1f s%n", r + 1, repeats,
                        qp99.get(r), closeS.get(r));
            }
            results.add("naive", "usage query, partner with 1 000 customers, p50", "ms", qp50, "4 concurrent clients");
            Results.Row naiveQuery = results.add("naive", "usage query, partner with 1 000 customers, p99", "ms", qp99,
                    "4 concurrent clients");
            results.add("naive", "close (" + workload.devices() + " devices)", "s", closeS,
                    "count(distinct) for every customer at S");
            Results.Row naiveClose = results.add("naive", "close throughput", "devices/s", closeDevPerS,
                    workload.devices() + " devices, " + total + " rows");

            // 2.–5. the platform
            stages.ingest();
            stages.fold();
            stages.streamsBaseline();
            stages.visibility();
            stages.queries();
            stages.close();
            stages.scaleOut();

            System.out.println("Ratios (per repeat, then min/median/max)");
            Results.Row ingest = results.find("ingest", "heartbeats acknowledged");
            results.ratio("ingest / Kafka producer limit", ingest, producerLimit, false, "target >= 0.5");
            results.ratio("ingest / naive ingest", ingest, naiveIngest, false, "target >= 20");
            results.ratio("fold / Kafka consumer limit", results.find("fold", "records folded by billing-service"),
                    consumerLimit, false, "target >= 0.5");
            results.ratio("naive usage p99 / our usage p99",
                    results.find("query", "usage, partner with 1 000 customers, p99"), naiveQuery, true,
                    "target >= 20");
            Results.Row ourClose = results.rows().stream().filter(r -> r.stage().equals("close")
                    && r.metric().startsWith("close of ")).findFirst().orElseThrow();
            List<Double> ourDevPerS = ourClose.values().stream().map(v -> closeWorkload.devices() / v).toList();
            Results.Row ourCloseRate = results.add("close", "close throughput", "devices/s", ourDevPerS, null);
            results.ratio("close devices/s: ours / naive", ourCloseRate, naiveClose, false,
                    "naive measured on its " + workload.devices() + " devices (a 1 M-device naive close would only be slower)");
        }
        results.fact("duration", String.format(Locale.ROOT, "%.0f s", (System.nanoTime() - t0) / 1e9));
        Path out = project.resolve("bench/results");
        results.write(out);
        System.out.println();
        System.out.println(results.markdown());
        System.out.println("Written to " + out.resolve("results.md") + " and results.csv");
    }

    static void createTopic(String bootstrap, String topic, int partitions) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
    }
}
