package dev.metering.license.customer;

import static dev.metering.license.LicenceTestApi.count;
import static dev.metering.license.LicenceTestApi.string;
import static dev.metering.license.LicenceTestApi.unique;
import static dev.metering.testsupport.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.contracts.BillingType;
import dev.metering.contracts.CloudEvent;
import dev.metering.contracts.CloudEvents;
import dev.metering.contracts.MeteringEvent;
import dev.metering.contracts.Topics;
import dev.metering.contracts.customer.CustomerEvent.BillingTypeChanged;
import dev.metering.contracts.customer.CustomerEvent.CustomerCreated;
import dev.metering.contracts.customer.CustomerEvent.CustomerRenamed;
import dev.metering.license.LicenceTestApi;
import dev.metering.testsupport.PoisonRecords;
import dev.metering.testsupport.RealInfrastructure;
import dev.metering.testsupport.ServiceFoundationContract;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
 * #14, finding 2 (license-service's part), a seeded property test over the one topic license-service consumes,
 * {@code customers.events}: random poison records (random bytes, huge values, tombstones, NUL and control
 * characters, lone surrogates, ids beyond PostgreSQL's index limit, damaged CloudEvent types, odd keys and
 * headers) on every partition. Each becomes a dead letter with its reason and its position (a record of an
 * unknown type is skipped by design: tolerant reader), none is applied, and the customers created and renamed
 * after it are learnt (R8). Seed: {@code -Dpoison.seed=N}.
 */
@QuarkusTest
class LicensePoisonPropertyTest {

    static final int POISON = 40;

    @Test
    void poisonOnCustomersEventsIsDeadLetteredAndTheCustomersAfterItAreLearnt() {
        PoisonRecords poison = PoisonRecords.seeded("license PoisonPropertyTest");
        String p = unique("pp");
        List<String> existing = PoisonRecords.keyPerPartition(unique("cust"), RealInfrastructure.PARTITIONS);
        existing.forEach(c -> LicenceTestApi.publish(created(c, p)));
        existing.forEach(LicenceTestApi::awaitCustomer);

        // when poison is sent on every partition
        List<ProducerRecord<String, byte[]>> bad = new ArrayList<>();
        for (int i = 0; i < POISON; i++) {
            String c = existing.get(i % existing.size());
            bad.add(switch (poison.random().nextInt(3)) {
                case 0 -> poison.poisonEvent(Topics.CUSTOMERS_EVENTS, c, envelope(created(unique("cust"), p)),
                        List.of("customerId", "partnerId", "name"));
                case 1 -> poison.poisonEvent(Topics.CUSTOMERS_EVENTS, c,
                        envelope(new CustomerRenamed(c, p, "Renamed " + i, "Renamed " + i, Instant.now())),
                        List.of("customerId", "partnerId", "name"));
                default -> poison.poisonEvent(Topics.CUSTOMERS_EVENTS, c, envelope(new BillingTypeChanged(c, p,
                        BillingType.TERM, BillingType.MONTHLY, Instant.now(), Instant.now())),
                        List.of("customerId", "partnerId"));
            });
        }
        List<RecordMetadata> sent = LicenceTestApi.topics().send(bad);
        // and good records follow on every partition
        List<String> after = PoisonRecords.keyPerPartition(unique("after"), RealInfrastructure.PARTITIONS);
        after.forEach(c -> LicenceTestApi.publish(created(c, p)));
        existing.forEach(c -> LicenceTestApi.publish(new CustomerRenamed(c, p, "Good " + c, "Good " + c,
                Instant.now())));

        // then the customers after the poison are learnt and the renames applied
        after.forEach(LicenceTestApi::awaitCustomer);
        for (String c : existing) {
            await("rename of " + c, () -> ("Good " + c).equals(string(
                    "select name from customers where customer_id = ?", c)));
            assertThat(string("select billing_type from customers where customer_id = ?", c))
                    .as("no poisoned billing type change applied to " + c).isEqualTo("TERM");
        }
        assertThat(count("select count(*) from customers where partner_id = ? and (customer_id ~ '[[:cntrl:]]' "
                + "or name ~ '[[:cntrl:]]' or length(customer_id) > 512)", p)).as("no poisoned customer").isZero();
        // and every poison record is a dead letter with its reason, unless of an unknown type
        List<RecordMetadata> expected = new ArrayList<>();
        for (int i = 0; i < bad.size(); i++) {
            if (!PoisonRecords.unknownType(bad.get(i))) {
                expected.add(sent.get(i));
            }
        }
        await("every poison record as a dead letter", () -> deadLetters(expected).size() == expected.size());
        System.out.println("[license PoisonPropertyTest] " + expected.size() + " dead letters, "
                + (bad.size() - expected.size()) + " of unknown types skipped; reasons " + reasons(expected));
    }

    static CustomerCreated created(String c, String p) {
        return new CustomerCreated(c, p, "Customer " + c, "Customer " + c, "DE", BillingType.TERM, false, null,
                Instant.now());
    }

    static CloudEvent envelope(MeteringEvent e) {
        return CloudEvents.wrap(UUID.randomUUID().toString(), "/customer-service", e);
    }

    static Map<String, Long> reasons(List<RecordMetadata> records) {
        Map<String, Long> out = new TreeMap<>();
        deadLetters(records).values().forEach(r -> out.merge(r, 1L, Long::sum));
        return out;
    }

    /** topic/partition@offset → reason, for the dead letters of these records. */
    static Map<String, String> deadLetters(List<RecordMetadata> records) {
        return dev.metering.testsupport.PoisonRecords.deadLetters("record_offset", records);
    }
}
