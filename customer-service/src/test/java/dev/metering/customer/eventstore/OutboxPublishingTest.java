package dev.metering.customer.eventstore;

import static dev.metering.customer.TestApi.as;
import static dev.metering.customer.TestApi.customer;
import static dev.metering.customer.TestApi.registerPartner;
import static dev.metering.customer.TestApi.unique;
import static dev.metering.testsupport.Waits.await;
import static dev.metering.testsupport.Waits.holdsFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.contracts.CloudEvent;
import dev.metering.contracts.CloudEvents;
import dev.metering.contracts.Topics;
import dev.metering.contracts.customer.CustomerEvent;
import dev.metering.contracts.customer.PartnerEvent;
import dev.metering.platform.outbox.OutboxPublisher;
import dev.metering.testsupport.ServiceFoundationContract;
import dev.metering.testsupport.TestTokens;
import dev.metering.testsupport.TopicClient;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The transactional outbox on the real broker and database: every stored event reaches
 * {@code customers.events} exactly once, keyed by its aggregate, in order per key, including when
 * the process dies between the commit and the publish.
 */
@QuarkusTest
class OutboxPublishingTest {

    @Inject
    OutboxPublisher publisher;
    @Inject
    Pool pool;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    final TopicClient topics = ServiceFoundationContract.topics();

    @Test
    void aCreatedCustomerAppearsOnCustomersEventsExactlyOncePerEventInOrder() {
        String p = unique("p");
        registerPartner(p, "dist-de");
        String id = customer(p, "Published Ltd", "trial");
        as(TestTokens.partner(p)).body(Map.of("name", "Published Group")).put("/v1/customers/" + id + "/name").then()
                .statusCode(200);

        awaitRecords(id, 2);
        // give a duplicate every chance to show up before asserting "exactly once"
        holdsFor("no duplicate of the customer's two events", Duration.ofMillis(1500),
                () -> assertThat(recordsWithKey(topics.readAll(Topics.CUSTOMERS_EVENTS), id)).hasSize(2));
        List<ConsumerRecord<String, byte[]>> forCustomer = recordsWithKey(topics.readAll(Topics.CUSTOMERS_EVENTS), id);
        assertExactlyTheStoredEvents("customer-" + id, forCustomer);
        List<CloudEvent> envelopes = forCustomer.stream().map(TopicClient::envelope).toList();
        assertThat(envelopes).extracting(CloudEvent::type).containsExactly("metering.customer.v1.created",
                "metering.customer.v1.renamed");
        assertThat(envelopes).allSatisfy(e -> {
            assertThat(e.source()).isEqualTo("/customer-service");
            assertThat(e.subject()).isEqualTo(id);
            assertThat(((CustomerEvent) CloudEvents.unwrap(e)).partnerId()).isEqualTo(p);
        });

        // the partner's own events are keyed by the partner id
        List<ConsumerRecord<String, byte[]>> forPartner = recordsWithKey(topics.readAll(Topics.CUSTOMERS_EVENTS), p);
        assertThat(forPartner).hasSize(1);
        assertThat(CloudEvents.unwrap(TopicClient.envelope(forPartner.get(0))))
                .isInstanceOf(PartnerEvent.PartnerRegistered.class);

        String metrics = io.restassured.RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("metering_outbox_pending").containsPattern(
                "metering_outbox_published_total(\\{[^}]*\\})? [1-9]");
    }

    @Test
    void committedButNotPublished_thenRestarted_thenPublishedExactlyOnce() throws Exception {
        String p = unique("p");
        String id;
        publisher.pause(); // the process "dies" right after committing: nothing is relayed any more
        try {
            registerPartner(p, "dist-de");
            id = customer(p, "Crashy Ltd", "trial");
            as(TestTokens.partner(p)).body(Map.of("enabled", false))
                    .put("/v1/customers/" + id + "/partner-assistance").then().statusCode(200);

            // committed: the events and their outbox rows are stored, nothing is on the topic
            assertThat(unpublishedRows(id)).isEqualTo(2);
            holdsFor("nothing relayed while paused", Duration.ofSeconds(1),
                    () -> assertThat(recordsWithKey(topics.readAll(Topics.CUSTOMERS_EVENTS), id)).isEmpty());

            // "restart": a new process builds its publisher from configuration alone and finds the rows
            try (OutboxPublisher restarted = new OutboxPublisher(pool,
                    OutboxPublisher.baseProducerConfig(bootstrap), 100, false)) {
                assertThat(restarted.drain()).isGreaterThanOrEqualTo(3); // partner registered + 2 customer events
            }
            assertThat(unpublishedRows(id)).isZero();
        } finally {
            publisher.resume();
        }
        // the original relay runs again too; it must not send anything twice
        holdsFor("no customer event sent twice", Duration.ofMillis(1500),
                () -> assertThat(recordsWithKey(topics.readAll(Topics.CUSTOMERS_EVENTS), id)).hasSizeLessThan(3));
        List<ConsumerRecord<String, byte[]>> forCustomer = awaitRecords(id, 2);
        assertExactlyTheStoredEvents("customer-" + id, forCustomer);
        assertThat(recordsWithKey(topics.readAll(Topics.CUSTOMERS_EVENTS), p)).hasSize(1);
    }

    @Test
    void twoPublishersRacingOverTheSameRowsPublishEachRowOnce() throws Exception {
        String p = unique("p");
        List<String> ids = new ArrayList<>();
        publisher.pause();
        try {
            registerPartner(p, "dist-de");
            for (int i = 0; i < 8; i++) {
                ids.add(customer(p, "Race " + i, "trial"));
            }
            try (OutboxPublisher one = new OutboxPublisher(pool, OutboxPublisher.baseProducerConfig(bootstrap), 3,
                    false);
                    OutboxPublisher two = new OutboxPublisher(pool, OutboxPublisher.baseProducerConfig(bootstrap), 3,
                            false)) {
                CompletableFuture<Integer> a = CompletableFuture.supplyAsync(one::drain);
                CompletableFuture<Integer> b = CompletableFuture.supplyAsync(two::drain);
                a.join();
                b.join();
                // whichever lost the lock on a round leaves rows to a later round: drain both again
                one.drain();
                two.drain();
            }
        } finally {
            publisher.resume();
        }
        holdsFor("each row published once", Duration.ofSeconds(1), () -> {
            List<ConsumerRecord<String, byte[]>> all = topics.readAll(Topics.CUSTOMERS_EVENTS);
            for (String id : ids) {
                assertThat(recordsWithKey(all, id)).as("records of " + id).hasSize(1);
            }
        });
    }

    @Test
    void publishedRowsArePurgedAfterTheRetentionButUnpublishedRowsNever() throws Exception {
        String p = unique("p");
        registerPartner(p, "dist-de");
        String id;
        publisher.pause();
        try {
            id = customer(p, "Purged Ltd", "trial");
            publisher.purgePublishedBefore(java.time.Instant.now().plusSeconds(60));
            assertThat(unpublishedRows(id)).as("an unpublished row survives any purge").isEqualTo(1);
        } finally {
            publisher.resume();
        }
        await("the relay publishing the row").atMost(Duration.ofSeconds(20)).until(() -> unpublishedRows(id) == 0);
        assertThat(publisher.purgePublishedBefore(java.time.Instant.now().plusSeconds(60))).isPositive();
        try (Connection c = ServiceFoundationContract.jdbc()) {
            ResultSet rs = c.createStatement().executeQuery("select count(*) from outbox where record_key = '" + id
                    + "'");
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
        assertThat(recordsWithKey(topics.readAll(Topics.CUSTOMERS_EVENTS), id)).hasSize(1);
    }

    private List<ConsumerRecord<String, byte[]>> awaitRecords(String key, int count) {
        return recordsWithKey(topics.readUntil(Topics.CUSTOMERS_EVENTS,
                records -> recordsWithKey(records, key).size() >= count, Duration.ofSeconds(30)), key);
    }

    /** The records are exactly the stream's stored events: same ids (CloudEvents id = event id), same order. */
    private static void assertExactlyTheStoredEvents(String streamId, List<ConsumerRecord<String, byte[]>> records)
            throws RuntimeException {
        List<String> storedIds = new ArrayList<>();
        try (Connection c = ServiceFoundationContract.jdbc()) {
            ResultSet rs = c.createStatement().executeQuery("select event_id from events where stream_id = '"
                    + streamId + "' order by version");
            while (rs.next()) {
                storedIds.add(rs.getString(1));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        List<String> publishedIds = records.stream()
                .map(r -> new String(r.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8)).toList();
        assertThat(publishedIds).as("published exactly once each, in version order").isEqualTo(storedIds);
        assertThat(records).extracting(ConsumerRecord::partition).as("one key, one partition").containsOnly(
                records.get(0).partition());
    }

    private static List<ConsumerRecord<String, byte[]>> recordsWithKey(List<ConsumerRecord<String, byte[]>> records,
            String key) {
        return records.stream().filter(r -> key.equals(r.key())).toList();
    }

    private static int unpublishedRows(String key) throws Exception {
        try (Connection c = ServiceFoundationContract.jdbc()) {
            ResultSet rs = c.createStatement().executeQuery(
                    "select count(*) from outbox where published_at is null and record_key = '" + key + "'");
            rs.next();
            return rs.getInt(1);
        }
    }
}
