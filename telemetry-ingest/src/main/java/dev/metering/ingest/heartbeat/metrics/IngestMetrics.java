package dev.metering.ingest.heartbeat.metrics;

import dev.metering.ingest.heartbeat.HeartbeatKind;
import dev.metering.ingest.heartbeat.ItemOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Meters of the ingest path. {@code ingest_items_total{source,outcome,kind,reason}} counts every item
 * (reasons form a closed set, so the tag stays bounded); {@code ingest_batch_items} is the
 * distribution of items per request/poll; {@code ingest_produce_latency} times a batch from the first
 * send to the last acknowledgement; {@code ingest_produce_failures_total} counts batches Kafka did not
 * acknowledge.
 */
@ApplicationScoped
public class IngestMetrics {

    public static final String HTTP = "http";
    public static final String KAFKA = "kafka";

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, DistributionSummary> batchSizes = new ConcurrentHashMap<>();
    private final Map<String, Timer> latencies = new ConcurrentHashMap<>();

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void item(String source, ItemOutcome outcome) {
        String kind = outcome.kind() == null ? "unknown" : outcome.kind().wireName();
        boolean accepted = outcome instanceof ItemOutcome.Accepted;
        String reason = outcome instanceof ItemOutcome.Rejected r ? r.reason() : "none";
        counter(source, accepted ? "accepted" : "rejected", kind, reason).increment();
    }

    /** {@code count} accepted items of one kind (a request meters its accepted items once, not item by item). */
    public void accepted(String source, HeartbeatKind kind, int count) {
        if (count > 0) {
            counter(source, "accepted", kind.wireName(), "none").increment(count);
        }
    }

    /** An item rejected before it could be read as one (e.g. a broken NDJSON line). */
    public void rejected(String source, HeartbeatKind kind, String reason) {
        counter(source, "rejected", kind == null ? "unknown" : kind.wireName(), reason).increment();
    }

    private Counter counter(String source, String outcome, String kind, String reason) {
        String key = source + '|' + outcome + '|' + kind + '|' + reason;
        Counter c = counters.get(key);
        if (c == null) {
            c = counters.computeIfAbsent(key, k -> Counter.builder("ingest.items")
                    .description("ingested telemetry items by outcome, kind and rejection reason")
                    .tag("source", source).tag("outcome", outcome).tag("kind", kind).tag("reason", reason)
                    .register(registry));
        }
        return c;
    }

    public void batchSize(String source, int items) {
        batchSizes.computeIfAbsent(source, s -> DistributionSummary.builder("ingest.batch.items")
                .description("items per HTTP request or per Kafka poll")
                .tag("source", s).publishPercentileHistogram().register(registry)).record(items);
    }

    /** A batch Kafka did not acknowledge (HTTP answered 503; a raw poll is replayed). */
    public void produceFailed(String source) {
        Counter.builder("ingest.produce.failures").description("batches Kafka did not acknowledge")
                .tag("source", source).register(registry).increment();
    }

    public Timer produceLatency(String source) {
        return latencies.computeIfAbsent(source, s -> Timer.builder("ingest.produce.latency")
                .description("from the first send of a batch to the broker's last acknowledgement")
                .tag("source", s).publishPercentileHistogram().register(registry));
    }
}
