package dev.metering.ingest;

import static dev.metering.testsupport.Waits.holdsFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.testsupport.ServiceFoundationContract;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Issue #14 finding 3: hundreds of clients that upload their body slowly (one socket each on 127.0.0.1,
 * trickling a byte at a time) must not starve healthy clients: batches and {@code /q/health/ready} keep
 * answering promptly, because no worker thread waits for a slow body. The slow uploads are then aborted
 * or broken, which is the client's fault: no ERROR log line and no stack trace for them.
 */
@QuarkusTest
class SlowClientsTest {

    private static final int SLOW_CLIENTS = 300;
    private static final Duration PROMPT = Duration.ofSeconds(3);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    final IngestClient client = new IngestClient(ServiceFoundationContract.topics());

    @Test
    void hundredsOfSlowUploadsDoNotStarveHealthyRequestsAndAbortsAreNotServerErrors() throws Exception {
        IngestClient.Key key = client.issueKey("slow-" + UUID.randomUUID());
        List<LogRecord> errors = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.SEVERE.intValue() || r.getThrown() != null) {
                    errors.add(r);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        List<Socket> slow = new ArrayList<>();
        List<Duration> healthy = new ArrayList<>();
        try {
            // given 300 uploads that announce 200 KB, send 20 KB and then trickle
            String head = "POST /v1/heartbeats HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Ingest-Key: " + key.plaintext()
                    + "\r\nContent-Type: application/json\r\nContent-Length: 200000\r\n\r\n[";
            byte[] start = (head + " ".repeat(20_000)).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < SLOW_CLIENTS; i++) {
                Socket s = new Socket("127.0.0.1", RestAssured.port);
                s.getOutputStream().write(start);
                s.getOutputStream().flush();
                slow.add(s);
            }
            // when healthy clients send batches and ask for readiness while the slow ones trickle (about 8 s)
            long end = System.nanoTime() + Duration.ofSeconds(8).toNanos();
            int round = 0;
            while (System.nanoTime() < end) {
                for (Socket s : slow) {
                    trickle(s);
                }
                long t0 = System.nanoTime();
                int status = send(HttpRequest.newBuilder(URI.create(IngestClient.baseUrl() + "/v1/heartbeats"))
                        .header("X-Ingest-Key", key.plaintext()).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(batch(round++))));
                // then each answers promptly
                assertThat(status).as("a healthy batch while %d uploads trickle", SLOW_CLIENTS).isEqualTo(200);
                assertThat(send(HttpRequest.newBuilder(URI.create(IngestClient.baseUrl() + "/q/health/ready")).GET()))
                        .as("readiness while %d uploads trickle", SLOW_CLIENTS).isEqualTo(200);
                healthy.add(Duration.ofNanos(System.nanoTime() - t0));
                IngestClient.sleep(200);
            }
            // and the slow clients give up: half abort mid-body, half break the body
            for (int i = 0; i < slow.size(); i++) {
                if (i % 2 == 1) {
                    OutputStream out = slow.get(i).getOutputStream();
                    out.write("\u0000\u0000not json at all".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    slow.get(i).shutdownOutput();
                }
            }
            IngestClient.sleep(500);
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
        try {
            // the server notices the aborted connections meanwhile
            holdsFor("no ERROR for the aborted uploads", Duration.ofMillis(1500), () -> assertThat(errors)
                    .as("aborted or broken uploads are the client's fault: no ERROR, no stack trace")
                    .extracting(r -> r.getLoggerName() + ": " + r.getMessage()
                            + (r.getThrown() == null ? "" : " / " + r.getThrown()))
                    .isEmpty());
        } finally {
            root.removeHandler(capture);
        }

        assertThat(healthy).hasSizeGreaterThan(5).allSatisfy(d -> assertThat(d).isLessThan(PROMPT.multipliedBy(2)));
    }

    private static void trickle(Socket s) {
        try {
            s.getOutputStream().write(' ');
            s.getOutputStream().flush();
        } catch (IOException e) {
            // the server may close a slow connection; that is allowed
        }
    }

    private static int send(HttpRequest.Builder request) throws InterruptedException {
        try {
            return HTTP.send(request.timeout(PROMPT).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1; // timed out or refused: not prompt
        }
    }

    private static String batch(int round) {
        Instant t = Instant.now().minusSeconds(30);
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < 50; i++) {
            b.append(i == 0 ? "" : ",").append("""
                    {"kind":"device-heartbeat","eventId":"slow-%d-%d","deviceId":"d-%d","deviceKind":"SERVER",
                     "products":["SERVER_STANDARD"],"occurredAt":"%s"}""".formatted(round, i, i, t));
        }
        return b.append(']').toString();
    }
}
