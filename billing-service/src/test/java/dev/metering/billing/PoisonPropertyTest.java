package dev.metering.billing;

import static dev.metering.billing.Facts.customer;
import static dev.metering.billing.Facts.heartbeat;
import static dev.metering.billing.Facts.partner;
import static dev.metering.testsupport.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.billing.account.BillingState;
import dev.metering.billing.usage.UsageProjection;
import dev.metering.contracts.BillingType;
import dev.metering.contracts.CloudEvent;
import dev.metering.contracts.CloudEvents;
import dev.metering.contracts.MeteringEvent;
import dev.metering.contracts.PartnerTier;
import dev.metering.contracts.ProductCode;
import dev.metering.contracts.ProductFamily;
import dev.metering.contracts.Topics;
import dev.metering.contracts.customer.CustomerEvent;
import dev.metering.contracts.customer.PartnerEvent;
import dev.metering.contracts.license.LicenseEvent;
import dev.metering.contracts.telemetry.TelemetryEvent;
import dev.metering.testsupport.PoisonRecords;
import dev.metering.testsupport.RealInfrastructure;
import dev.metering.testsupport.ServiceFoundationContract;
import dev.metering.testsupport.TopicClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

/**
 * #14, finding 2 (billing's part), a seeded property test: random poison records (random bytes, huge values,
 * tombstones, NUL and control characters, lone surrogates and ids beyond PostgreSQL's index limit in the fields
 * billing uses, damaged CloudEvent types, odd keys and headers) on EVERY topic billing consumes:
 * {@code telemetry.heartbeats}, {@code customers.events} (customer events, and the partner events every instance's
 * partner directory reads) and {@code licenses.events}. Every poison record becomes a dead letter with its reason
 * (topic, partition, offset), nothing of it reaches the projections (the partner keeps its name, R25), and the
 * good records sent after it on every partition are folded (R16, R21). Seed: {@code -Dpoison.seed=N}.
 */
@QuarkusTest
class PoisonPropertyTest {

    static final int POISON = 60;

    @Inject
    UsageProjection usage;
    @Inject
    BillingState state;

    final TopicClient topics = ServiceFoundationContract.topics();
    final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void poisonOnEveryConsumedTopicIsDeadLetteredAndTheGoodRecordsAfterItAreFolded() throws Exception {
        PoisonRecords poison = PoisonRecords.seeded("billing PoisonPropertyTest");
        // given a partner and one monthly customer on every partition
        String p = "pp-" + run;
        String partnerName = "Partner " + p;
        List<String> customers = new ArrayList<>();
        send(List.of(record(partner(p, "dist-" + run, "DE"))));
        for (int k = 0; customers.size() < RealInfrastructure.PARTITIONS; k++) {
            String c = "cp-" + run + "-" + k;
            int part = dev.metering.billing.cluster.messaging.Partitions.of(c, RealInfrastructure.PARTITIONS);
            if (customers.stream().noneMatch(o -> dev.metering.billing.cluster.messaging.Partitions.of(o,
                    RealInfrastructure.PARTITIONS) == part)) {
                customers.add(c);
            }
        }
        List<ProducerRecord<String, byte[]>> setup = new ArrayList<>();
        customers.forEach(c -> setup.add(record(customer(c, p, BillingType.MONTHLY, "2026-01-01T00:00:00Z"))));
        send(setup);

        // when poison is sent to every topic, on every partition
        List<ProducerRecord<String, byte[]>> bad = new ArrayList<>();
        for (int i = 0; i < POISON; i++) {
            String c = customers.get(poison.random().nextInt(customers.size()));
            bad.add(switch (i % 4) {
                case 0 -> poison.poisonEvent(Topics.TELEMETRY_HEARTBEATS, c,
                        envelope(heartbeat(c, "d-" + i, ProductCode.ENDPOINT_STANDARD, "u-" + i,
                                "2026-10-20T00:00:00Z")),
                        List.of("customerId", "deviceId", "userId"));
                case 1 -> poison.poisonEvent(Topics.CUSTOMERS_EVENTS, c, envelope(
                        new CustomerEvent.CustomerRenamed(c, p, "Renamed " + i, "Legal " + i, Instant.now())),
                        List.of("customerId", "partnerId", "name", "showAs"));
                case 2 -> poison.poisonEvent(Topics.CUSTOMERS_EVENTS, p, envelope(
                        new PartnerEvent.PartnerRenamed(p, "Renamed " + i, Instant.now())),
                        List.of("partnerId", "name"));
                default -> poison.poisonEvent(Topics.LICENSES_EVENTS, c, envelope(
                        new LicenseEvent.MonthlyLicenseSelected(c, p, ProductFamily.SERVER,
                                ProductCode.SERVER_ADVANCED, Instant.parse("2026-10-01T00:00:00Z"), Instant.now())),
                        List.of("customerId", "partnerId"));
            });
        }
        List<RecordMetadata> sent = send(bad);
        // and good records follow on every partition of every topic
        List<ProducerRecord<String, byte[]>> good = new ArrayList<>();
        for (String c : customers) {
            good.add(record(heartbeat(c, "good-" + c, ProductCode.ENDPOINT_STANDARD, null, "2026-10-20T00:00:00Z")));
            good.add(record(new CustomerEvent.CustomerRenamed(c, p, "Good " + c, "Good " + c, Instant.now())));
            good.add(record(new LicenseEvent.MonthlyLicenseSelected(c, p, ProductFamily.ENDPOINT,
                    ProductCode.ENDPOINT_ADVANCED, Instant.parse("2026-10-01T00:00:00Z"), Instant.now())));
        }
        good.add(record(new PartnerEvent.PartnerFlexApproved(p, "dist-" + run, PartnerTier.CONNECT_FLEX,
                Instant.now())));
        send(good);

        // then the good records are folded on every partition
        await("the good records after the poison", Duration.ofSeconds(60), () -> customers.stream().allMatch(
                c -> usage.find(c) != null && usage.find(c).deviceCount() == 1
                        && ("Good " + c).equals(state.customerName(c))
                        && state.selectionAt(c, ProductFamily.ENDPOINT, Instant.parse("2026-11-01T00:00:00Z"))
                                == ProductCode.ENDPOINT_ADVANCED));
        // and nothing of the poison reached the projections
        assertThat(state.partnerName(p)).as("the partner's name (no poisoned rename applied)").isEqualTo(partnerName);
        for (String c : customers) {
            assertThat(state.selectionAt(c, ProductFamily.SERVER, Instant.parse("2026-11-01T00:00:00Z")))
                    .as("no poisoned licence selection for " + c).isNull();
        }
        // and every poison record is a dead letter with its reason
        await("every poison record as a dead letter", Duration.ofSeconds(60),
                () -> deadLetters(sent).size() == sent.size());
        Map<String, String> reasons = deadLetters(sent);
        assertThat(reasons.values()).allMatch(r -> r != null && !r.isBlank());
        System.out.println("[billing PoisonPropertyTest] dead-letter reasons: " + new TreeMap<>(
                reasons.values().stream().collect(java.util.stream.Collectors.groupingBy(r -> r,
                        java.util.stream.Collectors.counting()))));
    }

    /** topic/partition@offset → reason, for the dead letters of these records. */
    Map<String, String> deadLetters(List<RecordMetadata> records) {
        return dev.metering.testsupport.PoisonRecords.deadLetters("kafka_offset", records);
    }

    List<RecordMetadata> send(List<ProducerRecord<String, byte[]>> records) {
        return topics.send(records);
    }

    static CloudEvent envelope(MeteringEvent e) {
        String id = e instanceof TelemetryEvent t ? t.eventId() : UUID.randomUUID().toString();
        return CloudEvents.wrap(id, "/poison-test", e);
    }

    static ProducerRecord<String, byte[]> record(MeteringEvent e) {
        String topic = e instanceof TelemetryEvent ? Topics.TELEMETRY_HEARTBEATS
                : e instanceof LicenseEvent ? Topics.LICENSES_EVENTS : Topics.CUSTOMERS_EVENTS;
        CloudEvent envelope = envelope(e);
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, e.subject(), CloudEvents.dataBytes(envelope));
        CloudEvents.binaryHeaders(envelope).forEach((k, v) -> r.headers().add(k, v));
        return r;
    }
}
