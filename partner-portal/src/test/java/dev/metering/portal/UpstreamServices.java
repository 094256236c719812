package dev.metering.portal;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Four small HTTP servers standing in for the services' ports, each answering with what it received (method,
 * URI, headers, body) so the edge's forwarding can be checked byte for byte. The real services are exercised
 * by the launcher's browser test.
 */
public class UpstreamServices implements QuarkusTestResourceLifecycleManager {

    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        Map<String, String> config = new HashMap<>();
        for (String name : List.of("customer", "license", "billing", "ingest", "psa")) {
            HttpServer server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
                JsonObject headers = new JsonObject();
                req.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
                JsonObject echo = new JsonObject().put("service", name).put("method", req.method().name())
                        .put("uri", req.uri()).put("headers", headers).put("body", body.toString());
                int status = req.getHeader("X-Answer-Status") == null ? 200
                        : Integer.parseInt(req.getHeader("X-Answer-Status"));
                req.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                        .putHeader("ETag", "\"7\"").end(echo.encode());
            }));
            try {
                server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            config.put("metering.portal.services." + name, "http://127.0.0.1:" + server.actualPort());
        }
        return config;
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }
}
