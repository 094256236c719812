package dev.metering.billing.cluster.service;

import dev.metering.billing.config.BillingConfig;
import dev.metering.platform.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Calls to the other billing instances (the owners of other partitions), at the URLs they advertised in the
 * consumer group. The JDK's HTTP client: a few internal calls per request, no extra dependency.
 */
@ApplicationScoped
public class Peers {

    public static final String SECRET_HEADER = "X-Billing-Cluster-Secret";

    private final BillingConfig config;
    private final HttpClient http;

    public Peers(BillingConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.cluster().peerTimeout())
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    /** A response of a peer: status, body, content type and entity tag (null when it sent none). */
    public record Answer(int status, byte[] body, String contentType, String etag) {
    }

    public CompletableFuture<Answer> get(String baseUrl, String pathAndQuery, Map<String, String> headers) {
        return send(baseUrl, pathAndQuery, headers, HttpRequest.BodyPublishers.noBody(), "GET");
    }

    public CompletableFuture<Answer> post(String baseUrl, String pathAndQuery, Map<String, String> headers,
            byte[] json) {
        return send(baseUrl, pathAndQuery, headers, HttpRequest.BodyPublishers.ofByteArray(json), "POST");
    }

    private CompletableFuture<Answer> send(String baseUrl, String pathAndQuery, Map<String, String> headers,
            HttpRequest.BodyPublisher body, String method) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .timeout(config.cluster().peerTimeout()).method(method, body);
        if (method.equals("POST")) {
            b.header("Content-Type", "application/json");
        }
        headers.forEach((k, v) -> {
            if (v != null) {
                b.header(k, v);
            }
        });
        return http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofByteArray()).thenApply(r -> new Answer(
                r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse("application/json"),
                r.headers().firstValue("ETag").orElse(null)));
    }

    /** The header that lets an instance call another's internal close endpoint, or a 503 when none is set. */
    public Map<String, String> secretHeader() {
        String secret = config.cluster().secret().orElseThrow(() -> new ApiException(503, "cluster-secret-missing",
                "billing.cluster.secret is not set: instances cannot ask each other for their partitions' lines"));
        return Map.of(SECRET_HEADER, secret);
    }

    /** Whether a request carries this cluster's secret (constant-time comparison). */
    public boolean trusted(String presented) {
        String secret = config.cluster().secret().orElse(null);
        return secret != null && presented != null && java.security.MessageDigest.isEqual(
                secret.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                presented.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Waits (until {@code deadlineNanos}) for a peer's answer and reads it as {@code type}. A peer refusing the
     * caller's token passes the refusal on; anything else that is not a 200 (or no answer) is a 503 to retry.
     */
    public static <T> T await(String url, CompletableFuture<Answer> call, long deadlineNanos, Class<T> type) {
        return read(url, awaitAnswer(url, call, deadlineNanos, false), type);
    }

    /** {@link #await}'s wait and checks, returning the answer itself; a 304 passes when {@code notModifiedOk}. */
    public static Answer awaitAnswer(String url, CompletableFuture<Answer> call, long deadlineNanos,
            boolean notModifiedOk) {
        try {
            Answer a = call.get(Math.max(1, deadlineNanos - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
            if (a.status() == 401 || a.status() == 403) {
                throw new ApiException(a.status(), "peer-refused", "another billing instance refused the caller");
            }
            if (a.status() != 200 && !(notModifiedOk && a.status() == 304)) {
                throw unavailable("partition-owner-unavailable", "the owner of some partitions (" + url
                        + ") answered " + a.status() + "; retry");
            }
            return a;
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            call.cancel(true);
            throw unavailable("partition-owner-unavailable", "the owner of some partitions (" + url
                    + ") did not answer; retry");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("partition-owner-unavailable", "interrupted; retry");
        }
    }

    /** A peer's 200 answer read as {@code type}; a 503 to retry when it does not parse. */
    public static <T> T read(String url, Answer a, Class<T> type) {
        try {
            return dev.metering.contracts.Json.mapper().readValue(a.body(), type);
        } catch (java.io.IOException e) {
            throw unavailable("partition-owner-unavailable", "the answer of " + url + " did not parse; retry");
        }
    }

    /** A 503 telling the client to retry: a partition has no settled owner or an owner did not answer. */
    public static ApiException unavailable(String code, String message) {
        return new ApiException(503, code, message);
    }
}
