package dev.metering.psa.invoice;

import static dev.metering.psa.PsaTestApi.awaitDocument;
import static dev.metering.psa.PsaTestApi.count;
import static dev.metering.psa.PsaTestApi.invoice;
import static dev.metering.psa.PsaTestApi.invoiceTopic;
import static dev.metering.psa.PsaTestApi.line;
import static dev.metering.psa.PsaTestApi.publishBilling;
import static dev.metering.psa.PsaTestApi.string;
import static dev.metering.psa.PsaTestApi.topics;
import static dev.metering.psa.PsaTestApi.unique;
import static dev.metering.testsupport.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.contracts.CloudEvents;
import dev.metering.contracts.ProductCode;
import dev.metering.contracts.Topics;
import dev.metering.contracts.billing.BillingEvent.InvoiceIssued;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** Every consumed record is validated: a bad one is dead-lettered with its reason and never stops the consumer. */
@QuarkusTest
class InvoiceEventsConsumerTest {

    @Test
    void badBillingRecordsAreDeadLetteredAndTheNextGoodOneIsStillApplied() {
        String partner = unique("p");
        String distributor = unique("dist");
        String topic = invoiceTopic(distributor);
        topics().produce(new ProducerRecord<>(topic, partner, "{not json".getBytes(StandardCharsets.UTF_8)));
        // an invoice with a negative quantity
        publishBilling(invoice(partner, distributor, "2026-10", List.of(line("c-1", "C", ProductCode.WEB, -3))));
        // a document of another distributor on this distributor's topic
        InvoiceIssued foreign = invoice(partner, unique("other"), "2026-09", List.of(line("c-1", "C", ProductCode.WEB,
                1)));
        topics().produce(topic, partner, CloudEvents.wrap(UUID.randomUUID().toString(), "/billing-service", foreign));

        InvoiceIssued good = invoice(partner, distributor, "2026-11", List.of(line("c-1", "C", ProductCode.WEB, 7)));
        publishBilling(good);
        awaitDocument(good.invoiceId());

        await("three dead letters", () -> count("select count(*) from dead_letters where record_key = ?", partner) == 3);
        assertThat(string("select string_agg(reason, ',' order by id) from dead_letters where record_key = ?", partner))
                .isEqualTo("bad-json,invalid-document,invalid-document");
        assertThat(count("select quantity from invoiced_quantities where partner_id = ?", partner)).isEqualTo(7);
        assertThat(count("select count(*) from billing_documents where partner_id = ?", partner)).isEqualTo(1);
    }

    @Test
    void aBadCustomerRecordIsDeadLetteredAndCustomersKeepArriving() {
        String key = unique("bad");
        topics().produce(new ProducerRecord<>(Topics.CUSTOMERS_EVENTS, key, "[]".getBytes(StandardCharsets.UTF_8)));

        String customer = dev.metering.psa.PsaTestApi.knownCustomer(unique("p"), "Still Arrives Ltd");

        assertThat(customer).isNotNull();
        await("dead letter", () -> count("select count(*) from dead_letters where record_key = ?", key) == 1);
    }
}
