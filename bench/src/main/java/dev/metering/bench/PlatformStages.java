package dev.metering.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metering.contracts.Topics;
import dev.metering.launcher.LocalPlatform;
import dev.metering.testsupport.TestTokens;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stages 2–5: the platform (started by {@link LocalPlatform}: real Kafka, real PostgreSQL, the four services as
 * processes) driven through its public APIs; set-up data goes straight to Kafka ({@link TopicFiller}).
 */
final class PlatformStages {

    static final String INGEST = "telemetry-ingest";
    static final String BILLING = "billing-service";
    static final String CUSTOMERS = "customer-service";
    static final String INGEST_PARTNER = "bench-ingest";
    static final String QUERY_PARTNER = "p-query";
    /** The close workload's largest partner: a tenth of its customers (#16: 10 000 at the design point). */
    static final String BIG_PARTNER = "close-p-0";

    private final LocalPlatform platform;
    private final Results results;
    private final int repeats;
    private final boolean quick;
    private final Workload query;
    private final Workload close;
    private final String operator = TestTokens.operator();
    private final List<String> ingestCustomers = new ArrayList<>();
    private final List<String> ingestKeys = new ArrayList<>();
    private final ScaleOutStage scaleOut;
    /** The records of the three topics billing reads when the fold stage measured (set by {@link #fold}). */
    private long foldExpected;
    private double heapBaselineBytes = Double.NaN;
    private double liveBaselineBytes = Double.NaN;

    PlatformStages(LocalPlatform platform, Results results, int repeats, boolean quick, Workload query, Workload close) {
        this.platform = platform;
        this.results = results;
        this.repeats = repeats;
        this.quick = quick;
        this.query = query;
        this.close = close;
        this.scaleOut = new ScaleOutStage(platform);
    }

    /** Partners of the close workload: one per 10 customers (10 000 at the design point). */
    int closePartners() {
        return Math.max(2, close.customers() / 10);
    }

    /** Customers of {@link #BIG_PARTNER}: a tenth of the close workload's. */
    int bigPartnerCustomers() {
        return close.customers() / 10;
    }

    /** Heap of the billing service after a full GC while it holds no data yet. */
    void heapBaseline() {
        long pid = platform.services().get(BILLING).pid();
        heapBaselineBytes = heapAfterGc(pid);
        liveBaselineBytes = liveBytes(pid);
        System.out.printf(Locale.ROOT, "    billing heap after GC, empty: %.1f MiB (live objects %.1f MiB)%n",
                heapBaselineBytes / 1048576.0, liveBaselineBytes / 1048576.0);
    }

    // ---------------------------------------------------------------- 2. ingest

    void ingest() throws Exception {
        System.out.println("[2/7] ingest: POST /v1/heartbeats, load from a separate JVM, batches of " + IngestStage.BATCH
                + ", " + IngestStage.LOAD_CONNECTIONS + " connections; Kafka's producer tool beside it");
        ingestCustomers();
        // #16: side by side with Kafka's producer tool, billing idle and billing folding (IngestStage)
        new IngestStage(platform, results, repeats, query).measure(ingestKeys.subList(0, 4),
                ingestCustomers.subList(0, 4));
    }

    /** The ingest stage's partner and 5 customers with ingest keys (customer-service's API), once ingest knows them. */
    void ingestCustomers() throws Exception {
        String customers = platform.url(CUSTOMERS);
        Http.post(customers + "/v1/partners", operator, "{\"partnerId\":\"" + INGEST_PARTNER
                + "\",\"name\":\"Bench ingest\",\"country\":\"DE\",\"distributorId\":\"dist-0\"}").expect(200, 201, 409);
        for (int i = 0; i < 5; i++) {
            JsonNode c = Http.post(customers + "/v1/customers", operator, "{\"partnerId\":\"" + INGEST_PARTNER
                    + "\",\"name\":\"Ingest " + i + "\",\"dataGeography\":\"DE\",\"billingType\":\"trial\"}")
                    .expect(200, 201).json();
            String id = c.path("id").asText(c.path("customerId").asText());
            JsonNode k = Http.post(customers + "/v1/customers/" + id + "/ingest-keys", operator, "{}").expect(200, 201)
                    .json();
            ingestCustomers.add(id);
            ingestKeys.add(k.path("key").asText());
        }
        long t0 = System.nanoTime();
        for (String key : ingestKeys) {
            while (true) {
                Http.Answer a = Http.send(HttpRequest.newBuilder(URI.create(platform.url(INGEST) + "/v1/heartbeats"))
                        .header("Content-Type", "application/json").header("X-Ingest-Key", key)
                        .POST(HttpRequest.BodyPublishers.ofString("[]")), null);
                if (a.status() != 401) {
                    break;
                }
                if (System.nanoTime() - t0 > 60_000_000_000L) {
                    throw new IllegalStateException("ingest did not learn the keys within 60 s");
                }
                Thread.sleep(50);
            }
        }
        System.out.printf(Locale.ROOT, "    5 customers with ingest keys via customer-service; ingest accepted them after %.2f s%n",
                (System.nanoTime() - t0) / 1e9);
    }

    // ---------------------------------------------------------------- 3. fold

    void fold() throws Exception {
        System.out.println("[3/7] fold: billing-service catching up on a pre-filled telemetry.heartbeats");
        long expected = fill();
        measureFold(expected);
    }

    /** For a stage run on its own ({@code --only}): the fold stage's data produced and folded, nothing measured. */
    void fillAndAwaitFolded() throws Exception {
        this.foldExpected = fill();
        long t0 = System.nanoTime();
        if (!dev.metering.launcher.simulator.ConsumerLag.awaitZero(platform.bootstrapServers(), BILLING,
                java.time.Duration.ofMinutes(30))) {
            throw new IllegalStateException("billing did not fold the workload in 30 minutes");
        }
        System.out.printf(Locale.ROOT, "    billing folded the workload in %.1f s (not measured)%n",
                (System.nanoTime() - t0) / 1e9);
    }

    /** The query and close workloads' partners, customers and heartbeats, straight to the topics; returns the records. */
    private long fill() throws Exception {
        long expected;
        try (TopicFiller filler = new TopicFiller(platform.bootstrapServers())) {
            Instant at = close.closeAt().minus(60, ChronoUnit.DAYS);
            filler.partnerWithCustomers(QUERY_PARTNER, "dist-0", query.customers(), query::customerId, at);
            // #16: partner 0 holds a tenth of the customers (10 000 at the design point), the other partners share
            // the rest in contiguous slices (about 9 each); 10 distributors
            int partners = closePartners();
            int big = bigPartnerCustomers();
            long tc = System.nanoTime();
            filler.partnerWithCustomers(BIG_PARTNER, "dist-0", big, close::customerId, at);
            int rest = close.customers() - big;
            for (int p = 1; p < partners; p++) {
                int from = big + (int) ((long) rest * (p - 1) / (partners - 1));
                int to = big + (int) ((long) rest * p / (partners - 1));
                filler.partnerWithCustomers("close-p-" + p, "dist-" + (p % 10), to - from,
                        c -> close.customerId(from + c), at);
            }
            filler.flush();
            System.out.printf(Locale.ROOT, "    produced %d partners and %d MONTHLY customers to customers.events directly"
                    + " in %.1f s%n", partners + 1, query.customers() + close.customers(), (System.nanoTime() - tc) / 1e9);
            long t0 = System.nanoTime();
            double r1 = filler.heartbeats(query, 2, (d, t) -> { });
            double r2 = filler.heartbeats(close, 2, (d, t) -> System.out.printf(Locale.ROOT,
                    "      ... %,d of %,d close heartbeats produced%n", d, t));
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "    produced %,d + %,d heartbeats to telemetry.heartbeats in %.1f s (%.0f and %.0f records/s)%n",
                    query.heartbeats(), close.heartbeats(), secs, r1, r2);
            results.fact("topic fill (TopicFiller, 2 threads, in the harness JVM)", String.format(Locale.ROOT,
                    "%,d heartbeats in %.0f s: %.0f records/s (query workload), %.0f records/s (close workload)",
                    query.heartbeats() + close.heartbeats(), secs, r1, r2));
            expected = filler.endOffsets(List.of(Topics.TELEMETRY_HEARTBEATS, Topics.CUSTOMERS_EVENTS,
                    Topics.LICENSES_EVENTS));
        }
        System.out.printf(Locale.ROOT, "    %,d records to fold (heartbeats incl. the ingest stage's, customers.events, licenses.events)%n",
                expected);
        return expected;
    }

    private void measureFold(long expected) throws Exception {
        this.foldExpected = expected;
        long heartbeats;
        try (TopicFiller filler = new TopicFiller(platform.bootstrapServers())) {
            heartbeats = filler.endOffsets(List.of(Topics.TELEMETRY_HEARTBEATS));
        }
        List<Double> rate = new ArrayList<>();
        List<Double> secs = new ArrayList<>();
        List<Double> cpuBilling = new ArrayList<>();
        List<Double> cpuHarness = new ArrayList<>();
        List<Double> steadyRate = new ArrayList<>();
        List<Double> toSteady = new ArrayList<>();
        List<Double> toolRate = new ArrayList<>();
        List<Double> decodingRate = new ArrayList<>();
        List<Double> decodingCpu = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            // the consumer baselines read the same heartbeats while billing is stopped (between its stop and the
            // truncation of its tables), each in its own JVM, nothing else consuming
            ScaleOutStage.FoldRun run = scaleOut.foldFromZero(List.of(BILLING), expected, () -> {
                KafkaLimits.ConsumerResult tool = KafkaLimits.consumerRates(platform.bootstrapServers(),
                        Topics.TELEMETRY_HEARTBEATS, heartbeats);
                KafkaLimits.DecodingResult decoding = KafkaLimits.decodingConsumer(platform.bootstrapServers(),
                        Topics.TELEMETRY_HEARTBEATS, heartbeats);
                if (decoding.invalid() != 0) {
                    throw new IllegalStateException(decoding.invalid() + " heartbeats without ce_id/ce_source/ce_type");
                }
                toolRate.add(tool.fetchRecordsPerSec());
                decodingRate.add(decoding.recordsPerSec());
                decodingCpu.add(decoding.cpuPerMillion());
                System.out.printf(Locale.ROOT, "    consumers on %s (billing stopped): perf tool %.0f rec/s (%.0f with"
                        + " the group join), decoding the CloudEvents headers %.0f rec/s (%.2f CPU s per 1 M)%n",
                        Topics.TELEMETRY_HEARTBEATS, tool.fetchRecordsPerSec(), tool.recordsPerSec(),
                        decoding.recordsPerSec(), decoding.cpuPerMillion());
                truncateBilling();
            });
            rate.add(run.recordsPerSec());
            secs.add(run.fromStart());
            cpuBilling.add(run.cpuPerMillion());
            cpuHarness.add(run.harnessCpuPerMillion());
            steadyRate.add(run.steady().recordsPerSec());
            toSteady.add(run.steady().secondsToSteady());
            System.out.printf(Locale.ROOT, "    repeat %d/%d: %.0f records/s folded (%.1f s from partitions owned to caught up;"
                    + " %.1f s from restart); CPU s per 1 M records: billing %.1f, harness JVM (Kafka broker) %.1f;"
                    + " steady %.0f records/s after %.1f s (%d windows of %.0f s)%n",
                    r + 1, repeats, run.recordsPerSec(), run.seconds(), run.fromStart(), run.cpuPerMillion(),
                    run.harnessCpuPerMillion(), run.steady().recordsPerSec(), run.steady().secondsToSteady(),
                    run.steady().windows(), run.steady().windowSeconds());
        }
        Results.Row fold = results.add("fold", "records folded by billing-service", "records/s", rate,
                String.format(Locale.ROOT, "%,d records from offset 0 (billing's tables emptied, restarted); counted"
                        + " from partitions owned to caught up", expected));
        results.add("fold", "catch-up from restart", "s", secs, "incl. JVM start");
        results.add("fold", "CPU of billing-service per 1 M records", "CPU s", cpuBilling,
                "from partitions owned to caught up (/proc/<pid>/stat)");
        results.add("fold", "CPU of the harness JVM (Kafka broker) per 1 M", "CPU s", cpuHarness, null);
        results.add("fold", "steady fold rate", "records/s", known(steadyRate), String.format(Locale.ROOT,
                "from the first of two consecutive windows (2 s; 1 s for a fold under 20 s) within 5 %% of each other"
                        + " to the last full window; %d of %d repeats got steady", known(steadyRate).size(), repeats));
        results.add("fold", "time to steady, from partitions owned", "s", known(toSteady),
                "end of the second agreeing window");
        Results.Row tool = results.add("fold", "Kafka consumer perf tool on telemetry.heartbeats", "records/s", toolRate,
                String.format(Locale.ROOT, "%,d records, fetch.nMsg.sec (from the assignment on); billing stopped",
                        heartbeats));
        Results.Row decoding = results.add("fold", "consumer decoding the CloudEvents headers", "records/s",
                decodingRate, "DecodingConsumer, own JVM: ce_specversion/id/source/type/subject and content-type to"
                        + " String, ce_time to Instant; value not parsed; from the assignment on");
        results.add("fold", "CPU of the decoding consumer per 1 M records", "CPU s", decodingCpu, "its JVM only");
        results.ratio("fold / Kafka consumer perf tool (same topic)", fold, tool, false, null);
        results.ratio("fold / decoding consumer", fold, decoding, false, "target >= 0.5");
        if (known(steadyRate).size() == repeats) {
            results.ratio("steady fold / decoding consumer", results.find("fold", "steady fold rate"), decoding, false,
                    null);
        }
    }

    /** The values that are numbers (a repeat that never got steady gives NaN). */
    private static List<Double> known(List<Double> values) {
        return values.stream().filter(v -> !v.isNaN()).toList();
    }

    private Connection billingDb() throws SQLException {
        return DriverManager.getConnection(platform.postgres().jdbcUrl(platform.database(BILLING)),
                platform.postgres().user(), platform.postgres().password());
    }

    private void truncateBilling() {
        try (Connection c = billingDb(); Statement s = c.createStatement()) {
            s.execute("truncate customer_units, billing_facts, consumer_offsets, dead_letters, period_closes,"
                    + " invoice_evidence, adjustments, invoices cascade");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot empty billing's tables", e);
        }
    }

    /**
     * The same heartbeats folded by Kafka Streams (#12 allowed it if it serves better): {@link StreamsBaseline} in
     * its own JVM, one stream thread, a RocksDB store with its changelog, from offset 0 of the same topic.
     */
    static final long STREAMS_RECORDS = 1_500_000;

    void streamsBaseline() throws Exception {
        System.out.println("[3/7] fold by Kafka Streams: the same telemetry.heartbeats into a RocksDB store (own JVM)");
        long heartbeats;
        try (TopicFiller filler = new TopicFiller(platform.bootstrapServers())) {
            heartbeats = filler.endOffsets(List.of(Topics.TELEMETRY_HEARTBEATS));
        }
        // ~35 k records/s: the first 1.5 M records give a steady rate in ~45 s a repeat (the whole topic took 200 s)
        heartbeats = Math.min(heartbeats, STREAMS_RECORDS);
        List<Double> rate = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx1g", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                    StreamsBaseline.class.getName(), platform.bootstrapServers(), Topics.TELEMETRY_HEARTBEATS,
                    Long.toString(heartbeats), Path.of(System.getProperty("java.io.tmpdir"), "bench-streams-" + r)
                            .toString()));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String result = null;
            List<String> tail = new ArrayList<>();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("RESULT ")) {
                        result = line;
                    }
                    tail.add(line);
                    if (tail.size() > 20) {
                        tail.remove(0);
                    }
                }
            }
            if (p.waitFor() != 0 || result == null) {
                throw new IllegalStateException("the Kafka Streams fold failed: " + tail);
            }
            String[] f = result.split(" ");
            rate.add(Double.parseDouble(f[1]));
            cpu.add(Double.parseDouble(f[2]));
            System.out.printf(Locale.ROOT, "    repeat %d/%d: %.0f records/s, CPU s per 1 M records %.1f (%s s)%n", r + 1,
                    repeats, rate.get(r), cpu.get(r), f[3]);
        }
        Results.Row streams = results.add("fold", "Kafka Streams fold (RocksDB store + changelog), 1 thread", "records/s",
                rate, String.format(Locale.ROOT, "the first %,d heartbeats from offset 0, own JVM; Jackson streaming decode",
                        heartbeats));
        results.add("fold", "CPU of the Kafka Streams fold per 1 M records", "CPU s", cpu, "its JVM only");
        results.ratio("fold records/s: ours / Kafka Streams", results.find("fold", "records folded by billing-service"),
                streams, false, "#12: decides whether billing moves to Kafka Streams");
    }

    // ---------------------------------------------------------------- 3b. end-to-end delay

    void visibility() throws Exception {
        System.out.println("[3/7] end-to-end: ingest acknowledgement -> visible in GET /v1/usage/customers/{id}");
        String customer = ingestCustomers.get(4);
        String key = ingestKeys.get(4);
        String token = TestTokens.partner(INGEST_PARTNER);
        int samples = quick ? 20 : 40;
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        for (int r = -1; r < repeats; r++) {
            long[] lat = new long[samples];
            for (int k = 0; k < samples; k++) {
                String device = "e2e-" + (r + 1) + "-" + k;
                String body = "[{\"kind\":\"device-heartbeat\",\"eventId\":\"" + device + "\",\"deviceId\":\"" + device
                        + "\",\"deviceKind\":\"SERVER\",\"products\":[\"SERVER_ADVANCED\"],\"occurredAt\":\""
                        + Instant.now().truncatedTo(ChronoUnit.MILLIS) + "\"}]";
                Http.Answer a = Http.send(HttpRequest.newBuilder(URI.create(platform.url(INGEST) + "/v1/heartbeats"))
                        .header("Content-Type", "application/json").header("X-Ingest-Key", key)
                        .POST(HttpRequest.BodyPublishers.ofString(body)), null).expect(200);
                long acked = System.nanoTime();
                if (!a.body().contains("\"accepted\":1")) {
                    throw new IllegalStateException("not accepted: " + a.body());
                }
                String needle = "\"device:" + device + "\"";
                while (!Http.get(platform.url(BILLING) + "/v1/usage/customers/" + customer, token).expect(200).body()
                        .contains(needle)) {
                    if (System.nanoTime() - acked > 15_000_000_000L) {
                        throw new IllegalStateException(device + " not visible after 15 s");
                    }
                    Thread.sleep(2);
                }
                lat[k] = System.nanoTime() - acked;
            }
            if (r < 0) {
                continue; // warm-up
            }
            Latencies latencies = Latencies.ofNanos(lat);
            p50.add(latencies.millisAt(50));
            p99.add(latencies.millisAt(99));
            System.out.printf(Locale.ROOT, "    repeat %d/%d: visible after p50 %.0f ms, p99 %.0f ms%n", r + 1, repeats,
                    p50.get(r), p99.get(r));
        }
        String note = samples + " single heartbeats one after another per repeat; polled every ~2 ms";
        results.add("fold", "ingest ack -> visible in real-time usage, p50", "ms", p50, note);
        results.add("fold", "ingest ack -> visible in real-time usage, p99", "ms", p99, "target < 1 000 ms");
    }

    // ---------------------------------------------------------------- 4. queries

    void queries() throws Exception {
        usageRow(QUERY_PARTNER, query.customers(), "target <= 5 ms (#16)");
        usageRow(BIG_PARTNER, bigPartnerCustomers(), "target <= 20 ms (#16)");
        portalUsage();
    }

    /** "1 000", "10 000": a customer count as the rows name it. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n).replace(',', ' ');
    }

    /**
     * {@code GET /v1/usage} (first page, 50 rows) for {@code partner}, 4 concurrent clients, after a warm-up until
     * two windows' query rates agree within 5 %.
     */
    private void usageRow(String partner, int customers, String target) throws Exception {
        String label = count(customers);
        System.out.println("[4/7] queries: GET /v1/usage for a partner with " + label + " customers, 4 concurrent clients");
        String url = platform.url(BILLING) + "/v1/usage";
        String token = TestTokens.partner(partner);
        JsonNode page = Http.get(url, token).expect(200).json();
        System.out.println("    summary: " + page.path("summary") + ", totals: " + page.path("totals"));
        int n = quick ? 200 : 600;
        int window = quick ? 100 : 200;
        WarmUp.untilSteady(results, "usage query (" + label + " customers)", window + " queries, 4 clients",
                "queries/s", () -> {
                    long t0 = System.nanoTime();
                    usageLatencies(url, token, window, 4);
                    return window / ((System.nanoTime() - t0) / 1e9);
                });
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            long[] lat = usageLatencies(url, token, n, 4);
            Latencies latencies = Latencies.ofNanos(lat);
            p50.add(latencies.millisAt(50));
            p99.add(latencies.millisAt(99));
            System.out.printf(Locale.ROOT, "    repeat %d/%d: p50 %.1f ms, p99 %.1f ms%n", r + 1, repeats, p50.get(r),
                    p99.get(r));
        }
        String note = n + " queries per repeat, 4 concurrent clients, first page (50 rows) sorted by name, HTTP round trip";
        results.add("query", "usage, partner with " + label + " customers, p50", "ms", p50, note);
        results.add("query", "usage, partner with " + label + " customers, p99", "ms", p99, target);
    }

    /**
     * The usage page through the partner portal, as a signed-in person's browser asks for it (HTML, the session
     * cookie carrying the partner's token) for a partner with 1 000 customers: the portal asks billing for one page
     * of rows (the page's default, 100) with the counters and the totals over all rows, and renders it.
     */
    void portalUsage() throws Exception {
        String url = platform.url("partner-portal") + "/usage";
        String token = TestTokens.partner(QUERY_PARTNER);
        String html = Http.page(url, token).expect(200).body();
        if (!html.contains("id=\"usage-table\"")) {
            throw new IllegalStateException("the portal did not answer the usage page: " + html);
        }
        System.out.println("[4/7] portal: GET /usage (HTML, signed in) for the partner with " + query.customers()
                + " customers, 4 concurrent clients, " + html.length() + " characters");
        int n = quick ? 100 : 300;
        WarmUp.untilSteady(results, "portal usage page", "40 pages, 4 clients", "pages/s", () -> {
            long t0 = System.nanoTime();
            latencies(() -> Http.page(url, token).expect(200), 40, 4);
            return 40 / ((System.nanoTime() - t0) / 1e9);
        });
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            Latencies latencies = Latencies.ofNanos(latencies(() -> Http.page(url, token).expect(200), n, 4));
            p50.add(latencies.millisAt(50));
            p99.add(latencies.millisAt(99));
            System.out.printf(Locale.ROOT, "    repeat %d/%d: p50 %.1f ms, p99 %.1f ms%n", r + 1, repeats, p50.get(r),
                    p99.get(r));
        }
        String note = n + " pages per repeat, 4 concurrent clients, the first page (100 of " + query.customers()
                + " rows) rendered, HTTP round trip";
        results.add("portal", "usage page (HTML, signed in), partner with 1 000 customers, p50", "ms", p50, note);
        results.add("portal", "usage page (HTML, signed in), partner with 1 000 customers, p99", "ms", p99,
                "target < 200 ms");
    }

    /** Only what the portal row needs: the query partner's customers and heartbeats, folded by billing. */
    void seedQueryPartner() throws Exception {
        System.out.println("    producing the query partner (" + query.customers() + " customers) and its heartbeats");
        try (TopicFiller filler = new TopicFiller(platform.bootstrapServers())) {
            filler.partnerWithCustomers(QUERY_PARTNER, "dist-0", query.customers(), query::customerId,
                    close.closeAt().minus(60, ChronoUnit.DAYS));
            filler.flush();
            filler.heartbeats(query, 2, (d, t) -> { });
        }
        if (!dev.metering.launcher.simulator.ConsumerLag.awaitZero(platform.bootstrapServers(), BILLING,
                java.time.Duration.ofMinutes(10))) {
            throw new IllegalStateException("billing did not fold the query partner's records in 10 minutes");
        }
    }

    private interface Call {
        void run();
    }

    private static long[] latencies(Call call, int calls, int threads) throws Exception {
        long[] lat = new long[calls];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int tt = t;
                fs.add(pool.submit(() -> {
                    for (int q = tt; q < calls; q += threads) {
                        long s = System.nanoTime();
                        call.run();
                        lat[q] = System.nanoTime() - s;
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return lat;
    }

    private long[] usageLatencies(String url, String token, int queries, int threads) throws Exception {
        return latencies(() -> Http.get(url, token).expect(200), queries, threads);
    }

    // ---------------------------------------------------------------- 5. close

    void close() throws Exception {
        YearMonth period = YearMonth.from(close.closeAt().minus(1, ChronoUnit.DAYS).atZone(ZoneOffset.UTC));
        System.out.println("[5/7] close: POST /v1/periods/" + period + "/close for " + close.devices() + " devices, "
                + close.customers() + " customers, " + closePartners() + " partners");
        List<Double> secs = new ArrayList<>();
        List<Double> own = new ArrayList<>();
        int invoices = 0;
        for (int r = 0; r < repeats; r++) {
            if (r > 0) {
                try (Connection c = billingDb(); Statement s = c.createStatement()) {
                    s.execute("truncate period_closes, invoice_evidence, adjustments, invoices cascade");
                }
            }
            long t0 = System.nanoTime();
            JsonNode o = Http.post(platform.url(BILLING) + "/v1/periods/" + period + "/close", operator, null)
                    .expect(200).json();
            secs.add((System.nanoTime() - t0) / 1e9);
            own.add(o.path("millis").asDouble() / 1000);
            invoices = o.path("issued").size();
            System.out.printf(Locale.ROOT, "    repeat %d/%d: %.2f s (billing's own figure %.2f s), %d invoices issued, %d problems%n",
                    r + 1, repeats, secs.get(r), own.get(r), invoices, o.path("problems").size());
            if (o.path("problems").size() > 0) {
                System.out.println("      first problem: " + o.path("problems").get(0));
            }
        }
        results.add("close", "close of " + close.devices() + " devices (HTTP, incl. publishing)", "s", secs,
                invoices + " invoices; " + close.customers() + " customers, " + closePartners()
                        + " partners (+ the query partner's " + query.customers() + " customers); target < 10 s");
        results.add("close", "close, billing's own figure (compute + store)", "s", own, null);

        long pid = platform.services().get(BILLING).pid();
        List<Double> heap = new ArrayList<>();
        List<Double> live = new ArrayList<>();
        List<Double> perUnitHeap = new ArrayList<>();
        List<Double> perUnit = new ArrayList<>();
        List<Double> perUnitNet = new ArrayList<>();
        long units = close.devices() + query.devices();
        long held = devicesHeld();
        List<Double> perHeld = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            double h = heapAfterGc(pid);
            double l = liveBytes(pid);
            heap.add(h / 1048576.0);
            live.add(l / 1048576.0);
            perUnitHeap.add(h / units);
            perUnit.add(l / units);
            perUnitNet.add((l - liveBaselineBytes) / units);
            perHeld.add(l / held);
        }
        System.out.printf(Locale.ROOT, "    billing heap after GC: %.1f MiB, live objects %.1f MiB (empty: %.1f / %.1f MiB)%n",
                heap.get(0), live.get(0), heapBaselineBytes / 1048576.0, liveBaselineBytes / 1048576.0);
        results.add("close", "billing heap after full GC", "MiB", heap,
                "jcmd GC.run + GC.heap_info on the billing pid (includes what was allocated between the two commands)");
        results.add("close", "billing live objects after full GC", "MiB", live,
                "jcmd GC.class_histogram (a full GC, then the bytes of every live object)");
        results.add("close", "memory per unit (heap after GC / units)", "B/unit", perUnitHeap, units
                + " units (close + query workload devices; the ingest stage's ~" + query.devices() * 4
                + " extra devices not counted)");
        results.add("close", "memory per unit (live objects after GC / units)", "B/unit", perUnit,
                "the whole service's live heap; UUID-shaped customer and device ids; target <= 32 B (#16)");
        results.add("close", "memory per unit, net of the empty service", "B/unit", perUnitNet,
                "(live - live objects of the empty service) / units");
        results.add("close", "memory per device billing holds (live objects / billing_usage_devices)", "B/unit",
                perHeld, held + " devices held, incl. the ingest stage's, which the rows above leave out of the units");
    }

    // ---------------------------------------------------------------- 6. start-up at scale (#16 item 5)

    /**
     * billing-service stopped and started again while PostgreSQL holds the snapshots of every device it folded:
     * seconds from the process start to ready (owns its partitions, snapshots loaded, backlog stored), and the
     * devices it holds after the start against before.
     */
    void startup() throws Exception {
        long before = devicesHeld();
        System.out.println("[6/7] start-up: billing-service stopped and started again with " + count(before)
                + " devices in PostgreSQL");
        List<Double> secs = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        List<Double> held = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            ScaleOutStage.Start start = scaleOut.restartToReady(BILLING);
            long after = devicesHeld();
            secs.add(start.seconds());
            cpu.add(start.cpuSeconds());
            held.add((double) after);
            System.out.printf(Locale.ROOT, "    repeat %d/%d: ready %.1f s after the process start (%.1f CPU s); %s devices"
                    + " held after, %s before%s%n", r + 1, repeats, start.seconds(), start.cpuSeconds(), count(after),
                    count(before), after == before ? "" : " -- NOT EQUAL");
        }
        results.add("startup", "billing-service start -> ready, " + count(before) + " devices in PostgreSQL", "s", secs,
                "process start -> /q/health/ready UP (partitions owned, snapshots loaded, caught up); target < 30 s");
        results.add("startup", "CPU of billing-service from start to ready", "CPU s", cpu, null);
        results.add("startup", "devices held after the start", "devices", held, "before the first stop: "
                + before + (held.stream().allMatch(h -> h == before) ? " (equal in every repeat)" : " (DIFFERENT)"));
    }

    // ---------------------------------------------------------------- 7. billing as two instances (#12)

    /**
     * Billing as two instances in one group on one database: the fold from offset 0 (aggregate records/s and CPU per
     * million, summed over both), the usage page of the 1 000-customer partner asked from one instance while half of
     * the partitions are the other's, and failover: kill -9 of one instance until the other answers completely.
     */
    void scaleOut() throws Exception {
        System.out.println("[7/7] billing as 2 instances: fold, usage across instances, failover");
        long expected;
        try (TopicFiller filler = new TopicFiller(platform.bootstrapServers())) {
            expected = filler.endOffsets(List.of(Topics.TELEMETRY_HEARTBEATS, Topics.CUSTOMERS_EVENTS,
                    Topics.LICENSES_EVENTS));
        }
        List<Double> rate = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        List<Double> share = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            ScaleOutStage.FoldRun run = scaleOut.foldFromZero(ScaleOutStage.BOTH, expected, this::truncateBilling);
            rate.add(run.recordsPerSec());
            cpu.add(run.cpuPerMillion());
            long all = run.held().stream().mapToLong(Long::longValue).sum();
            share.add(100.0 * run.held().get(0) / Math.max(1, all));
            System.out.printf(Locale.ROOT, "    repeat %d/%d: %.0f records/s folded by both (%.1f s from partitions owned);"
                    + " CPU s per 1 M records %.1f; devices held %s%n", r + 1, repeats, run.recordsPerSec(),
                    run.seconds(), run.cpuPerMillion(), run.held());
        }
        Results.Row two = results.add("scale-out", "records folded by 2 billing instances (sum)", "records/s", rate,
                String.format(Locale.ROOT, "%,d records from offset 0, both started together; %d partitions per topic",
                        expected, LocalPlatform.Options.DEFAULT_PARTITIONS));
        results.add("scale-out", "CPU of 2 billing instances per 1 M records (sum)", "CPU s", cpu, null);
        results.add("scale-out", "devices held by the first instance", "% of all", share, "its share of the partitions");
        results.ratio("fold records/s: 2 instances / 1 instance", two,
                results.find("fold", "records folded by billing-service"), false, "2 cores for everything");

        String url = platform.url(BILLING) + "/v1/usage";
        String token = TestTokens.partner(QUERY_PARTNER);
        int n = quick ? 200 : 600;
        int window = quick ? 100 : 200;
        WarmUp.untilSteady(results, "usage query across 2 instances", window + " queries, 4 clients", "queries/s",
                () -> {
                    long t0 = System.nanoTime();
                    usageLatencies(url, token, window, 4);
                    return window / ((System.nanoTime() - t0) / 1e9);
                });
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            Latencies latencies = Latencies.ofNanos(usageLatencies(url, token, n, 4));
            p50.add(latencies.millisAt(50));
            p99.add(latencies.millisAt(99));
            System.out.printf(Locale.ROOT, "    repeat %d/%d: usage across instances p50 %.1f ms, p99 %.1f ms%n", r + 1,
                    repeats, p50.get(r), p99.get(r));
        }
        String note = n + " queries per repeat, 4 clients; the partner's customers are on both instances' partitions";
        results.add("scale-out", "usage, 1 000 customers on 2 instances, p50", "ms", p50, note);
        Results.Row across = results.add("scale-out", "usage, 1 000 customers on 2 instances, p99", "ms", p99,
                "target < 20 ms");
        results.ratio("usage p99: 2 instances / 1 instance", across,
                results.find("query", "usage, partner with 1 000 customers, p99"), false, "the price of asking a peer");

        com.fasterxml.jackson.databind.JsonNode complete = Http.get(url + "?size=1", token).expect(200).json();
        List<Double> failover = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            failover.add(scaleOut.failover(BILLING, ScaleOutStage.BILLING_2, QUERY_PARTNER, complete));
            System.out.printf(Locale.ROOT, "    repeat %d/%d: kill -9 of %s -> complete answers from %s after %.1f s%n",
                    r + 1, repeats, ScaleOutStage.BILLING_2, BILLING, failover.get(r));
            scaleOut.rejoin(ScaleOutStage.BILLING_2, QUERY_PARTNER, complete);
        }
        results.add("scale-out", "failover: kill -9 of one instance -> complete answers", "s", failover,
                "usage page totals equal to before the kill; billing.consumer.session-timeout 10 s");
    }

    /** The devices billing-service's projection holds (its {@code billing_usage_devices} gauge). */
    long devicesHeld() {
        return scaleOut.devicesHeld(BILLING);
    }

    private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("^Total\\s+\\d+\\s+(\\d+)\\s*$");

    /**
     * Bytes of every live object ({@code jcmd GC.class_histogram}: it runs a full GC and sums the live objects),
     * unlike {@code GC.heap_info}, which also counts what was allocated after the collection.
     */
    static double liveBytes(long pid) {
        List<String> out = jcmd(pid, "GC.class_histogram");
        for (int i = out.size() - 1; i >= 0; i--) {
            Matcher m = HISTOGRAM_TOTAL.matcher(out.get(i).trim());
            if (m.find()) {
                return Double.parseDouble(m.group(1));
            }
        }
        throw new IllegalStateException("unexpected GC.class_histogram: " + out.subList(Math.max(0, out.size() - 3), out.size()));
    }

    /** User + system CPU seconds of a process so far ({@code /proc/<pid>/stat}, 100 ticks/s). */
    static double cpuSeconds(long pid) {
        try {
            String stat = java.nio.file.Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static final Pattern GEN = Pattern.compile(
            "(def new generation|tenured generation|PSYoungGen|ParOldGen|garbage-first heap)\\s+total \\d+K, used (\\d+)K");

    /** Bytes used after a full GC ({@code jcmd GC.run}, then {@code GC.heap_info}). */
    static double heapAfterGc(long pid) {
        jcmd(pid, "GC.run");
        List<String> out = jcmd(pid, "GC.heap_info");
        long kb = 0;
        boolean found = false;
        for (String line : out) {
            Matcher m = GEN.matcher(line);
            if (m.find()) {
                kb += Long.parseLong(m.group(2));
                found = true;
            }
        }
        if (!found) {
            throw new IllegalStateException("unexpected GC.heap_info: " + out);
        }
        return kb * 1024.0;
    }

    private static List<String> jcmd(long pid, String command) {
        try {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(pid), command).redirectErrorStream(true).start();
            List<String> lines = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            }
            p.waitFor();
            return lines;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
