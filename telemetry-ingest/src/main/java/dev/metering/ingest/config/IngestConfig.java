package dev.metering.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Typed configuration of telemetry-ingest (prefix {@code ingest}). */
@ConfigMapping(prefix = "ingest")
public interface IngestConfig {

    Http http();

    Validation validation();

    Producer producer();

    Raw raw();

    Keys keys();

    /** The HTTP endpoint {@code POST /v1/heartbeats}. */
    interface Http {
        /** Most items one request may carry; more answers 413 {@code too-many-items}. */
        @WithDefault("10000")
        int maxItems();

        /** Largest request body in bytes (10 MiB); larger answers 413 {@code payload-too-large}. */
        @WithDefault("10485760")
        long maxBodyBytes();

        /** Seconds a client is told to wait ({@code Retry-After}) when the broker is unavailable. */
        @WithDefault("5")
        int retryAfterSeconds();

        /**
         * Largest batch answered with one result per item when the client states no {@code Prefer: return=...};
         * a larger one is answered compactly ({@code results} lists only the rejected items, as with
         * {@code return=minimal}). Measured with the benchmark's ingest stage (batches of 1 000): writing and
         * reading the ~50 KB per-item answer cost both ends CPU for nothing the client needs.
         */
        @WithDefault("100")
        int fullAnswerMaxItems();

        /** Longest a request waits for Kafka's acknowledgements before it answers 503. */
        @WithDefault("PT15S")
        Duration ackTimeout();
    }

    /** Time window of an acceptable {@code occurredAt} (R16, R18). */
    interface Validation {
        @WithDefault("PT5M")
        Duration maxFuture();

        @WithDefault("P35D")
        Duration maxAge();
    }

    /** The Kafka producer that writes telemetry.heartbeats (acks=all, idempotent). */
    interface Producer {
        @WithDefault("5")
        int lingerMs();

        @WithDefault("131072")
        int batchSize();

        /**
         * {@code lz4} by default, also for a broker on the same host. Measured with the benchmark's ingest
         * stage on 2 cores (broker, services and load on the same machine): {@code none} saves ingest the LZ4
         * work, but the broker then writes and serves about three times the bytes and its CPU per heartbeat
         * roughly doubled, a net loss; {@code zstd} (level 3) was no better than lz4. Any Kafka compression type
         * can be configured ({@code INGEST_PRODUCER_COMPRESSION_TYPE}).
         */
        @WithDefault("lz4")
        String compressionType();

        /**
         * With lz4: load lz4-java's JNI library at start-up so Kafka's codec uses it (under Quarkus' class
         * loader it would otherwise fall back to pure Java, several times slower); false keeps pure Java.
         */
        @WithDefault("true")
        boolean lz4Native();

        /** How long {@code send} may block for metadata or buffer space before the request fails with 503. */
        @WithDefault("5000")
        int maxBlockMs();

        @WithDefault("3000")
        int requestTimeoutMs();

        /** Upper bound on reporting success or failure of a send (must be >= linger + request timeout). */
        @WithDefault("8000")
        int deliveryTimeoutMs();

        @WithDefault("67108864")
        long bufferMemory();
    }

    /** Consumer of {@code telemetry.heartbeats.raw} (gateways; the SmallRye channel {@code heartbeats-raw}). */
    interface Raw {
        /** The replicas' shared consumer group (the partitions are balanced between them). */
        @WithDefault("telemetry-ingest-raw")
        String groupId();

        /** Most records one batch (one poll) holds: produced together, acknowledged together. */
        @WithDefault("2000")
        int maxPollRecords();

        /** Original payloads larger than this are truncated in telemetry.rejected (header {@code rejected-truncated}). */
        @WithDefault("524288")
        int maxRejectedPayloadBytes();
    }

    /**
     * Consumer of {@code customers.events} that learns ingest keys (the SmallRye channel {@code ingest-keys},
     * whose {@code group.id} is {@code <group-id>-<instance-id>}: every replica needs every key, so each reads
     * all partitions in a group of its own).
     */
    interface Keys {
        /** Prefix of the replica's consumer group. */
        @WithDefault("telemetry-ingest-keys")
        String groupId();

        /**
         * This replica's part of the group id; must differ between replicas that run at the same time. A fresh
         * UUID per start by default (the replica then reads the topic from the beginning, while the table
         * already honours every stored key); a stable id (a StatefulSet pod name) resumes from its position.
         */
        String instanceId();
    }
}
