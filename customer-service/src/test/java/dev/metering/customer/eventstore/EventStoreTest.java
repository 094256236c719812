package dev.metering.customer.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metering.contracts.BillingType;
import dev.metering.contracts.Topics;
import dev.metering.contracts.customer.CustomerEvent;
import dev.metering.contracts.customer.CustomerEvent.CustomerCreated;
import dev.metering.contracts.customer.CustomerEvent.CustomerRenamed;
import dev.metering.customer.config.EventStreams;
import dev.metering.customer.managed.CustomerCommand;
import dev.metering.customer.managed.CustomerState;
import dev.metering.customer.managed.projection.CustomerProjection;
import dev.metering.platform.eventstore.AppendResult;
import dev.metering.platform.eventstore.CommandExecutor;
import dev.metering.platform.eventstore.ConcurrencyConflict;
import dev.metering.platform.eventstore.Decision;
import dev.metering.platform.eventstore.EventStore;
import dev.metering.platform.eventstore.NewEvent;
import dev.metering.platform.eventstore.StoredEvent;
import dev.metering.platform.outbox.OutboxRecord;
import dev.metering.testsupport.ServiceFoundationContract;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The platform's event store and command executor on the real PostgreSQL database. */
@QuarkusTest
class EventStoreTest {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final Instant T0 = Instant.parse("2026-11-01T09:00:00Z");

    @Inject
    EventStore store;
    @Inject
    CommandExecutor executor;
    @Inject
    EventStreams streams;
    @Inject
    CustomerProjection projection;

    static CustomerCreated created(String id) {
        return new CustomerCreated(id, "p-1", "Acme", "Acme", "DE", BillingType.TRIAL, true, null, T0);
    }

    static List<NewEvent> news(CustomerEvent... events) {
        return java.util.Arrays.stream(events).map(NewEvent::of).toList();
    }

    static List<OutboxRecord> outbox(List<NewEvent> events) {
        return events.stream().map(e -> OutboxRecord.of(Topics.CUSTOMERS_EVENTS, "/test", e)).toList();
    }

    @Test
    void appendThenLoadReturnsTheTypedEventsInVersionOrderWithTheirOutboxRows() throws Exception {
        String id = UUID.randomUUID().toString();
        List<NewEvent> events = news(created(id), new CustomerRenamed(id, "p-1", "Acme 2", "A2", T0.plusSeconds(1)));
        AppendResult result = store.append("customer-" + id, "customer", 0, events, outbox(events)).await()
                .atMost(WAIT);
        assertThat(result.version()).isEqualTo(2);

        List<StoredEvent> loaded = store.load("customer-" + id).await().atMost(WAIT);
        assertThat(loaded).extracting(StoredEvent::version).containsExactly(1, 2);
        assertThat(loaded).extracting(StoredEvent::event).containsExactly(events.get(0).event(),
                events.get(1).event());
        assertThat(loaded).extracting(StoredEvent::type).containsExactly("metering.customer.v1.created",
                "metering.customer.v1.renamed");
        assertThat(loaded).extracting(StoredEvent::eventId).containsExactly(events.get(0).eventId(),
                events.get(1).eventId());
        try (Connection c = ServiceFoundationContract.jdbc()) {
            ResultSet rs = c.createStatement().executeQuery("select event_id, payload->>'id', payload->>'type'"
                    + " from outbox where record_key = '" + id + "' order by position");
            for (NewEvent e : events) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getObject(1)).isEqualTo(e.eventId());
                assertThat(rs.getString(2)).isEqualTo(e.eventId().toString());
            }
            assertThat(rs.next()).isFalse();
        }
    }

    @Test
    void aStaleExpectedVersionIsAConflictAndWritesNeitherEventsNorOutboxRows() throws Exception {
        String id = UUID.randomUUID().toString();
        String stream = "customer-" + id;
        store.append(stream, "customer", 0, news(created(id)), List.of()).await().atMost(WAIT);

        List<NewEvent> late = news(new CustomerRenamed(id, "p-1", "Late", "Late", T0));
        assertThatThrownBy(() -> store.append(stream, "customer", 0, late, outbox(late)).await().atMost(WAIT))
                .isInstanceOf(ConcurrencyConflict.class).hasMessageContaining("expected version 0, found 1");
        assertThatThrownBy(() -> store.append(stream, "customer", 5, late, outbox(late)).await().atMost(WAIT))
                .isInstanceOf(ConcurrencyConflict.class);
        assertThat(store.version(stream).await().atMost(WAIT)).isEqualTo(1);
        try (Connection c = ServiceFoundationContract.jdbc()) {
            ResultSet rs = c.createStatement().executeQuery("select count(*) from outbox where event_id = '"
                    + late.get(0).eventId() + "'");
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void twoConcurrentWritersOfTheSameVersion_exactlyOneWins() {
        String id = UUID.randomUUID().toString();
        String stream = "customer-" + id;
        store.append(stream, "customer", 0, news(created(id)), List.of()).await().atMost(WAIT);

        for (int round = 0; round < 5; round++) {
            int expected = 1 + round;
            List<CompletableFuture<Object>> writers = List.of(1, 2).stream().map(w -> {
                List<NewEvent> e = news(new CustomerRenamed(id, "p-1", "Writer " + w, "W", T0));
                return store.append(stream, "customer", expected, e, outbox(e)).map(r -> (Object) r)
                        .onFailure().recoverWithItem(t -> t).subscribeAsCompletionStage();
            }).toList();
            List<Object> outcomes = writers.stream().map(CompletableFuture::join).toList();
            assertThat(outcomes).filteredOn(o -> o instanceof AppendResult).hasSize(1);
            assertThat(outcomes).filteredOn(o -> o instanceof ConcurrencyConflict).hasSize(1);
        }
        assertThat(store.version(stream).await().atMost(WAIT)).isEqualTo(6);
    }

    @Test
    void theExecutorRetriesUnpinnedCommandsButNeverPinnedOnes() {
        String id = UUID.randomUUID().toString();
        String stream = EventStreams.customerStream(id);
        executor.execute(streams.customers(), stream, 0, l -> new CustomerCommand.Create(id, "p-1",
                dev.metering.contracts.PartnerTier.CONNECT, "Acme", null, "DE", BillingType.TRIAL, null, T0),
                projection.step()).await().atMost(WAIT);

        // unpinned (no If-Match): both renames are decided, the loser re-decided on the fresh state
        List<CompletableFuture<Decision<CustomerState, CustomerEvent>>> unpinned = List.of("One", "Two").stream()
                .map(n -> executor.execute(streams.customers(), stream, null,
                        l -> new CustomerCommand.Rename("Acme " + n, null, T0), projection.step())
                        .subscribeAsCompletionStage())
                .toList();
        unpinned.forEach(CompletableFuture::join);
        assertThat(store.version(stream).await().atMost(WAIT)).isEqualTo(3);

        // pinned to version 3: exactly one of two writers wins, the other gets the 409 conflict
        List<CompletableFuture<Object>> pinned = List.of("Three", "Four").stream()
                .map(n -> executor.execute(streams.customers(), stream, 3,
                        l -> new CustomerCommand.Rename("Acme " + n, null, T0), projection.step())
                        .map(d -> (Object) d).onFailure().recoverWithItem(t -> t).subscribeAsCompletionStage())
                .toList();
        List<Object> outcomes = pinned.stream().map(CompletableFuture::join).toList();
        assertThat(outcomes).filteredOn(o -> o instanceof Decision).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o instanceof ConcurrencyConflict).hasSize(1)
                .allSatisfy(o -> assertThat(((ConcurrencyConflict) o).kind().status()).isEqualTo(409));
        assertThat(projection.find(id, null).await().atMost(WAIT).version()).isEqualTo(4);
    }

}
