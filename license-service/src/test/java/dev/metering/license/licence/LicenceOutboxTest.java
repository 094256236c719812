package dev.metering.license.licence;

import static dev.metering.license.LicenceTestApi.as;
import static dev.metering.license.LicenceTestApi.ceId;
import static dev.metering.license.LicenceTestApi.count;
import static dev.metering.license.LicenceTestApi.knownCustomer;
import static dev.metering.license.LicenceTestApi.licenceRecords;
import static dev.metering.license.LicenceTestApi.unique;
import static dev.metering.license.LicenceTestApi.withKey;
import static dev.metering.testsupport.Waits.holdsFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.contracts.BillingType;
import dev.metering.contracts.Topics;
import dev.metering.license.LicenceTestApi;
import dev.metering.platform.outbox.OutboxPublisher;
import dev.metering.testsupport.ServiceFoundationContract;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The transactional outbox of license-service on the real broker and database: every stored licence event
 * reaches licenses.events exactly once, keyed by the customer, in version order, including when the
 * process dies between the commit and the publish.
 */
@QuarkusTest
class LicenceOutboxTest {

    @Inject
    OutboxPublisher publisher;
    @Inject
    Pool pool;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void committedButNotPublished_thenRestarted_thenEveryLicenceEventPublishedExactlyOnce() {
        String p = unique("p");
        String c = knownCustomer(p, BillingType.TRIAL);
        String lic = unique("TRIAL");
        publisher.pause(); // the process "dies" right after committing: nothing is relayed any more
        try {
            as(p).body(LicenceApiTest.trial(lic)).post("/v1/customers/" + c + "/licenses").then().statusCode(201);
            as(p).body(Map.of()).post("/v1/customers/" + c + "/licenses/" + lic + "/convert-to-paid").then()
                    .statusCode(200);

            assertThat(count("select count(*) from outbox where published_at is null and record_key = ?", c))
                    .isEqualTo(2);
            holdsFor("nothing relayed while paused", Duration.ofSeconds(1),
                    () -> assertThat(withKey(LicenceTestApi.topics().readAll(Topics.LICENSES_EVENTS), c)).isEmpty());

            // "restart": a new process builds its publisher from configuration alone and finds the rows
            try (OutboxPublisher restarted = new OutboxPublisher(pool, OutboxPublisher.baseProducerConfig(bootstrap),
                    100, false)) {
                assertThat(restarted.drain()).isGreaterThanOrEqualTo(2);
            }
            assertThat(count("select count(*) from outbox where published_at is null and record_key = ?", c))
                    .isZero();
        } finally {
            publisher.resume();
        }
        // the original relay runs again: it must not send anything twice
        holdsFor("no licence event sent twice", Duration.ofMillis(1500), () -> assertThat(
                withKey(LicenceTestApi.topics().readAll(Topics.LICENSES_EVENTS), c)).hasSizeLessThan(3));
        List<ConsumerRecord<String, byte[]>> records = licenceRecords(c, 2);
        assertThat(records.stream().map(LicenceTestApi::ceId).toList()).as("exactly once, in version order")
                .isEqualTo(storedIds("licences-" + c));
        assertThat(records).extracting(ConsumerRecord::partition).containsOnly(records.get(0).partition());
        assertThat(records.stream().map(r -> new String(r.headers().lastHeader("ce_type").value())).toList())
                .containsExactly("metering.license.v1.term-issued", "metering.license.v1.trial-converted-to-paid");
        assertThat(ceId(records.get(0))).isNotEqualTo(ceId(records.get(1)));
    }

    private static List<String> storedIds(String streamId) {
        List<String> ids = new ArrayList<>();
        try (Connection c = ServiceFoundationContract.jdbc()) {
            ResultSet rs = c.createStatement().executeQuery("select event_id from events where stream_id = '"
                    + streamId + "' order by version");
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }
}
