package dev.metering.bench;

import dev.metering.contracts.CloudEvent;
import dev.metering.contracts.CloudEvents;
import dev.metering.contracts.Topics;
import dev.metering.launcher.LocalPlatform;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Stage 2, ingest, side by side with Kafka's producer tool under the same two conditions (#16):
 * <ul>
 * <li><b>billing idle</b>: billing-service is stopped for the measurement (started again afterwards, it then folds
 * what was written meanwhile before the next condition starts), so the 2 cores serve only the contender, the
 * broker (harness JVM) and the contender's load generator;</li>
 * <li><b>billing folding</b>: billing-service runs, caught up, and folds the contender's records live as they
 * arrive on {@code telemetry.heartbeats} (the production case).</li>
 * </ul>
 * Both contenders write the same records: the tool ({@code ProducerPerformance}, own JVM) sends, through the
 * {@link IngestShapedRecords} interceptor, the very records ingest writes for the same slice of the workload
 * (CloudEvents headers, key, JSON value), with ingest's producer settings (acks=all, idempotent, lz4, linger
 * 5 ms, batch 128 KiB), the same number per measurement; when billing folds it writes to
 * {@code telemetry.heartbeats} (billing folds them like ingest's), when idle to a topic of its own with as many
 * partitions. Every process's CPU comes from {@code /proc/<pid>/stat} (the load generator and the tool report
 * their own, without their preparation) and is given per million records.
 */
final class IngestStage {

    static final int LOAD_CONNECTIONS = 8;
    static final int BATCH = 1000;
    /** The fewest records a producer-tool run sends (its own JVM starts cold each run). */
    static final int TOOL_RECORDS = 1_000_000;

    private final LocalPlatform platform;
    private final Results results;
    private final int repeats;
    private final Workload query;
    private final int recordSize;

    /** One measurement: rate, latencies, CPU-seconds per million records of each process (0 if stopped). */
    private record Run(double rate, double p50, double p99, double ingest, double billing, double harness,
            double driver) {
    }

    IngestStage(LocalPlatform platform, Results results, int repeats, Workload query) {
        this.platform = platform;
        this.results = results;
        this.repeats = repeats;
        this.query = query;
        CloudEvent sample = CloudEvents.wrap("id-0", "/telemetry-ingest", query.heartbeat(0));
        this.recordSize = CloudEvents.dataBytes(sample).length;
    }

    void measure(List<String> loadKeys, List<String> customers) throws Exception {
        long total = query.heartbeats();
        long slice = total / repeats;
        warmUp(loadKeys, Math.min(slice, 50_000));

        List<Run> ingestIdle = new ArrayList<>();
        List<Run> toolIdle = new ArrayList<>();
        List<Run> ingestFolding = new ArrayList<>();
        List<Run> toolFolding = new ArrayList<>();
        List<String> toolCustomers = customers.subList(0, loadKeys.size());
        for (int r = 0; r < repeats; r++) {
            long from = r * slice;
            long to = r == repeats - 1 ? total : (r + 1) * slice;
            platform.stop(PlatformStages.BILLING);
            pair(r, "billing idle", loadKeys, toolCustomers, from, to, ingestIdle, toolIdle, false);
            platform.startAgain(PlatformStages.BILLING);
            awaitBillingCaughtUp();
            pair(r, "billing folding", loadKeys, toolCustomers, from, to, ingestFolding, toolFolding, true);
        }
        awaitBillingCaughtUp();

        String note = total + " heartbeats in " + repeats + " slices (the naive design's data), " + LOAD_CONNECTIONS
                + " connections, 4 ingest keys, batches of " + BATCH;
        String toolNote = "the same slices as ingest's records (headers, key, value), ingest's producer settings";
        // the folding pair keeps the row names of earlier runs (BenchMain's ratios read them)
        Results.Row ingest = rows("billing folding", ingestFolding, "heartbeats acknowledged", note
                + "; billing folding them live");
        Results.Row tool = toolRows("billing folding", toolFolding, toolNote + ", to telemetry.heartbeats");
        Results.Row ingestI = rows("billing idle", ingestIdle, "heartbeats acknowledged, billing idle", note
                + "; billing-service stopped");
        Results.Row toolI = toolRows("billing idle", toolIdle, toolNote + ", to a topic of its own");
        results.ratio("ingest / producer tool, billing folding", ingest, tool, false, "same records, same conditions;"
                + " target >= 0.5");
        results.ratio("ingest / producer tool, billing idle", ingestI, toolI, false, "same records, same conditions;"
                + " target >= 0.5");
        secondMachine("billing folding", ingestFolding, tool);
        secondMachine("billing idle", ingestIdle, toolI);
    }

    /** One repeat of a condition: ingest and the producer tool, the one first that went second last time. */
    private void pair(int r, String condition, List<String> keys, List<String> customers, long from, long to,
            List<Run> ingest, List<Run> tool, boolean folding) throws Exception {
        for (int k = 0; k < 2; k++) {
            if ((k == 0) == (r % 2 == 0)) {
                Run run = ingestRun(keys, from, to);
                ingest.add(run);
                System.out.printf(Locale.ROOT, "    %s %d/%d: ingest %.0f heartbeats/s (p50 %.1f ms, p99 %.1f ms);"
                        + " CPU s per 1 M: ingest %.2f, billing %.2f, harness (broker) %.2f, load generator %.2f%n",
                        condition, r + 1, repeats, run.rate(), run.p50(), run.p99(), run.ingest(), run.billing(),
                        run.harness(), run.driver());
            } else {
                String topic = folding ? Topics.TELEMETRY_HEARTBEATS : "bench.perf.ingest-idle-" + r;
                Run run = toolRun(topic, customers, from, to);
                tool.add(run);
                System.out.printf(Locale.ROOT, "    %s %d/%d: producer tool %.0f records/s (p99 %.0f ms);"
                        + " CPU s per 1 M: tool %.2f, billing %.2f, harness (broker) %.2f, ingest (idle) %.2f%n",
                        condition, r + 1, repeats, run.rate(), run.p99(), run.driver(), run.billing(), run.harness(),
                        run.ingest());
            }
        }
    }

    private Run ingestRun(List<String> keys, long from, long to) throws Exception {
        long ingestPid = platform.services().get(PlatformStages.INGEST).pid();
        long self = ProcessHandle.current().pid();
        double i0 = PlatformStages.cpuSeconds(ingestPid);
        double b0 = billingCpu();
        double h0 = PlatformStages.cpuSeconds(self);
        double[] res = runLoad(keys, from, to);
        double b1 = billingCpu();
        double perMillion = 1e6 / (to - from);
        return new Run(res[0], res[1], res[2], (PlatformStages.cpuSeconds(ingestPid) - i0) * perMillion,
                (b1 - b0) * perMillion, (PlatformStages.cpuSeconds(self) - h0) * perMillion, res[5] * perMillion);
    }

    private Run toolRun(String topic, List<String> customers, long from, long to) throws Exception {
        if (!topic.equals(Topics.TELEMETRY_HEARTBEATS)) {
            BenchMain.createTopic(platform.bootstrapServers(), topic, LocalPlatform.Options.DEFAULT_PARTITIONS);
        }
        long ingestPid = platform.services().get(PlatformStages.INGEST).pid();
        long self = ProcessHandle.current().pid();
        double i0 = PlatformStages.cpuSeconds(ingestPid);
        double b0 = billingCpu();
        double h0 = PlatformStages.cpuSeconds(self);
        // at least TOOL_RECORDS: a shorter run in a fresh JVM measures mostly its JIT warm-up; the interceptor wraps
        // around the slice, and a re-sent record carries the same id, so billing folds it idempotently
        int records = (int) Math.max(to - from, TOOL_RECORDS);
        KafkaLimits.ProducerResult p = KafkaLimits.producer(topic, records, recordSize, List.of(
                "bootstrap.servers=" + platform.bootstrapServers(), "acks=all", "enable.idempotence=true",
                "max.in.flight.requests.per.connection=5", "linger.ms=5", "batch.size=131072", "compression.type=lz4",
                "interceptor.classes=" + IngestShapedRecords.class.getName(),
                "bench.workload=" + query.customers() + "," + query.devicesPerCustomer() + ","
                        + query.heartbeatsPerDevice() + "," + query.closeAt() + "," + query.seed(),
                "bench.from=" + from, "bench.to=" + to, "bench.customers=" + String.join(",", customers),
                "bench.topic=" + topic));
        double b1 = billingCpu();
        double perMillion = 1e6 / records;
        // the harness waited on the tool's output meanwhile; what it spent is the broker's (and a few reads)
        return new Run(p.recordsPerSec(), p.p50Ms(), p.p99Ms(), (PlatformStages.cpuSeconds(ingestPid) - i0) * perMillion,
                (b1 - b0) * perMillion, (PlatformStages.cpuSeconds(self) - h0) * perMillion, p.cpuSeconds() * perMillion);
    }

    private Results.Row rows(String condition, List<Run> runs, String metric, String note) {
        Results.Row rate = results.add("ingest", metric, "heartbeats/s", runs.stream().map(Run::rate).toList(), note);
        results.add("ingest", "request latency p50 (1 000 heartbeats), " + condition, "ms",
                runs.stream().map(Run::p50).toList(), null);
        results.add("ingest", "request latency p99 (1 000 heartbeats), " + condition, "ms",
                runs.stream().map(Run::p99).toList(), null);
        results.add("ingest", "CPU of telemetry-ingest per 1 M heartbeats, " + condition, "CPU s",
                runs.stream().map(Run::ingest).toList(), "/proc/<pid>/stat over the measurement");
        if (condition.equals("billing folding")) {
            results.add("ingest", "CPU of billing-service per 1 M, " + condition, "CPU s",
                    runs.stream().map(Run::billing).toList(), "folding them live");
        }
        results.add("ingest", "CPU of the harness JVM (Kafka broker) per 1 M, " + condition, "CPU s",
                runs.stream().map(Run::harness).toList(), null);
        results.add("ingest", "CPU of the load generator per 1 M, " + condition, "CPU s",
                runs.stream().map(Run::driver).toList(), "its sending only (own JVM)");
        return rate;
    }

    private Results.Row toolRows(String condition, List<Run> runs, String note) {
        Results.Row rate = results.add("ingest", "Kafka producer tool, " + condition, "records/s",
                runs.stream().map(Run::rate).toList(), note);
        results.add("ingest", "CPU of the producer tool per 1 M, " + condition, "CPU s",
                runs.stream().map(Run::driver).toList(), "from its main on (own JVM)");
        results.add("ingest", "CPU of the harness JVM (Kafka broker) per 1 M (tool), " + condition, "CPU s",
                runs.stream().map(Run::harness).toList(), null);
        if (condition.equals("billing folding")) {
            results.add("ingest", "CPU of billing-service per 1 M (tool), " + condition, "CPU s",
                    runs.stream().map(Run::billing).toList(), "folding the tool's records live");
        }
        results.add("ingest", "CPU of telemetry-ingest per 1 M (tool, ingest idle), " + condition, "CPU s",
                runs.stream().map(Run::ingest).toList(), null);
        return rate;
    }

    /**
     * What ingest could reach with its load generator on a second machine: this machine's cores divided by the CPU
     * per heartbeat of the processes that would stay (ingest, broker, billing when folding). An upper bound: it
     * assumes the cores can be kept busy.
     */
    private void secondMachine(String condition, List<Run> runs, Results.Row tool) {
        int cores = Runtime.getRuntime().availableProcessors();
        List<Double> estimate = new ArrayList<>();
        for (Run run : runs) {
            double perMillion = run.ingest() + run.harness() + run.billing(); // billing: 0 while stopped
            estimate.add(cores * 1e6 / perMillion);
        }
        Results.Row row = results.add("ingest", "estimate: ingest with the load generator on a second machine, " + condition,
                "heartbeats/s", estimate, cores + " cores / CPU s per heartbeat of ingest + broker"
                        + (condition.equals("billing folding") ? " + billing" : "") + " (measured above)");
        results.ratio("estimate (load generator elsewhere) / producer tool, " + condition, row, tool, false,
                "the tool measured on this machine");
    }

    private double billingCpu() {
        var svc = platform.services().get(PlatformStages.BILLING);
        return svc != null && svc.alive() ? PlatformStages.cpuSeconds(svc.pid()) : 0;
    }

    private void awaitBillingCaughtUp() {
        long t0 = System.nanoTime();
        if (!dev.metering.launcher.simulator.ConsumerLag.awaitZero(platform.bootstrapServers(), PlatformStages.BILLING,
                java.time.Duration.ofMinutes(10))) {
            throw new IllegalStateException("billing did not catch up within 10 minutes after the ingest stage");
        }
        System.out.printf(Locale.ROOT, "    billing caught up (%.1f s)%n", (System.nanoTime() - t0) / 1e9);
    }

    /**
     * #16: sends the same {@code window} heartbeats again and again (not counted) until two consecutive windows'
     * rates agree within 5 % ({@link WarmUp}, shared by the stages), so the repeats measure the system rather than
     * the JIT.
     */
    private void warmUp(List<String> keys, long window) throws Exception {
        WarmUp.untilSteady(results, "ingest", String.format(Locale.ROOT, "%,d heartbeats", window), "heartbeats/s",
                () -> runLoad(keys, 0, window)[0]);
    }

    private double[] runLoad(List<String> keys, long from, long to) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.add("-XX:+UseParallelGC");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(IngestLoad.class.getName());
        command.addAll(List.of(platform.url(PlatformStages.INGEST), Integer.toString(LOAD_CONNECTIONS),
                Long.toString(from), Long.toString(to), Integer.toString(BATCH), Integer.toString(query.customers()),
                Integer.toString(query.devicesPerCustomer()), Integer.toString(query.heartbeatsPerDevice()),
                query.closeAt().toString(), Long.toString(query.seed())));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("BENCH_INGEST_KEYS", String.join(",", keys));
        Process p = pb.start();
        double[] result = null;
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                out.add(line);
                if (line.startsWith("RESULT ")) {
                    String[] f = line.split(" ");
                    result = new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                            Double.parseDouble(f[4]), Double.parseDouble(f[6]), Double.parseDouble(f[7])};
                } else if (line.startsWith("FAILED")) {
                    System.out.println("    load generator: " + line);
                }
            }
        }
        if (p.waitFor() != 0 || result == null) {
            throw new IllegalStateException("load generator failed: " + out);
        }
        if (result[4] > 0 || result[3] < (to - from)) {
            System.out.printf(Locale.ROOT, "    WARNING: %d failed requests, %.0f of %d heartbeats accepted%n",
                    (long) result[4], result[3], to - from);
        }
        return result;
    }
}
