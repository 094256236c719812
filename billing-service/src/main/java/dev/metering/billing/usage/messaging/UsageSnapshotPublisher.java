package dev.metering.billing.usage.messaging;

import dev.metering.billing.account.BillingState;
import dev.metering.billing.cluster.messaging.Partitions;
import dev.metering.billing.cluster.service.Ownership;
import dev.metering.billing.config.BillingConfig;
import dev.metering.billing.usage.UsageProjection;
import dev.metering.billing.usage.UsageSnapshots;
import dev.metering.contracts.CloudEvent;
import dev.metering.contracts.CloudEvents;
import dev.metering.contracts.Topics;
import dev.metering.contracts.billing.BillingEvent.UsageSnapshot;
import dev.metering.platform.kafka.KafkaClientConfig;
import dev.metering.platform.kafka.LazyProducer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * Publishes a {@link UsageSnapshot} of every customer THIS instance owns (the partitions the billing group's
 * last rebalance gave it, {@link Ownership}; with N instances each publishes only its own partitions'
 * customers, as each computes only its own customers' close lines) to {@code billing.usage}, keyed by customer
 * id, binary-mode CloudEvents through the same idempotent, acks=all producer settings as the invoices. A
 * snapshot is derived state, so there is no outbox: a publication that fails is logged and the next one (the
 * schedule, or an operator's trigger) carries the then-current numbers.
 */
@ApplicationScoped
public class UsageSnapshotPublisher {

    private static final Logger LOG = Logger.getLogger(UsageSnapshotPublisher.class);
    /** The CloudEvents source of billing's documents (as the invoices'). */
    static final String SOURCE = "/billing-service";

    /** What one publication did: how many snapshots went out, or why none did. */
    public record Outcome(int published, String skipped) {
    }

    private final BillingState state;
    private final UsageProjection usage;
    private final Ownership ownership;
    private final BillingConfig config;
    private final LazyProducer producer;

    public UsageSnapshotPublisher(BillingState state, UsageProjection usage, Ownership ownership,
            KafkaClientConfig kafka, BillingConfig config) {
        this.state = state;
        this.usage = usage;
        this.ownership = ownership;
        this.producer = kafka.lazyDurableProducer("billing-usage");
        this.config = config;
    }

    /** The snapshots at {@code at} of the customers this instance owns (every customer without the consumer). */
    public List<UsageSnapshot> owned(Instant at) {
        java.util.function.Predicate<String> mine = id -> true;
        if (config.consumer().enabled()) {
            Ownership.View view = ownership.view();
            if (!view.settled()) {
                return null;
            }
            int n = view.partitions();
            Set<Integer> parts = view.mine();
            mine = id -> parts.contains(Partitions.of(id, n));
        }
        List<UsageSnapshot> out = new ArrayList<>();
        for (List<String> customers : state.customersByPartner(at).values()) {
            for (String id : customers) {
                if (mine.test(id)) {
                    UsageSnapshot s = UsageSnapshots.of(id, at, state, usage);
                    if (s != null) {
                        out.add(s);
                    }
                }
            }
        }
        return out;
    }

    /** Publishes the snapshots at {@code at} of this instance's customers; returns what it did. */
    public synchronized Outcome publish(Instant at) {
        List<UsageSnapshot> snapshots = owned(at);
        if (snapshots == null) {
            LOG.info("usage snapshots skipped: billing's partitions are being reassigned");
            return new Outcome(0, "partitions-rebalancing");
        }
        List<Future<?>> acks = new ArrayList<>();
        for (UsageSnapshot s : snapshots) {
            CloudEvent envelope = CloudEvents.wrap(s.snapshotId(), SOURCE, s);
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.BILLING_USAGE, s.customerId(),
                    CloudEvents.dataBytes(envelope));
            CloudEvents.binaryHeaders(envelope).forEach((k, v) -> record.headers().add(k, v));
            acks.add(producer.get().send(record));
        }
        try {
            for (Future<?> ack : acks) {
                ack.get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(0, "interrupted");
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("publishing %d usage snapshots failed (the next publication carries them): %s",
                    snapshots.size(), e);
            return new Outcome(0, "broker-unavailable");
        }
        LOG.infof("published %d usage snapshots at %s", snapshots.size(), at);
        return new Outcome(snapshots.size(), null);
    }

    @PreDestroy
    void close() {
        producer.close();
    }
}
