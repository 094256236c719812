package dev.metering.ingest.heartbeat.rest;

import dev.metering.ingest.config.IngestConfig;
import dev.metering.ingest.heartbeat.BodyException;
import dev.metering.ingest.heartbeat.BodyFormat;
import dev.metering.ingest.heartbeat.BodyParser;
import dev.metering.ingest.heartbeat.HeartbeatKind;
import dev.metering.ingest.heartbeat.HeartbeatValidator;
import dev.metering.ingest.heartbeat.ItemOutcome;
import dev.metering.ingest.heartbeat.RawItem;
import dev.metering.ingest.heartbeat.messaging.HeartbeatPublisher;
import dev.metering.ingest.heartbeat.metrics.IngestMetrics;
import dev.metering.ingest.key.store.IngestKeyRegistry;
import dev.metering.platform.error.ApiException;
import dev.metering.platform.error.ErrorBody;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * {@code POST /v1/heartbeats}: devices and firewalls send telemetry, authenticated by their customer's
 * ingest key. Valid items are produced to {@code telemetry.heartbeats}; the answer is 200 only after
 * the broker acknowledged every one of them, with one result per item.
 */
@Path("/v1/heartbeats")
@Tag(name = "Telemetry ingest")
public class HeartbeatResource {

    public static final String KEY_HEADER = "X-Ingest-Key";

    private static final Logger LOG = Logger.getLogger(HeartbeatResource.class);
    private static final String EXAMPLE_ITEM = """
            {"kind": "device-heartbeat", "eventId": "9b1c6f1e-0d0e-4c55-a3c5-4f7b0d6a2e11",
             "deviceId": "D-4711", "deviceKind": "WORKSTATION", "products": ["ENDPOINT_ADVANCED", "DEVICE_ENCRYPTION"],
             "userId": "alice@example.com", "hostname": "LAPTOP-ALICE", "agentVersion": "2026.3.1",
             "occurredAt": "2026-11-21T10:15:00Z"}""";
    private static final String EXAMPLE_BATCH = """
            [{"kind": "device-heartbeat", "eventId": "e-1", "deviceId": "d-1", "deviceKind": "SERVER",
              "products": ["SERVER_ADVANCED"], "occurredAt": "2026-11-21T10:15:00Z"},
             {"kind": "firewall-heartbeat", "eventId": "e-2", "serialNumber": "C01001ABCDEF", "model": "XGS 2100",
              "firmwareVersion": "SFOS 21.0.0 GA-Build169", "subscriptions": ["EnterpriseGuard"],
              "occurredAt": "2026-11-21T03:00:00Z"},
             {"kind": "device-removed", "eventId": "e-3", "deviceId": "d-9", "reason": "UNINSTALLED",
              "occurredAt": "2026-11-21T09:00:00Z"}]""";

    private final IngestKeyRegistry keys;
    private final BodyParser parser;
    private final HeartbeatValidator validator;
    private final HeartbeatPublisher publisher;
    private final IngestMetrics metrics;
    private final IngestConfig config;

    public HeartbeatResource(IngestKeyRegistry keys, BodyParser parser, HeartbeatValidator validator,
            HeartbeatPublisher publisher, IngestMetrics metrics, IngestConfig config) {
        this.keys = keys;
        this.parser = parser;
        this.validator = validator;
        this.publisher = publisher;
        this.metrics = metrics;
        this.config = config;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Ingest heartbeats", description = """
            One item, a JSON array of items, NDJSON (one item per line), one structured CloudEvent or a \
            CloudEvents batch. An item is a JSON object with "kind" (device-heartbeat, firewall-heartbeat, \
            device-removed) and the fields of that kind; customerId is optional and must equal the key's \
            customer. Answers 200 only when Kafka acknowledged every accepted item; re-sending a batch is \
            safe (same eventIds). See telemetry-ingest/README.md for fields, limits and reasons.""")
    @RequestBody(required = true, content = {
            @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.ARRAY,
                    implementation = Object.class), examples = {
                            @ExampleObject(name = "one item", value = EXAMPLE_ITEM),
                            @ExampleObject(name = "batch", value = EXAMPLE_BATCH) }),
            @Content(mediaType = "application/x-ndjson", schema = @Schema(type = SchemaType.STRING)),
            @Content(mediaType = "application/cloudevents+json", schema = @Schema(type = SchemaType.OBJECT)),
            @Content(mediaType = "application/cloudevents-batch+json", schema = @Schema(type = SchemaType.ARRAY)) })
    @APIResponse(responseCode = "200", description = "processed; every accepted item is durable in Kafka. `results` "
            + "has one entry per item, except with `Prefer: return=minimal` or for a batch of more than 100 items "
            + "without `Prefer: return=representation`: then it lists only the rejected items and the answer carries "
            + "`Preference-Applied: return=minimal`",
            content = @Content(schema = @Schema(implementation = IngestResponse.class)))
    @APIResponse(responseCode = "400", description = "malformed-json: the body as a whole is not readable",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "401", description = "invalid-ingest-key: missing, unknown or revoked key",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "413", description = "payload-too-large or too-many-items",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "415", description = "unsupported-media-type",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "503", description = "broker-unavailable: not every item was acknowledged by Kafka; some "
            + "may already be stored and counted, so send the whole request again after Retry-After (harmless: same "
            + "eventIds, counting is idempotent)",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Uni<RestResponse<IngestResponse>> ingest(
            @Parameter(description = "the customer's ingest key (never logged)") @HeaderParam(KEY_HEADER) String key,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @Parameter(description = "RFC 7240; `return=minimal` lists only the rejected items in `results` "
                    + "(the counts stay; the answer then carries `Preference-Applied: return=minimal`), the default "
                    + "for a batch of more than 100 items; `return=representation` asks for one result per item")
            @HeaderParam(Prefer.HEADER) List<String> prefer,
            byte[] body) {
        // On the event loop: the body has been read without any worker thread (quarkus.rest.input-buffer-size
        // holds the largest allowed body), so a slow upload costs a socket and its bytes, never a worker.
        // Only the cheap checks run here; parsing, validating and queueing the sends run on a worker.
        Instant receivedAt = Instant.now();
        String customerId = keys.customerFor(key).orElseThrow(() -> new ApiException(401, "invalid-ingest-key",
                "the " + KEY_HEADER + " header is missing, unknown or revoked"));
        BodyFormat format = BodyFormat.of(contentType);
        if (format == null) {
            throw new ApiException(415, "unsupported-media-type", "send application/json, application/x-ndjson, "
                    + "application/cloudevents+json or application/cloudevents-batch+json");
        }
        byte[] bytes = body == null ? new byte[0] : body;
        if (bytes.length > config.http().maxBodyBytes()) {
            throw BodyLimitFilter.tooLarge(config.http().maxBodyBytes());
        }
        Prefer.Return asked = Prefer.returnPreference(prefer);
        return Uni.createFrom().item(() -> prepare(customerId, format, bytes, receivedAt, asked))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(prepared -> publish(customerId, prepared));
    }

    /** A parsed and validated request: its answer and the records to acknowledge before giving it. */
    private record Prepared(RestResponse<IngestResponse> response, List<ProducerRecord<String, byte[]>> records) {
    }

    private Prepared prepare(String customerId, BodyFormat format, byte[] bytes, Instant receivedAt,
            Prefer.Return asked) {
        List<RawItem> items;
        try {
            items = parser.parse(bytes, format);
        } catch (BodyException e) {
            throw new ApiException(e.status(), e.code(), e.getMessage());
        }
        // a large batch is answered compactly unless the client asks for every result (README, "Answers")
        boolean minimal = asked == Prefer.Return.MINIMAL || (asked == Prefer.Return.UNSPECIFIED
                && items.size() > config.http().fullAnswerMaxItems());
        List<IngestResponse.ItemResult> results = new ArrayList<>(minimal ? 16 : items.size());
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(items.size());
        int[] acceptedByKind = new int[HeartbeatKind.values().length]; // metered once per request, not per item
        int accepted = 0;
        for (int i = 0; i < items.size(); i++) {
            RawItem item = items.get(i);
            if (item.rejectReason() != null) {
                metrics.rejected(IngestMetrics.HTTP, null, item.rejectReason());
                results.add(new IngestResponse.ItemResult(i, null, "rejected", item.rejectReason()));
                continue;
            }
            ItemOutcome outcome = validator.validate(item.node(), customerId, receivedAt);
            if (outcome instanceof ItemOutcome.Accepted a) {
                records.add(HeartbeatPublisher.heartbeatRecord(a.event()));
                if (!minimal) {
                    results.add(new IngestResponse.ItemResult(i, a.eventId(), "accepted", null));
                }
                acceptedByKind[a.kind().ordinal()]++;
                accepted++;
            } else if (outcome instanceof ItemOutcome.Rejected r) {
                metrics.item(IngestMetrics.HTTP, outcome);
                results.add(new IngestResponse.ItemResult(i, r.eventId(), "rejected", r.reason()));
            }
        }
        for (HeartbeatKind kind : HeartbeatKind.values()) {
            metrics.accepted(IngestMetrics.HTTP, kind, acceptedByKind[kind.ordinal()]);
        }
        metrics.batchSize(IngestMetrics.HTTP, items.size());
        return new Prepared(answer(new IngestResponse(accepted, items.size() - accepted, results), minimal), records);
    }

    private Uni<RestResponse<IngestResponse>> publish(String customerId, Prepared prepared) {
        List<ProducerRecord<String, byte[]>> records = prepared.records();
        if (records.isEmpty()) {
            return Uni.createFrom().item(prepared.response());
        }
        Timer.Sample sample = Timer.start();
        int sent = records.size();
        return Uni.createFrom().completionStage(() -> publisher.sendAll(records))
                .ifNoItem().after(config.http().ackTimeout()).fail()
                // callbacks complete on the producer's I/O thread: answer from a worker, never from there
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(ignored -> {
                    sample.stop(metrics.produceLatency(IngestMetrics.HTTP));
                    return prepared.response();
                })
                .onFailure().transform(e -> {
                    metrics.produceFailed(IngestMetrics.HTTP);
                    LOG.warnf("%d heartbeats of customer %s not acknowledged by Kafka: %s", sent, customerId,
                            e.toString());
                    return new ApiException(503, "broker-unavailable",
                            "the heartbeats could not all be stored durably; send the whole request again");
                });
    }

    private static RestResponse<IngestResponse> answer(IngestResponse response, boolean minimal) {
        RestResponse.ResponseBuilder<IngestResponse> ok = RestResponse.ResponseBuilder.ok(response);
        if (minimal) {
            ok.header(Prefer.APPLIED_HEADER, Prefer.RETURN_MINIMAL);
        }
        return ok.build();
    }
}
