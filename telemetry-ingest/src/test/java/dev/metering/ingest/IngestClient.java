package dev.metering.ingest;

import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metering.contracts.CloudEvent;
import dev.metering.contracts.CloudEvents;
import dev.metering.contracts.Topics;
import dev.metering.contracts.customer.CustomerEvent;
import dev.metering.ingest.key.IngestKeys;
import dev.metering.testsupport.TopicClient;
import dev.metering.testsupport.Waits;
import io.restassured.RestAssured;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Test helpers: issue and revoke ingest keys the way customer-service does (events on
 * customers.events through the real broker) and post raw bodies to the running service.
 */
public final class IngestClient {

    public static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final TopicClient topics;

    public IngestClient(TopicClient topics) {
        this.topics = topics;
    }

    public record Key(String keyId, String customerId, String plaintext) {
    }

    public record Answer(int status, JsonNode body, HttpResponse<String> raw) {
        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    /** Publishes IngestKeyIssued and waits until the service honours the key. */
    public Key issueKey(String customerId) {
        return issueKey(customerId, Duration.ofSeconds(20));
    }

    /** Publishes IngestKeyIssued and waits at most {@code timeout} until the service honours the key. */
    public Key issueKey(String customerId, Duration timeout) {
        Key key = new Key("key-" + UUID.randomUUID(), customerId, "ik_" + UUID.randomUUID() + UUID.randomUUID());
        CustomerEvent.IngestKeyIssued issued = new CustomerEvent.IngestKeyIssued(customerId, "partner-1", key.keyId(),
                IngestKeys.hash(key.plaintext()), Instant.now());
        topics.produce(Topics.CUSTOMERS_EVENTS, customerId,
                CloudEvents.wrap(UUID.randomUUID().toString(), "/customer-service", issued));
        awaitStatus(key.plaintext(), 200, timeout);
        return key;
    }

    public void publishRevocation(Key key) {
        CustomerEvent.IngestKeyRevoked revoked = new CustomerEvent.IngestKeyRevoked(key.customerId(), "partner-1",
                key.keyId(), Instant.now());
        CloudEvent envelope = CloudEvents.wrap(UUID.randomUUID().toString(), "/customer-service", revoked);
        topics.produce(Topics.CUSTOMERS_EVENTS, key.customerId(), envelope);
    }

    /** Polls with an empty batch until the key gets {@code status}; returns how long it took. */
    public Duration awaitStatus(String plaintextKey, int status, Duration timeout) {
        long start = System.nanoTime();
        Waits.await("the key answering " + status).atMost(timeout).pollInterval(Duration.ofMillis(50))
                .until(() -> post(plaintextKey, "application/json", "[]").status(), equalTo(status));
        return Duration.ofNanos(System.nanoTime() - start);
    }

    public static Answer post(String key, String contentType, String body) {
        return post(key, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    public static Answer post(String key, String contentType, byte[] body) {
        return post(key, contentType, body, new String[0]);
    }

    /** With extra request headers as name, value, name, value, ... */
    public static Answer post(String key, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/heartbeats"))
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        if (key != null) {
            b.header("X-Ingest-Key", key);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            try {
                json = r.body().isEmpty() ? null : MAPPER.readTree(r.body());
            } catch (IOException notJson) {
                // left null: the caller asserts on status
            }
            return new Answer(r.statusCode(), json, r);
        } catch (IOException e) {
            throw new IllegalStateException("POST failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String baseUrl() {
        return "http://localhost:" + RestAssured.port;
    }

    /** Records of {@code topic} keyed by {@code key}, read from the beginning until {@code done} holds. */
    public List<ConsumerRecord<String, byte[]>> recordsFor(String topic, String key,
            Predicate<List<ConsumerRecord<String, byte[]>>> done, Duration timeout) {
        return topics.readUntil(topic, all -> done.test(all.stream().filter(r -> key.equals(r.key())).toList()),
                timeout).stream().filter(r -> key.equals(r.key())).toList();
    }

    public static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    public static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
