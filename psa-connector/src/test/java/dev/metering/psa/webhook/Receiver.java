package dev.metering.psa.webhook;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/** A real HTTP webhook receiver on 127.0.0.1 (JDK HttpServer) that records every request it gets. */
final class Receiver implements AutoCloseable {

    record Received(String id, String timestamp, String signature, String body, int answered) {
    }

    private final HttpServer server;
    private final List<Received> received = new ArrayList<>();
    private final Deque<Integer> answers = new ArrayDeque<>();

    /** @param answers the status of the first requests (then 204 for every further one) */
    Receiver(Integer... answers) throws IOException {
        this.answers.addAll(List.of(answers));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hooks", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            int status;
            synchronized (this) {
                status = this.answers.isEmpty() ? 204 : this.answers.poll();
                received.add(new Received(exchange.getRequestHeaders().getFirst("webhook-id"),
                        exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                        exchange.getRequestHeaders().getFirst("webhook-signature"), body, status));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    synchronized List<Received> received() {
        return List.copyOf(received);
    }

    /** The requests this receiver answered 2xx (what it processed). */
    synchronized List<Received> accepted() {
        return received.stream().filter(r -> r.answered() / 100 == 2).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    static Map<String, Object> subscription(String url, String... types) {
        return Map.of("url", url, "eventTypes", List.of(types));
    }
}
