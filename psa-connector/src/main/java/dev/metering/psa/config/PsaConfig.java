package dev.metering.psa.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** Typed configuration of psa-connector ({@code metering.psa.*}). */
@ConfigMapping(prefix = "metering.psa")
public interface PsaConfig {

    /**
     * AES-256-GCM key (base64 of 32 bytes) that encrypts PSA keys and webhook secrets at rest. No default:
     * production must set {@code PSA_ENCRYPTION_KEY}; only the dev and test profiles carry a dev key.
     */
    String encryptionKey();

    Sync sync();

    Webhooks webhooks();

    interface Sync {
        /** Cron of the nightly sync of every connected partner; {@code off} disables it. */
        @WithDefault("0 30 2 * * ?")
        String cron();

        /** The longest Retry-After (429) honoured; a longer one fails the request. */
        @WithDefault("120s")
        Duration maxRetryAfter();

        /** How many 429 answers one request waits out before it fails. */
        @WithDefault("5")
        int maxThrottledRetries();

        /** {@code pageSize} of list requests to the PSA. */
        @WithDefault("100")
        int pageSize();

        @WithDefault("30s")
        Duration requestTimeout();

        /** Lets a connection's site be {@code http://127.0.0.1:<port>} (dev and test only). */
        @WithDefault("false")
        boolean allowLoopbackHttp();
    }

    interface Webhooks {
        /** Delay after the 1st, 2nd, ... failed attempt; after the last one the delivery fails. */
        @WithDefault("5s,5m,30m,2h,5h,10h,10h,14h,14h,14h")
        List<Duration> retrySchedule();

        /** A delivery is given up once it is this old (Standard Webhooks: retries for up to 3 days). */
        @WithDefault("72h")
        Duration maxAge();

        /** How often due deliveries are looked for (read by the dispatcher's {@code @Scheduled}). */
        @WithDefault("1s")
        String pollInterval();

        @WithDefault("50")
        int batchSize();

        @WithDefault("10s")
        Duration requestTimeout();

        /** Lets an endpoint be {@code http://127.0.0.1:<port>} (dev and test only); otherwise https only. */
        @WithDefault("false")
        boolean allowLoopbackHttp();
    }
}
