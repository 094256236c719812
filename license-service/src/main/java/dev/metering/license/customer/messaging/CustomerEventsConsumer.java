package dev.metering.license.customer.messaging;

import dev.metering.contracts.BillingType;
import dev.metering.contracts.CloudEvent;
import dev.metering.contracts.Audit;
import dev.metering.contracts.CloudEvents;
import dev.metering.platform.audit.AuditContext;
import dev.metering.contracts.InvalidEventException;
import dev.metering.contracts.MeteringEvent;
import dev.metering.contracts.customer.CustomerEvent;
import dev.metering.contracts.customer.CustomerEvent.BillingTypeChanged;
import dev.metering.contracts.customer.CustomerEvent.CustomerCreated;
import dev.metering.contracts.customer.CustomerEvent.CustomerMigrated;
import dev.metering.contracts.customer.CustomerEvent.CustomerRenamed;
import dev.metering.license.customer.store.CustomerDirectory;
import dev.metering.license.licence.LicenceService;
import dev.metering.platform.error.DomainException;
import dev.metering.platform.eventstore.ConcurrencyConflict;
import dev.metering.platform.kafka.ConsumedText;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Learns customers from {@code customers.events}: who manages them (partner scoping, R8) and their
 * billing type (R4). A conversion to monthly recorded by customer-service ends the customer's trials and
 * term licences here too (R4, R14). Every write is idempotent, so a redelivered record changes nothing;
 * a record that cannot be used goes to {@code dead_letters} with its reason and never blocks the next.
 */
@ApplicationScoped
public class CustomerEventsConsumer {

    public static final String CHANNEL = "customers-events";
    private static final Logger LOG = Logger.getLogger(CustomerEventsConsumer.class);

    private final CustomerDirectory customers;
    private final LicenceService licences;
    private final Pool pool;
    private final AuditContext audit;

    public CustomerEventsConsumer(CustomerDirectory customers, LicenceService licences, Pool pool,
            AuditContext audit) {
        this.customers = customers;
        this.licences = licences;
        this.pool = pool;
        this.audit = audit;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        MeteringEvent event;
        CloudEvent envelope;
        try {
            envelope = CloudEvents.read(headers(record), record.value());
            event = CloudEvents.unwrap(envelope);
        } catch (InvalidEventException e) {
            if ("unknown-type".equals(e.reason())) {
                // a newer producer's event type: tolerant reader, not an error
                LOG.debugf("skipping %s", e.getMessage());
                return Uni.createFrom().voidItem();
            }
            return deadLetter(record, e.reason(), e.getMessage());
        }
        // the platform's text rule for every string of the data, and ids PostgreSQL can index (#14)
        String problem = ConsumedText.problem(envelope.data());
        if (problem == null && ConsumedText.idProblem(envelope.id()) != null) {
            problem = "id " + ConsumedText.idProblem(envelope.id());
        }
        if (problem != null) {
            return deadLetter(record, "invalid-characters", problem);
        }
        if (!(event instanceof CustomerEvent ce)) {
            return Uni.createFrom().voidItem();
        }
        // what this service does in reaction is caused by the consumed event, within its correlation
        Audit received = Audit.of(envelope);
        Audit cause = audit.system(received == null ? null : received.correlationId(), envelope.id());
        return apply(ce, cause).onFailure().retry().withBackOff(Duration.ofMillis(200)).atMost(3)
                .onFailure().recoverWithUni(e -> deadLetter(record, "processing-failed", String.valueOf(
                        e.getMessage())));
    }

    Uni<Void> apply(CustomerEvent event, Audit cause) {
        if (event instanceof CustomerCreated c) {
            return customers.created(c.customerId(), c.partnerId(), c.name(), c.billingType(), c.occurredAt());
        } else if (event instanceof CustomerRenamed r) {
            return customers.renamed(r.customerId(), r.name());
        } else if (event instanceof CustomerMigrated m) {
            return customers.migrated(m.customerId(), m.partnerId(), m.effectiveAt() == null ? m.occurredAt()
                    : m.effectiveAt());
        } else if (event instanceof BillingTypeChanged b) {
            java.time.Instant effectiveAt = b.effectiveAt() == null ? b.occurredAt() : b.effectiveAt();
            Uni<Void> recorded = customers.billingTypeChanged(b.customerId(), b.to(), effectiveAt);
            if (b.to() != BillingType.MONTHLY) {
                return recorded;
            }
            return recorded.call(() -> licences.followConversionToMonthly(b.customerId(), effectiveAt, cause)
                    // a refusal is final (logged); a concurrency conflict is retried like any other failure
                    .onFailure(e -> e instanceof DomainException && !(e instanceof ConcurrencyConflict))
                    .recoverWithItem(e -> {
                        LOG.infof("licence side of customer %s's conversion not applied: %s", b.customerId(),
                                e.getMessage());
                        return null;
                    }));
        }
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> deadLetter(ConsumerRecord<String, byte[]> record, String reason, String detail) {
        LOG.warnf("dead letter from %s-%d@%d: %s (%s)", record.topic(), record.partition(), record.offset(), reason,
                detail);
        // whatever the record held, its dead letter is storable: NUL and lone surrogates become U+FFFD
        String payload = record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8);
        return pool.preparedQuery("insert into dead_letters(topic, partition, record_offset, record_key, reason,"
                + " detail, payload) values ($1, $2, $3, $4, $5, $6, $7)")
                .execute(Tuple.tuple().addString(record.topic()).addInteger(record.partition())
                        .addLong(record.offset()).addString(ConsumedText.storable(record.key())).addString(reason)
                        .addString(detail == null ? "" : ConsumedText.storable(detail))
                        .addString(ConsumedText.storable(payload)))
                .replaceWithVoid();
    }

    private static Map<String, byte[]> headers(ConsumerRecord<String, byte[]> record) {
        Map<String, byte[]> out = new HashMap<>();
        for (Header h : record.headers()) {
            out.put(h.key(), h.value());
        }
        return out;
    }
}
