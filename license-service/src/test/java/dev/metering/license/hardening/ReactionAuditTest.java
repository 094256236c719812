package dev.metering.license.hardening;

import static dev.metering.license.LicenceTestApi.as;
import static dev.metering.license.LicenceTestApi.knownCustomer;
import static dev.metering.license.LicenceTestApi.string;
import static dev.metering.license.LicenceTestApi.unique;
import static dev.metering.testsupport.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.contracts.Audit;
import dev.metering.contracts.BillingType;
import dev.metering.contracts.CloudEvent;
import dev.metering.contracts.CloudEvents;
import dev.metering.contracts.Topics;
import dev.metering.contracts.customer.CustomerEvent.BillingTypeChanged;
import dev.metering.license.LicenceTestApi;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 finding 5: what license-service does in reaction to a consumed customer event is recorded as
 * the service's own act, caused by that event and within its correlation (real broker and PostgreSQL).
 */
@QuarkusTest
class ReactionAuditTest {

    @Test
    void givenACustomerEventWithAnAuditTrail_whenLicenceServiceReacts_thenItsEventsAreCausedByThatEvent_R4() {
        // given a trial customer with a trial licence
        String p = unique("p");
        String c = knownCustomer(p, BillingType.TRIAL);
        String lic = unique("LIC");
        as(p).body(Map.of("licenseId", lic, "sku", "SKU-EP-ADV-TRIAL", "product", "ENDPOINT_ADVANCED", "quantity",
                10, "startDate", LocalDate.now(ZoneOffset.UTC).toString(), "owner", "CUSTOMER", "trial", true))
                .post("/v1/customers/" + c + "/licenses").then().statusCode(201);

        // when customer-service publishes its conversion to monthly, caused by an operator's request
        String eventId = UUID.randomUUID().toString();
        Instant now = Instant.now();
        CloudEvent envelope = CloudEvents.wrap(eventId, "/customer-service", new BillingTypeChanged(c, p,
                BillingType.TRIAL, BillingType.MONTHLY, now, now),
                new Audit("operator-1", "operator", "corr-op-" + eventId, "req-1"));
        LicenceTestApi.topics().produce(Topics.CUSTOMERS_EVENTS, c, envelope);

        // then the trial's end is recorded by license-service itself, caused by that event, in its correlation
        String stream = "licences-" + c;
        await("trial ended", () -> LicenceTestApi.count("select count(*) from events where stream_id = ?"
                + " and type = 'metering.license.v1.term-ended'", stream) == 1);
        String where = " from events where stream_id = ? and type = 'metering.license.v1.term-ended'";
        assertThat(string("select actor" + where, stream)).isEqualTo("system:license-service");
        assertThat(string("select actor_role" + where, stream)).isEqualTo("system");
        assertThat(string("select causation_id" + where, stream)).isEqualTo(eventId);
        assertThat(string("select correlation_id" + where, stream)).isEqualTo("corr-op-" + eventId);
    }

}
