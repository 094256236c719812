package dev.metering.bench;

import dev.metering.contracts.ProductCode;
import dev.metering.contracts.telemetry.DeviceHeartbeat;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load generator of the ingest stage, run as its own JVM (so it does not share a heap or JIT with the
 * harness): pre-serializes every batch body (1 000 heartbeats as a JSON array) of a slice of the workload, then
 * sends them over {@code connections} concurrent HTTP/1.1 connections to {@code POST /v1/heartbeats} and prints
 * {@code RESULT <heartbeats/s> <p50 ms> <p99 ms> <accepted> <requests> <failed requests>}.
 *
 * <p>Args: url connections from to batch customers devicesPerCustomer heartbeatsPerDevice closeAt seed. The
 * ingest keys come in the environment variable {@code BENCH_INGEST_KEYS} (comma-separated), never on the
 * command line; connection c uses key c mod n.
 */
public final class IngestLoad {

    private IngestLoad() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int connections = Integer.parseInt(args[1]);
        long from = Long.parseLong(args[2]);
        long to = Long.parseLong(args[3]);
        int batch = Integer.parseInt(args[4]);
        Workload w = new Workload(Integer.parseInt(args[5]), Integer.parseInt(args[6]), Integer.parseInt(args[7]),
                Instant.parse(args[8]), Long.parseLong(args[9]));
        String[] keys = System.getenv("BENCH_INGEST_KEYS").split(",");

        int batches = (int) ((to - from + batch - 1) / batch);
        byte[][] bodies = new byte[batches][];
        for (int b = 0; b < batches; b++) {
            long start = from + (long) b * batch;
            bodies[b] = body(w, start, Math.min(to, start + batch));
        }
        System.out.println("PREPARED " + batches + " bodies");

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        URI uri = URI.create(url + "/v1/heartbeats");
        long[] latencies = new long[batches];
        AtomicInteger next = new AtomicInteger();
        AtomicLong accepted = new AtomicLong();
        AtomicInteger failed = new AtomicInteger();
        Thread[] threads = new Thread[connections];
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime(); // the sending only, not the preparation
        long t0 = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            String key = keys[c % keys.length];
            threads[c] = new Thread(() -> {
                int b;
                while ((b = next.getAndIncrement()) < batches) {
                    HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                            .header("Content-Type", "application/json").header("X-Ingest-Key", key)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(bodies[b])).build();
                    long s = System.nanoTime();
                    try {
                        HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
                        latencies[b] = System.nanoTime() - s;
                        if (r.statusCode() == 200) {
                            accepted.addAndGet(acceptedOf(r.body()));
                        } else {
                            if (failed.incrementAndGet() <= 3) {
                                System.out.println("FAILED " + r.statusCode() + " " + r.body());
                            }
                        }
                    } catch (Exception e) {
                        latencies[b] = System.nanoTime() - s;
                        if (failed.incrementAndGet() <= 3) {
                            System.out.println("FAILED " + e);
                        }
                    }
                }
            }, "load-" + c);
            threads[c].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Latencies sample = Latencies.ofNanos(latencies);
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        System.out.printf(Locale.ROOT, "RESULT %.1f %.3f %.3f %d %d %d %.3f%n", accepted.get() / seconds,
                sample.millisAt(50), sample.millisAt(99), accepted.get(), batches,
                failed.get(), cpu);
    }

    static long acceptedOf(String body) {
        int i = body.indexOf("\"accepted\":");
        if (i < 0) {
            return 0;
        }
        int j = i + 11;
        while (j < body.length() && body.charAt(j) == ' ') {
            j++;
        }
        long n = 0;
        while (j < body.length() && Character.isDigit(body.charAt(j))) {
            n = n * 10 + (body.charAt(j++) - '0');
        }
        return n;
    }

    /** Heartbeats [from, to) as a JSON array of {@code device-heartbeat} items (no customerId: the key decides). */
    static byte[] body(Workload w, long from, long to) {
        StringBuilder sb = new StringBuilder((int) (to - from) * 260).append('[');
        for (long i = from; i < to; i++) {
            DeviceHeartbeat hb = w.heartbeat(i);
            if (i > from) {
                sb.append(',');
            }
            sb.append("{\"kind\":\"device-heartbeat\",\"eventId\":\"").append(hb.eventId())
                    .append("\",\"deviceId\":\"").append(hb.deviceId())
                    .append("\",\"deviceKind\":\"").append(hb.deviceKind().name()).append("\",\"products\":[");
            boolean first = true;
            for (ProductCode p : hb.products()) {
                sb.append(first ? "" : ",").append('"').append(p.name()).append('"');
                first = false;
            }
            sb.append(']');
            if (hb.userId() != null) {
                sb.append(",\"userId\":\"").append(hb.userId()).append('"');
            }
            sb.append(",\"hostname\":\"").append(hb.hostname()).append("\",\"agentVersion\":\"")
                    .append(hb.agentVersion()).append("\",\"occurredAt\":\"").append(hb.occurredAt()).append("\"}");
        }
        return sb.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }
}
