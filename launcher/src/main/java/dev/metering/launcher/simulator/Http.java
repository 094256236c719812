package dev.metering.launcher.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metering.contracts.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * The simulator's only way into the platform: plain HTTP calls to the services' public REST APIs with
 * bearer tokens (or an ingest key), JSON in and out.
 */
public final class Http {

    public static final ObjectMapper JSON = Json.mapper();

    private final HttpClient client;

    public Http(int threads) {
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(threads, r -> {
                    Thread t = new Thread(r, "simulator-http");
                    t.setDaemon(true);
                    return t;
                })).build();
    }

    /** An answer: status and body (JSON or null). */
    public record Answer(int status, JsonNode body, String raw) {

        public String code() {
            return body == null || body.get("code") == null ? "" : body.get("code").asText();
        }
    }

    /** A call answered with a status the caller did not expect. */
    public static final class CallFailed extends RuntimeException {
        private final Answer answer;

        CallFailed(String what, Answer answer) {
            super(what + " answered " + answer.status() + ": " + abbreviate(answer.raw()));
            this.answer = answer;
        }

        public Answer answer() {
            return answer;
        }
    }

    public Answer call(String method, String url, String token, Object body) {
        return call(method, url, token == null ? null : "Bearer " + token, null, body, "application/json");
    }

    /** One call; {@code authorization} and {@code ingestKey} are optional headers. */
    public Answer call(String method, String url, String authorization, String ingestKey, Object body,
            String contentType) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                    .header("Accept", "application/json");
            if (authorization != null) {
                b.header("Authorization", authorization);
            }
            if (ingestKey != null) {
                b.header("X-Ingest-Key", ingestKey);
            }
            if (body == null) {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                byte[] bytes = body instanceof byte[] raw ? raw : JSON.writeValueAsBytes(body);
                b.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
            }
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            if (r.body() != null && !r.body().isBlank()) {
                try {
                    json = JSON.readTree(r.body());
                } catch (JsonProcessingException e) {
                    json = null;
                }
            }
            return new Answer(r.statusCode(), json, r.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + url + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A call that must answer one of {@code ok}; anything else fails with the answer. */
    public JsonNode expect(String method, String url, String token, Object body, Integer... ok) {
        Answer a = call(method, url, token, body);
        if (!Set.of(ok).contains(a.status())) {
            throw new CallFailed(method + " " + url, a);
        }
        return a.body();
    }

    /**
     * Like {@link #expect}, but while the answer is one of {@code notYet} (a service that has not yet
     * consumed the event it needs, e.g. license-service learning a new customer from customers.events)
     * it retries for up to {@code timeout}.
     */
    public JsonNode eventually(String method, String url, String token, Object body, Set<Integer> notYet,
            Duration timeout, Integer... ok) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Answer a = call(method, url, token, body);
            if (Set.of(ok).contains(a.status())) {
                return a.body();
            }
            if (!notYet.contains(a.status()) || System.nanoTime() > deadline) {
                throw new CallFailed(method + " " + url, a);
            }
            sleep(100);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        return s.length() > 400 ? s.substring(0, 400) + "..." : s;
    }
}
