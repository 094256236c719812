package dev.metering.billing.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Map;

/** billing-service settings ({@code billing.*} in application.properties). */
@ConfigMapping(prefix = "billing")
public interface BillingConfig {

    Close close();

    Consumer consumer();

    Pricing pricing();

    Outbox outbox();

    Invoices invoices();

    Cluster cluster();

    UsageFeed usageFeed();

    /** The real-time usage snapshots on {@code billing.usage}. */
    interface UsageFeed {
        /** Quartz cron (UTC) of the publication (read by the @Scheduled expression); {@code off} disables it. */
        @WithDefault("0 30 0 * * ?")
        String cron();
    }

    /** Several instances: partitions, peers, the close across owners. */
    interface Cluster {
        /**
         * The URL other instances reach this one at (advertised in the consumer group's membership); default
         * {@code http://127.0.0.1:<quarkus.http.port>}, right for instances on one machine only.
         */
        java.util.Optional<String> advertisedUrl();

        /** How long an instance waits for another's answer (usage rows, close lines). */
        @WithDefault("PT10S")
        Duration peerTimeout();

        /**
         * Shared by the instances to call each other's close endpoint (header {@code X-Billing-Cluster-Secret});
         * without it a close needing other instances is refused. The dev and test profiles set one.
         */
        java.util.Optional<String> secret();

        /** How long an owner waits for its stored positions to reach the close's end offsets. */
        @WithDefault("PT60S")
        Duration closeWait();
    }

    interface Outbox {
        /** How often documents still in the outbox are (re-)published. */
        @WithDefault("30s")
        String retryEvery();
    }

    interface Invoices {
        /** Partitions of a distributor's invoice topic when billing creates it. */
        @WithDefault("3")
        int partitions();
    }

    interface Close {
        /** R22: day of the month after the period on which the period closes (1 = end of month). */
        @WithDefault("1")
        int dayOfMonth();

        /** R22: time of day (UTC) of the close; also the alignment of the projections' day buckets. */
        @WithDefault("00:00")
        LocalTime time();

        /** Whether the scheduler closes the last period by itself once its instant has passed. */
        @WithDefault("true")
        boolean autoEnabled();

        /** How often the scheduler checks whether a period is due (read by the @Scheduled expression). */
        @WithDefault("60s")
        String checkEvery();
    }

    interface Consumer {
        /** Run the folding consumer (off only for tests that need a quiet service). */
        @WithDefault("true")
        boolean enabled();

        @WithDefault("billing-service")
        String groupId();

        /** A batch (one database transaction) ends after this many records ... */
        @WithDefault("20000")
        int maxBatchRecords();

        /** ... or after this long, whichever comes first. */
        @WithDefault("PT0.25S")
        Duration maxBatchTime();

        @WithDefault("PT0.1S")
        Duration pollTimeout();

        /**
         * Kafka's session.timeout.ms for the billing group: how long a killed instance keeps its partitions before
         * the others take them over (heartbeats go every third of it).
         */
        @WithDefault("PT10S")
        Duration sessionTimeout();

        /**
         * Records per poll handed from the polling to the folding thread. Small hand-overs keep the
         * records in flight (and so what every young GC must copy) small; a batch spans many polls.
         */
        @WithDefault("2000")
        int maxPollRecords();

        /** Kafka's max.partition.fetch.bytes: what one fetch holds in memory per partition. */
        @WithDefault("1048576")
        int maxPartitionFetchBytes();

        /** Kafka's fetch.max.bytes: what one fetch response holds in memory at most. */
        @WithDefault("8388608")
        int fetchMaxBytes();

        /**
         * Load lz4-java's JNI codec at start-up: under Quarkus' class loader Kafka otherwise decompresses
         * telemetry-ingest's lz4 batches in pure Java (see {@code dev.metering.platform.kafka.Lz4Native}).
         */
        @WithDefault("true")
        boolean lz4Native();
    }

    interface Pricing {
        /** Currency of invoices for distributors without an entry in {@link #currencyByDistributor()}. */
        @WithDefault("EUR")
        String defaultCurrency();

        /** Invoice currency per distributor id (e.g. DIRECT=GBP for UK partners, R3). */
        Map<String, String> currencyByDistributor();
    }
}
