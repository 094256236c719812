package dev.metering.billing.invoice.messaging;

import dev.metering.billing.config.BillingConfig;
import dev.metering.billing.invoice.store.InvoiceStore;
import dev.metering.contracts.CloudEvent;
import dev.metering.contracts.CloudEvents;
import dev.metering.contracts.Topics;
import dev.metering.contracts.billing.BillingEvent;
import dev.metering.platform.kafka.KafkaClientConfig;
import dev.metering.platform.kafka.LazyProducer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/**
 * Drains the invoice/adjustment outbox to {@code billing.invoices.<distributorId>} (one topic per
 * distributor: a distributor's ACL is a literal READ grant on its own topic), keyed by partner id,
 * binary-mode CloudEvents. A document is marked published only after the broker acknowledged it; a
 * crash in between re-publishes it with the SAME event id, so consumers deduplicate by {@code ce_id}.
 */
@ApplicationScoped
public class InvoicePublisher {

    private static final Logger LOG = Logger.getLogger(InvoicePublisher.class);
    public static final String SOURCE = "/billing-service";

    private final InvoiceStore store;
    private final KafkaClientConfig kafka;
    private final BillingConfig config;

    private final LazyProducer producer;
    private final Set<String> knownTopics = ConcurrentHashMap.newKeySet();

    public InvoicePublisher(InvoiceStore store, KafkaClientConfig kafka, BillingConfig config) {
        this.store = store;
        this.kafka = kafka;
        this.producer = kafka.lazyDurableProducer("billing-invoices");
        this.config = config;
    }

    /** Publishes everything in the outbox; returns how many documents were published. */
    public synchronized int publishPending() {
        List<BillingEvent> pending = store.unpublished();
        if (pending.isEmpty()) {
            return 0;
        }
        List<Future<?>> acks = new ArrayList<>();
        for (BillingEvent e : pending) {
            String topic = Topics.invoicesFor(e.distributorId());
            ensureTopic(topic);
            CloudEvent envelope = CloudEvents.wrap(InvoiceStore.eventIdOf(e), SOURCE, e);
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, e.partnerId(),
                    CloudEvents.dataBytes(envelope));
            CloudEvents.binaryHeaders(envelope).forEach((k, v) -> record.headers().add(k, v));
            acks.add(producer.get().send(record));
        }
        // each document on its own: one that cannot be sent (too large, say) must not hold back the others
        List<BillingEvent> sent = new ArrayList<>();
        for (int i = 0; i < acks.size(); i++) {
            try {
                acks.get(i).get(30, TimeUnit.SECONDS);
                sent.add(pending.get(i));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException | TimeoutException e) {
                LOG.warnf("publishing billing document %s failed (it stays in the outbox): %s",
                        InvoiceStore.eventIdOf(pending.get(i)), e.getCause() == null ? e : e.getCause());
            }
        }
        if (sent.isEmpty()) {
            return 0;
        }
        store.markPublished(sent);
        LOG.infof("published %d of %d billing documents", sent.size(), pending.size());
        return sent.size();
    }

    private void ensureTopic(String topic) {
        if (knownTopics.contains(topic)) {
            return;
        }
        try (Admin admin = Admin.create(kafka.admin("billing-invoice-admin"))) {
            admin.createTopics(List.of(new NewTopic(topic, config.invoices().partitions(), (short) 1)
                    .configs(java.util.Map.of("max.message.bytes", Integer.toString(KafkaClientConfig.MAX_DOCUMENT_BYTES))))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                LOG.warnf("cannot create %s (relying on auto-creation): %s", topic, e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException e) {
            LOG.warnf("creating %s timed out", topic);
        }
        knownTopics.add(topic);
    }

    @PreDestroy
    void close() {
        producer.close();
    }
}
