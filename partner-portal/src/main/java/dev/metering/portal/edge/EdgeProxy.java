package dev.metering.portal.edge;

import dev.metering.portal.config.PortalConfig;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The edge: {@code /partner/v1/**} and {@code /v1/**} forwarded to the owning service ({@link EdgeRoutes}),
 * so partner tooling needs one base URL. Method, path, query, body and every end-to-end header (Authorization,
 * X-Partner-ID, If-Match, ...) go through unchanged, and the answer (status, headers, body) comes back
 * unchanged; bodies stream both ways. The edge adds no credentials of its own.
 */
@ApplicationScoped
public class EdgeProxy {

    private static final Logger LOG = Logger.getLogger(EdgeProxy.class);
    /** Hop-by-hop headers (RFC 9110 7.6.1) and Host are not forwarded. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host");

    private final Map<EdgeRoutes.Owner, URI> targets = new EnumMap<>(EdgeRoutes.Owner.class);
    private final Vertx vertx;
    private HttpClient client;

    public EdgeProxy(PortalConfig config, Vertx vertx) {
        this.vertx = vertx;
        targets.put(EdgeRoutes.Owner.CUSTOMER, URI.create(config.services().customer()));
        targets.put(EdgeRoutes.Owner.LICENSE, URI.create(config.services().license()));
        targets.put(EdgeRoutes.Owner.BILLING, URI.create(config.services().billing()));
        targets.put(EdgeRoutes.Owner.INGEST, URI.create(config.services().ingest()));
        targets.put(EdgeRoutes.Owner.PSA, URI.create(config.services().psa()));
    }

    void routes(@Observes Router router) {
        client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(2000).setIdleTimeout(60)
                .setMaxPoolSize(64).setKeepAlive(true));
        router.routeWithRegex("^/(partner/)?v1(/.*)?$").order(-100).handler(this::forward);
    }

    private void forward(RoutingContext ctx) {
        HttpServerRequest in = ctx.request();
        var owner = EdgeRoutes.owner(in.path());
        if (owner.isEmpty()) {
            error(ctx, 404, "Not Found", "not-found", "no service serves " + in.path());
            return;
        }
        URI target = targets.get(owner.get());
        in.pause();
        RequestOptions options = new RequestOptions().setMethod(in.method()).setHost(target.getHost())
                .setPort(target.getPort() > 0 ? target.getPort() : 80).setURI(in.uri()).setTimeout(120_000);
        copy(in.headers(), options.getHeaders() == null ? setHeaders(options) : options.getHeaders());
        options.getHeaders().set("X-Forwarded-Host", in.authority() == null ? "" : in.authority().toString());
        client.request(options).onFailure(e -> unavailable(ctx, owner.get(), e)).onSuccess(out -> {
            out.send(in).onFailure(e -> unavailable(ctx, owner.get(), e)).onSuccess(answer -> {
                HttpServerResponse response = ctx.response();
                response.setStatusCode(answer.statusCode());
                response.setStatusMessage(answer.statusMessage());
                copy(answer.headers(), response.headers());
                if (answer.getHeader(HttpHeaders.CONTENT_LENGTH) == null) {
                    response.setChunked(true);
                }
                answer.pipeTo(response);
            });
        });
    }

    private static MultiMap setHeaders(RequestOptions options) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        options.setHeaders(headers);
        return headers;
    }

    private static void copy(MultiMap from, MultiMap to) {
        from.forEach(h -> {
            if (!HOP_BY_HOP.contains(h.getKey().toLowerCase(java.util.Locale.ROOT))) {
                to.add(h.getKey(), h.getValue());
            }
        });
    }

    private void unavailable(RoutingContext ctx, EdgeRoutes.Owner owner, Throwable e) {
        LOG.warnf("edge: %s unreachable: %s", owner, e.getMessage());
        if (!ctx.response().headWritten()) {
            ctx.response().putHeader("Retry-After", "5");
            error(ctx, 503, "Service Unavailable", "unavailable", owner.name().toLowerCase(java.util.Locale.ROOT)
                    + " service is not reachable; retry later");
        } else {
            ctx.response().reset();
        }
    }

    /** The platform's one error body (docs/errors.md). */
    private static void error(RoutingContext ctx, int status, String error, String code, String message) {
        String requestId = UUID.randomUUID().toString();
        String correlation = ctx.request().getHeader("X-Correlation-ID");
        JsonObject body = new JsonObject().put("error", error).put("message", message)
                .put("correlationId", correlation == null ? requestId : correlation).put("code", code)
                .put("createdAt", Instant.now().toString()).put("requestId", requestId)
                .put("docUrl", "https://metering.dev/docs/errors#" + code);
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(body.encode());
    }
}
