package dev.metering.bench;

import dev.metering.launcher.LocalPlatform;
import dev.metering.testsupport.Postgres;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Stages 1 and 6: what the platform is compared with. Kafka's own perf tools against the platform's broker (the
 * physical limits), and the naive PostgreSQL design (a row per heartbeat, {@code count(distinct)} over 30 days)
 * against the platform's PostgreSQL server.
 */
final class Baselines {

    private final LocalPlatform platform;
    private final Results results;
    private final int repeats;
    private final boolean quick;
    private final Workload workload;
    private final int recordSize;

    Baselines(LocalPlatform platform, Results results, int repeats, boolean quick, Workload workload, int recordSize) {
        this.platform = platform;
        this.results = results;
        this.repeats = repeats;
        this.quick = quick;
        this.workload = workload;
        this.recordSize = recordSize;
    }

    /** 1. Kafka's ProducerPerformance and ConsumerPerformance, each in its own JVM. */
    void kafkaLimits() throws Exception {
        System.out.println("[1/7] Kafka's own producer and consumer perf tools");
        int perfRecords = quick ? 300_000 : 2_000_000;
        List<Double> prod = new ArrayList<>();
        List<Double> prodP99 = new ArrayList<>();
        List<Double> cons = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            String topic = "bench.perf." + r;
            BenchMain.createTopic(platform.bootstrapServers(), topic, 4);
            KafkaLimits.ProducerResult p = KafkaLimits.producer(platform.bootstrapServers(), topic, perfRecords, recordSize);
            prod.add(p.recordsPerSec());
            prodP99.add(p.p99Ms());
            cons.add(KafkaLimits.consumer(platform.bootstrapServers(), topic, perfRecords));
            System.out.printf(Locale.ROOT, "    repeat %d/%d: producer %.0f rec/s, consumer %.0f rec/s%n", r + 1,
                    repeats, p.recordsPerSec(), cons.get(r));
        }
        results.add("limits", "Kafka producer perf tool", "records/s", prod,
                perfRecords + " records of " + recordSize + " B, acks=all, linger 5 ms");
        results.add("limits", "Kafka producer perf tool p99", "ms", prodP99, null);
        results.add("limits", "Kafka consumer perf tool", "records/s", cons, null);
    }

    /** 6. The naive design: ingest by batched inserts, the usage query and the close by count(distinct). */
    void naive() throws Exception {
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
        results.add("naive", "ingest (batched JDBC inserts)", "heartbeats/s", ins,
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
            Latencies latencies = Latencies.ofNanos(naive.usageQuery(workload, partnerCustomers, quick ? 20 : 60, 4));
            qp50.add(latencies.millisAt(50));
            qp99.add(latencies.millisAt(99));
            closeS.add(naive.close(workload)[0]);
            closeDevPerS.add(workload.devices() / closeS.get(r));
            System.out.printf(Locale.ROOT, "    repeat %d/%d: usage p99 %.1f ms, close %.1f s%n", r + 1, repeats,
                    qp99.get(r), closeS.get(r));
        }
        results.add("naive", "usage query, partner with 1 000 customers, p50", "ms", qp50, "4 concurrent clients");
        results.add("naive", "usage query, partner with 1 000 customers, p99", "ms", qp99, "4 concurrent clients");
        results.add("naive", "close (" + workload.devices() + " devices)", "s", closeS,
                "count(distinct) for every customer at S");
        results.add("naive", "close throughput", "devices/s", closeDevPerS,
                workload.devices() + " devices, " + total + " rows");
    }
}
