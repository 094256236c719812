package dev.metering.psa;

import static dev.metering.psa.PsaTestApi.count;
import static dev.metering.psa.PsaTestApi.invoice;
import static dev.metering.psa.PsaTestApi.invoiceTopic;
import static dev.metering.psa.PsaTestApi.line;
import static dev.metering.psa.PsaTestApi.string;
import static dev.metering.psa.PsaTestApi.unique;
import static dev.metering.testsupport.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.contracts.BillingType;
import dev.metering.contracts.CloudEvent;
import dev.metering.contracts.CloudEvents;
import dev.metering.contracts.MeteringEvent;
import dev.metering.contracts.ProductCode;
import dev.metering.contracts.Topics;
import dev.metering.contracts.billing.BillingEvent.InvoiceIssued;
import dev.metering.contracts.customer.CustomerEvent.BillingTypeChanged;
import dev.metering.contracts.customer.CustomerEvent.CustomerCreated;
import dev.metering.contracts.customer.CustomerEvent.CustomerRenamed;
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
 * #14, finding 2 (psa-connector's part), a seeded property test over every topic psa-connector consumes:
 * {@code customers.events}, a distributor's {@code billing.invoices.<distributor>} and {@code billing.usage}. Random poison records
 * (random bytes, huge values, tombstones, NUL and control characters, lone surrogates, ids beyond PostgreSQL's
 * index limit, damaged CloudEvent types, odd keys and headers) on every partition; each becomes a dead letter with
 * its reason and position (a record of an unknown type is skipped by design), none is applied, and the customers
 * and invoices after it are taken in. Seed: {@code -Dpoison.seed=N}.
 */
@QuarkusTest
class PsaPoisonPropertyTest {

    static final int POISON = 40;

    @Test
    void poisonOnEveryConsumedTopicIsDeadLetteredAndTheRecordsAfterItAreTakenIn() {
        PoisonRecords poison = PoisonRecords.seeded("psa PoisonPropertyTest");
        String p = unique("pp");
        String distributor = unique("dist");
        String invoices = invoiceTopic(distributor);
        List<String> existing = PoisonRecords.keyPerPartition(unique("cust"), RealInfrastructure.PARTITIONS);
        existing.forEach(c -> PsaTestApi.publishCustomerEvent(created(c, p)));
        for (String c : existing) {
            await("customer " + c, () -> count("select count(*) from customers where customer_id = ?", c) == 1);
        }

        // when poison is sent to every consumed topic, on every partition
        List<ProducerRecord<String, byte[]>> bad = new ArrayList<>();
        for (int i = 0; i < POISON; i++) {
            String c = existing.get(i % existing.size());
            bad.add(switch (poison.random().nextInt(5)) {
                case 0 -> poison.poisonEvent(Topics.CUSTOMERS_EVENTS, c, envelope(created(unique("cust"), p)),
                        List.of("customerId", "partnerId", "name"));
                case 1 -> poison.poisonEvent(Topics.CUSTOMERS_EVENTS, c,
                        envelope(new CustomerRenamed(c, p, "Renamed " + i, "Renamed " + i, Instant.now())),
                        List.of("customerId", "partnerId", "name"));
                case 2 -> poison.poisonEvent(Topics.CUSTOMERS_EVENTS, c, envelope(new BillingTypeChanged(c, p,
                        BillingType.MONTHLY, BillingType.TERM, Instant.now(), Instant.now())),
                        List.of("customerId", "partnerId"));
                case 3 -> poison.poisonEvent(Topics.BILLING_USAGE, c, envelope(PsaTestApi.snapshot(p, c, Instant.now(),
                        PsaTestApi.usage(ProductCode.FIREWALL_FULL_GUARD, 1, "SN-" + i))),
                        List.of("snapshotId", "partnerId", "customerId", "customerName"));
                default -> poison.poisonEvent(invoices, p, envelope(invoice(p, distributor, "2025-0" + (1 + i % 9),
                        List.of(line(c, "C", ProductCode.ENDPOINT_STANDARD, 3)))),
                        List.of("invoiceId", "partnerId", "partnerName", "currency"));
            });
        }
        List<RecordMetadata> sent = PsaTestApi.topics().send(bad);
        // and good records follow on every partition
        List<String> after = PoisonRecords.keyPerPartition(unique("after"), RealInfrastructure.PARTITIONS);
        after.forEach(c -> PsaTestApi.publishCustomerEvent(created(c, p)));
        existing.forEach(c -> PsaTestApi.publishCustomerEvent(new CustomerRenamed(c, p, "Good " + c, "Good " + c,
                Instant.now())));
        InvoiceIssued good = invoice(p, distributor, "2026-11", List.of(line(existing.get(0), "C",
                ProductCode.ENDPOINT_STANDARD, 7)));
        PsaTestApi.publishBilling(good);
        var goodUsage = PsaTestApi.snapshot(p, existing.get(0), Instant.now().plusSeconds(60),
                PsaTestApi.usage(ProductCode.ENDPOINT_STANDARD, 7));
        PsaTestApi.publishUsage(goodUsage);

        // then they are taken in
        for (String c : after) {
            await("customer " + c, () -> count("select count(*) from customers where customer_id = ?", c) == 1);
        }
        for (String c : existing) {
            await("rename of " + c, () -> ("Good " + c).equals(string(
                    "select name from customers where customer_id = ?", c)));
            assertThat(string("select billing_type from customers where customer_id = ?", c))
                    .as("no poisoned billing type change applied to " + c).isEqualTo("MONTHLY");
        }
        PsaTestApi.awaitDocument(good.invoiceId());
        assertThat(count("select count(*) from billing_documents where partner_id = ?", p))
                .as("only the good invoice of the partner").isEqualTo(1);
        assertThat(count("select count(*) from usage_snapshots where partner_id = ?", p))
                .as("only the good usage snapshot of the partner").isEqualTo(1);
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
        Map<String, Long> reasons = new TreeMap<>();
        deadLetters(expected).values().forEach(r -> reasons.merge(r, 1L, Long::sum));
        System.out.println("[psa PoisonPropertyTest] " + expected.size() + " dead letters, "
                + (bad.size() - expected.size()) + " of unknown types skipped; reasons " + reasons);
    }

    static CustomerCreated created(String c, String p) {
        return new CustomerCreated(c, p, "Customer " + c, "Customer " + c, "DE", BillingType.MONTHLY, true, null,
                Instant.now());
    }

    static CloudEvent envelope(MeteringEvent e) {
        return CloudEvents.wrap(UUID.randomUUID().toString(), "/poison-test", e);
    }

    /** topic/partition@offset → reason, for the dead letters of these records. */
    static Map<String, String> deadLetters(List<RecordMetadata> records) {
        return dev.metering.testsupport.PoisonRecords.deadLetters("record_offset", records);
    }
}
