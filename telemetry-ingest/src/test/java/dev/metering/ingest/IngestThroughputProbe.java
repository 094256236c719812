package dev.metering.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.testsupport.ServiceFoundationContract;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A rough throughput probe (not a benchmark: client, service and broker share the machine's cores).
 * Run with {@code -Dperf.probe=true -Dtest=IngestThroughputProbe}; prints heartbeats/s for 1000-item batches.
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "perf.probe", matches = "true")
class IngestThroughputProbe {

    @Test
    void batchesOf1000() throws Exception {
        IngestClient client = new IngestClient(ServiceFoundationContract.topics());
        IngestClient.Key key = client.issueKey("perf-cust");
        int threads = Integer.getInteger("perf.clients", 4);
        Duration run = Duration.ofSeconds(Long.getLong("perf.seconds", 20));
        List<byte[]> bodies = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < 1000; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(HeartbeatIngestTest.device("p-" + t + "-" + i, Instant.now().minusSeconds(60))
                        .replace("\n", ""));
            }
            bodies.add(sb.append(']').toString().getBytes(StandardCharsets.UTF_8));
        }
        System.out.printf("[perf] body of 1000 items: %d bytes%n", bodies.get(0).length);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicLong items = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long warmupEnd = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        long end = warmupEnd + run.toNanos();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            byte[] body = bodies.get(t);
            futures.add(pool.submit(() -> {
                HttpRequest req = HttpRequest.newBuilder(URI.create(IngestClient.baseUrl() + "/v1/heartbeats"))
                        .header("X-Ingest-Key", key.plaintext()).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                while (System.nanoTime() < end) {
                    HttpResponse<Void> r = http.send(req, HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() != 200) {
                        failures.incrementAndGet();
                    } else if (System.nanoTime() > warmupEnd) {
                        items.addAndGet(1000);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        System.out.printf("[perf] %d clients: %.0f heartbeats/s acknowledged (%d failures)%n", threads,
                items.get() / (double) run.toSeconds(), failures.get());
        assertThat(failures.get()).isZero();
    }
}
