package dev.metering.billing;

import static dev.metering.testsupport.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.billing.usage.messaging.FoldingConsumer;
import dev.metering.contracts.CloudEvent;
import dev.metering.contracts.CloudEvents;
import dev.metering.contracts.ProductCode;
import dev.metering.contracts.Topics;
import dev.metering.testsupport.ServiceFoundationContract;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Fold rate through the REAL broker and PostgreSQL, batches stored transactionally
 * ({@code -Dbenchmark.billing=true}). Broker, database, producer and service share this machine.
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "benchmark.billing", matches = "true")
class FoldThroughputTest {

    @Inject
    FoldingConsumer consumer;

    @Test
    void foldRateThroughKafkaAndPostgres() {
        int n = Integer.getInteger("benchmark.billing.records", 200_000);
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String customer = "tp-" + run + "-" + (i % 1000);
            CloudEvent e = CloudEvents.wrap("tp-" + run + "-" + i, "/perf", Facts.heartbeat(customer,
                    "device-" + (i % 100_000), ProductCode.ENDPOINT_ADVANCED, "user-" + (i % 30_000),
                    "2026-10-20T10:00:00Z"));
            ProducerRecord<String, byte[]> r = new ProducerRecord<>(Topics.TELEMETRY_HEARTBEATS, customer,
                    CloudEvents.dataBytes(e));
            CloudEvents.binaryHeaders(e).forEach((k, v) -> r.headers().add(k, v));
            records.add(r);
        }
        long before = consumer.folded();
        long deadBefore = consumer.deadLettered();
        long t0 = System.nanoTime();
        ServiceFoundationContract.topics().produce(records.toArray(ProducerRecord[]::new));
        double produced = (System.nanoTime() - t0) / 1e9;
        await("the fold of " + n + " records").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                .until(() -> consumer.folded() - before >= n);
        double s = (System.nanoTime() - t0) / 1e9;
        long folded = consumer.folded() - before;
        System.out.printf("[perf] through Kafka + PostgreSQL: %d records produced in %.2f s, and folded and stored"
                + " (concurrently) %.2f s after the first send = %.0f /s end to end%n", folded, produced, s, folded / s);
        assertThat(consumer.deadLettered()).isEqualTo(deadBefore);

        // the consumer alone: rewind the stored offsets and re-fold everything already in the topic
        try (java.sql.Connection c = ServiceFoundationContract.jdbc()) {
            c.createStatement().executeUpdate("update consumer_offsets set next_offset = 0");
            consumer.restartFromStore();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        long replayBefore = consumer.folded();
        long r0 = System.nanoTime();
        await("the replay of " + n + " records").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(10))
                .until(() -> consumer.folded() - replayBefore >= n);
        double r = (System.nanoTime() - r0) / 1e9;
        System.out.printf("[perf] replay (consumer alone, batches stored in PostgreSQL): %d records in %.2f s = %.0f /s%n",
                consumer.folded() - replayBefore, r, (consumer.folded() - replayBefore) / r);
        assertThat(folded).isGreaterThanOrEqualTo(n);
    }
}
