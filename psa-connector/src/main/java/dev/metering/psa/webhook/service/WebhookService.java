package dev.metering.psa.webhook.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metering.contracts.Json;
import dev.metering.contracts.billing.BillingEvent;
import dev.metering.contracts.billing.BillingEvent.AdjustmentIssued;
import dev.metering.contracts.billing.BillingEvent.InvoiceIssued;
import dev.metering.platform.error.ApiException;
import dev.metering.psa.config.PsaConfig;
import dev.metering.psa.secret.service.SecretCipher;
import dev.metering.psa.webhook.RetrySchedule;
import dev.metering.psa.webhook.WebhookEventTypes;
import dev.metering.psa.webhook.WebhookSignature;
import dev.metering.psa.webhook.store.WebhookStore;
import dev.metering.psa.webhook.store.WebhookStore.Delivery;
import dev.metering.psa.webhook.store.WebhookStore.Endpoint;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Webhooks for partners and distributors: subscriptions, one delivery per endpoint and event (keyed by the
 * billing document's own id, so a redelivered record is sent once logically), Standard Webhooks signatures,
 * retries with back-off for up to the configured max age (3 days), and replay.
 */
@ApplicationScoped
public class WebhookService {

    public static final String PARTNER = "PARTNER";
    public static final String DISTRIBUTOR = "DISTRIBUTOR";
    private static final Logger LOG = Logger.getLogger(WebhookService.class);
    private static final ObjectMapper JSON = Json.mapper();

    public record Owner(String kind, String id) {
    }

    public record CreatedEndpoint(Endpoint endpoint, String secret) {
    }

    private final WebhookStore store;
    private final SecretCipher cipher;
    private final PsaConfig.Webhooks config;
    private final RetrySchedule schedule;
    private final HttpClient http;

    public WebhookService(WebhookStore store, SecretCipher cipher, PsaConfig config) {
        this.store = store;
        this.cipher = cipher;
        this.config = config.webhooks();
        this.schedule = new RetrySchedule(List.copyOf(this.config.retrySchedule()), this.config.maxAge());
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public CreatedEndpoint create(Owner owner, String url, List<String> eventTypes) {
        URI uri = checkUrl(url);
        if (eventTypes == null || eventTypes.isEmpty()) {
            throw ApiException.invalidField("eventTypes", "must name at least one of " + WebhookEventTypes.ALL,
                    "eventTypes must name at least one event type");
        }
        List<String> types = new ArrayList<>();
        for (String t : eventTypes) {
            if (!WebhookEventTypes.ALL.contains(t)) {
                throw ApiException.invalidField("eventTypes", "must be one of " + WebhookEventTypes.ALL,
                        "unknown event type " + t);
            }
            if (!types.contains(t)) {
                types.add(t);
            }
        }
        UUID id = UUID.randomUUID();
        String secret = WebhookSignature.newSecret();
        Endpoint e = new Endpoint(id, owner.kind(), owner.id(), uri.toString(), types,
                cipher.encrypt(secret, id.toString()), true, Instant.now());
        store.insertEndpoint(e);
        return new CreatedEndpoint(e, secret);
    }

    URI checkUrl(String url) {
        URI uri;
        try {
            uri = url == null ? null : URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw ApiException.invalidField("url", "must be an absolute https URL", "url is not an absolute URL");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        boolean loopbackHttp = scheme.equals("http") && config.allowLoopbackHttp() && "127.0.0.1".equals(uri.getHost());
        if (!scheme.equals("https") && !loopbackHttp) {
            throw ApiException.invalidField("url", "must use https", "webhook endpoints must use https");
        }
        if (!loopbackHttp && internal(uri.getHost())) {
            // the platform must not be usable to probe its own network
            throw ApiException.invalidField("url", "must be a public address", "webhook endpoints must not point"
                    + " at loopback, private or link-local addresses");
        }
        return uri;
    }

    private static boolean internal(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                        || a.isMulticastAddress() || (a.getAddress().length == 16 && (a.getAddress()[0] & 0xfe) == 0xfc)) {
                    return true;
                }
            }
            return false;
        } catch (UnknownHostException e) {
            return false; // not resolvable now: deliveries will fail and be retried, nothing internal is reached
        }
    }

    /** Queues the document for every subscribed endpoint of its partner and of its distributor. */
    public int enqueue(BillingEvent event) {
        String type;
        String documentId;
        if (event instanceof InvoiceIssued i) {
            type = WebhookEventTypes.INVOICE_ISSUED;
            documentId = i.invoiceId();
        } else if (event instanceof AdjustmentIssued a) {
            type = WebhookEventTypes.ADJUSTMENT_ISSUED;
            documentId = a.adjustmentId();
        } else {
            return 0;
        }
        return enqueue(type, type + ":" + documentId, event.partnerId(), event.distributorId(), event,
                event.occurredAt());
    }

    /**
     * Queues one logical event ({@code eventKey}: the same key is delivered once per endpoint however often it is
     * queued) for every endpoint subscribed to {@code type} of the partner and, when not null, of the distributor.
     */
    public int enqueue(String type, String eventKey, String partnerId, String distributorId, Object data,
            Instant occurredAt) {
        ObjectNode body = JSON.createObjectNode();
        body.put("type", type);
        body.put("timestamp", occurredAt == null ? Instant.now().toString() : occurredAt.toString());
        body.set("data", JSON.valueToTree(data));
        String payload;
        try {
            payload = JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        int queued = 0;
        for (Endpoint e : store.subscribers(type, partnerId, distributorId)) {
            String messageId = "msg_" + UUID.nameUUIDFromBytes((e.id() + "|" + eventKey)
                    .getBytes(StandardCharsets.UTF_8)).toString().replace("-", "");
            if (store.enqueue(messageId, e.id(), eventKey, type, payload)) {
                queued++;
            }
        }
        return queued;
    }

    /** Sends every due delivery once; failures are rescheduled by the retry schedule. */
    public int deliverDue() {
        List<Delivery> due = new ArrayList<>(store.claimDue(config.batchSize(), config.requestTimeout()
                .multipliedBy(3)));
        // oldest first ("update ... returning" has no order); the lease moved next_attempt_at, created_at did not
        due.sort(java.util.Comparator.comparing(Delivery::createdAt).thenComparing(Delivery::id));
        for (Delivery d : due) {
            attempt(d);
        }
        return due.size();
    }

    private void attempt(Delivery d) {
        Endpoint e = store.endpoint(d.endpointId()).orElse(null);
        if (e == null || !e.enabled()) {
            store.failed(d.id(), d.attempts(), null, "endpoint disabled or removed", null);
            return;
        }
        int attempt = d.attempts() + 1;
        long timestamp = Instant.now().getEpochSecond();
        String secret = cipher.decrypt(e.secretEnc(), e.id().toString());
        HttpRequest request = HttpRequest.newBuilder(URI.create(e.url())).timeout(config.requestTimeout())
                .header("Content-Type", "application/json").header("webhook-id", d.id())
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", WebhookSignature.sign(secret, d.id(), timestamp, d.payload()))
                .POST(HttpRequest.BodyPublishers.ofString(d.payload(), StandardCharsets.UTF_8)).build();
        long t0 = System.nanoTime();
        Integer status = null;
        String error = null;
        try {
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status / 100 != 2) {
                error = "receiver answered HTTP " + status;
            }
        } catch (IOException ex) {
            error = "not delivered: " + ex.getClass().getSimpleName() + (ex.getMessage() == null ? ""
                    : " " + ex.getMessage());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        store.recordAttempt(d.id(), attempt, status, error, ms);
        if (error == null) {
            store.delivered(d.id(), attempt, status);
            return;
        }
        Instant next = schedule.nextAttempt(attempt, d.retryFrom(), Instant.now());
        store.failed(d.id(), attempt, status, error, next);
        LOG.infof("webhook %s to endpoint %s attempt %d failed (%s); %s", d.id(), e.id(), attempt, error,
                next == null ? "giving up" : "next at " + next);
    }

    public List<Endpoint> endpoints(Owner owner) {
        return store.endpointsOf(owner.kind(), owner.id());
    }

    public Endpoint endpoint(Owner owner, UUID id) {
        return store.endpoint(id, owner.kind(), owner.id()).orElseThrow(() -> ApiException.notFound("webhook endpoint"));
    }

    public void delete(Owner owner, UUID id) {
        if (!store.deleteEndpoint(id, owner.kind(), owner.id())) {
            throw ApiException.notFound("webhook endpoint");
        }
    }

    public List<Delivery> deliveries(Owner owner, UUID endpointId) {
        endpoint(owner, endpointId);
        return store.deliveriesOf(endpointId, 200);
    }

    public List<WebhookStore.Attempt> attempts(String deliveryId) {
        return store.attempts(deliveryId);
    }

    public Delivery replay(Owner owner, UUID endpointId, String deliveryId) {
        endpoint(owner, endpointId);
        store.delivery(endpointId, deliveryId).orElseThrow(() -> ApiException.notFound("delivery"));
        store.replay(deliveryId);
        return store.delivery(endpointId, deliveryId).orElseThrow();
    }
}
