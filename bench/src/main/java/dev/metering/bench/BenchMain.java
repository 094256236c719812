package dev.metering.bench;

import dev.metering.contracts.CloudEvent;
import dev.metering.contracts.CloudEvents;
import dev.metering.testsupport.KafkaBroker;
import dev.metering.testsupport.Postgres;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code bin/bench [--repeats 3] [--quick]}: measures, in ONE run on this machine, Kafka's own limits, the
 * platform, and the naive PostgreSQL design, and writes {@code bench/results/results.{md,csv}}.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        List<String> argv = List.of(args);
        int repeats = argv.contains("--repeats") ? Integer.parseInt(argv.get(argv.indexOf("--repeats") + 1)) : 3;
        boolean quick = argv.contains("--quick");
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

        Workload workload = new Workload(1_000, 10, quick ? 20 : 100, Instant.parse("2026-11-01T00:00:00Z"), 42);
        CloudEvent sample = CloudEvents.wrap("id-0", "/telemetry-ingest", workload.heartbeat(0));
        int recordSize = CloudEvents.dataBytes(sample).length;
        results.fact("heartbeat record size", recordSize + " bytes (JSON value; CloudEvents attributes in headers)");

        try (KafkaBroker kafka = KafkaBroker.start(work.resolve("infra"));
                Postgres pg = Postgres.start(work.resolve("infra"))) {
            // 1. Physical limits
            System.out.println("[1/6] Kafka's own producer and consumer perf tools");
            int perfRecords = quick ? 300_000 : 2_000_000;
            List<Double> prod = new ArrayList<>();
            List<Double> prodP99 = new ArrayList<>();
            List<Double> cons = new ArrayList<>();
            for (int r = 0; r < repeats; r++) {
                String topic = "bench.perf." + r;
                kafka.createTopics(4, List.of(topic));
                KafkaLimits.ProducerResult p = KafkaLimits.producer(kafka.bootstrapServers(), topic, perfRecords, recordSize);
                prod.add(p.recordsPerSec());
                prodP99.add(p.p99Ms());
                cons.add(KafkaLimits.consumer(kafka.bootstrapServers(), topic, perfRecords));
                System.out.printf(Locale.ROOT, "    repeat %d/%d: producer %.0f rec/s, consumer %.0f rec/s%n", r + 1,
                        repeats, p.recordsPerSec(), cons.get(r));
            }
            results.add("limits", "Kafka producer perf tool", "records/s", prod, perfRecords + " records of " + recordSize + " B, acks=all, linger 5 ms");
            results.add("limits", "Kafka producer perf tool p99", "ms", prodP99, null);
            results.add("limits", "Kafka consumer perf tool", "records/s", cons, null);

            // 6. Naive baseline
            System.out.println("[6/6] naive PostgreSQL design: a row per heartbeat, count(distinct) over 30 days");
            String db = pg.createDatabase("naive");
            NaiveBaseline naive = new NaiveBaseline(pg.jdbcUrl(db), pg.user(), pg.password());
            List<Double> ins = new ArrayList<>();
            long total = workload.heartbeats();
            long slice = total / repeats;
            for (int r = 0; r < repeats; r++) {
                ins.add(naive.insert(workload, r * slice, r == repeats - 1 ? total : (r + 1) * slice));
                System.out.printf(Locale.ROOT, "    repeat %d/%d: %.0f heartbeats/s inserted%n", r + 1, repeats, ins.get(r));
            }
            results.add("naive", "ingest (batched JDBC inserts)", "heartbeats/s", ins, total + " heartbeats in " + repeats + " slices");
            String[] partnerCustomers = new String[workload.customers()];
            for (int c = 0; c < partnerCustomers.length; c++) {
                partnerCustomers[c] = workload.customerId(c);
            }
            List<Double> qp50 = new ArrayList<>();
            List<Double> qp99 = new ArrayList<>();
            List<Double> closeS = new ArrayList<>();
            for (int r = 0; r < repeats; r++) {
                long[] lat = naive.usageQuery(workload, partnerCustomers, quick ? 20 : 60, 4);
                qp50.add(Stats.percentile(lat, 50) / 1e6);
                qp99.add(Stats.percentile(lat, 99) / 1e6);
                closeS.add(naive.close(workload)[0]);
                System.out.printf(Locale.ROOT, "    repeat %d/%d: usage p99 %.1f ms, close %.1f s%n", r + 1, repeats,
                        qp99.get(r), closeS.get(r));
            }
            results.add("naive", "usage query, partner with 1 000 customers, p50", "ms", qp50, "4 concurrent clients");
            results.add("naive", "usage query, partner with 1 000 customers, p99", "ms", qp99, "4 concurrent clients");
            results.add("naive", "close (" + workload.devices() + " devices)", "s", closeS,
                    "count(distinct) for every customer at S");
        }
        results.fact("duration", String.format(Locale.ROOT, "%.0f s", (System.nanoTime() - t0) / 1e9));
        Path out = project.resolve("bench/results");
        results.write(out);
        System.out.println();
        System.out.println(results.markdown());
        System.out.println("Written to " + out.resolve("results.md") + " and results.csv");
    }
}
