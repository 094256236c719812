package dev.metering.license.customer;

import static dev.metering.license.LicenceTestApi.as;
import static dev.metering.license.LicenceTestApi.count;
import static dev.metering.license.LicenceTestApi.knownCustomer;
import static dev.metering.license.LicenceTestApi.string;
import static dev.metering.license.LicenceTestApi.unique;
import static dev.metering.testsupport.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.metering.contracts.BillingType;
import dev.metering.contracts.CloudEvents;
import dev.metering.contracts.Topics;
import dev.metering.contracts.customer.CustomerEvent.BillingTypeChanged;
import dev.metering.contracts.customer.CustomerEvent.CustomerCreated;
import dev.metering.license.LicenceTestApi;
import dev.metering.license.licence.EndReason;
import dev.metering.license.licence.LicenceApiTest;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** customers.events through the real broker: customers learnt, conversions followed, bad records dead-lettered. */
@QuarkusTest
class CustomerEventsConsumerTest {

    @Test
    void givenAnUnknownCustomer_whenItsCreationIsConsumed_thenLicencesAreAccepted() {
        String p = unique("p");
        String c = unique("cust");
        as(p).body(LicenceApiTest.termLicence(unique("LIC"), "PARTNER")).post("/v1/customers/" + c + "/licenses")
                .then().statusCode(404).body("code", equalTo("customer-not-found"));

        LicenceTestApi.publish(new CustomerCreated(c, p, "Late Ltd", "Late", "DE", BillingType.TERM, false, null,
                Instant.now()));
        LicenceTestApi.awaitCustomer(c);

        as(p).body(LicenceApiTest.termLicence(unique("LIC"), "PARTNER")).post("/v1/customers/" + c + "/licenses")
                .then().statusCode(201);
    }

    @Test
    void givenTrials_whenCustomerServiceConvertsTheCustomerToMonthly_thenAllTrialsEnd_R4() {
        String p = unique("p");
        String c = knownCustomer(p, BillingType.TRIAL);
        String lic = unique("TRIAL");
        as(p).body(LicenceApiTest.trial(lic)).post("/v1/customers/" + c + "/licenses").then().statusCode(201);
        Instant effective = Instant.now(); // after the creation, and past by the time it is consumed

        LicenceTestApi.publish(new BillingTypeChanged(c, p, BillingType.TRIAL, BillingType.MONTHLY, effective,
                effective));
        await("trial ended", () -> "ended".equals(as(p).get("/v1/customers/" + c + "/licenses/" + lic).then()
                .extract().path("status")));

        as(p).get("/v1/customers/" + c + "/licenses/" + lic).then().body("endedReason",
                equalTo(EndReason.TRIAL_ENDED_BY_MONTHLY));
        assertThat(string("select billing_type from customers where customer_id = ?", c)).isEqualTo("MONTHLY");
        // the same record delivered again changes nothing
        long events = count("select count(*) from events where stream_id = ?", "licences-" + c);
        LicenceTestApi.publish(new BillingTypeChanged(c, p, BillingType.TRIAL, BillingType.MONTHLY, effective,
                effective));
        String marker = knownCustomer(p, BillingType.TERM); // consumed after the duplicate (same consumer, in order)
        assertThat(marker).isNotNull();
        assertThat(count("select count(*) from events where stream_id = ?", "licences-" + c)).isEqualTo(events);
    }

    @Test
    void aBadRecordIsDeadLetteredWithItsReasonAndDoesNotBlockTheNextOne() {
        String badKey = unique("bad");
        LicenceTestApi.topics().produce(new ProducerRecord<>(Topics.CUSTOMERS_EVENTS, badKey,
                "{not json".getBytes(StandardCharsets.UTF_8)));
        ProducerRecord<String, byte[]> wrongData = new ProducerRecord<>(Topics.CUSTOMERS_EVENTS, badKey,
                "{\"customerId\": 42, \"billingType\": \"GRATIS\"}".getBytes(StandardCharsets.UTF_8));
        CloudEvents.binaryHeaders(new dev.metering.contracts.CloudEvent("1.0", UUID.randomUUID().toString(),
                "/customer-service", "metering.customer.v1.created", badKey, Instant.now(), "application/json",
                null)).forEach((k, v) -> wrongData.headers().add(k, v));
        LicenceTestApi.topics().produce(wrongData);

        String p = unique("p");
        knownCustomer(p, BillingType.TERM);

        await("two dead letters", () -> count("select count(*) from dead_letters where record_key = ?", badKey) == 2);
        assertThat(string("select string_agg(reason, ',' order by id) from dead_letters where record_key = ?",
                badKey)).isEqualTo("bad-json,bad-data");
    }
}
