package dev.metering.license.licence;

import static dev.metering.license.LicenceTestApi.as;
import static dev.metering.license.LicenceTestApi.count;
import static dev.metering.license.LicenceTestApi.knownCustomer;
import static dev.metering.license.LicenceTestApi.licenceRecords;
import static dev.metering.license.LicenceTestApi.unique;
import static dev.metering.testsupport.Waits.holdsFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.metering.contracts.BillingType;
import dev.metering.contracts.CloudEvents;
import dev.metering.contracts.license.LicenseEvent;
import dev.metering.contracts.license.LicenseEvent.LicensingConverted;
import dev.metering.contracts.license.LicenseEvent.TermLicenseEnded;
import dev.metering.contracts.license.LicenseEvent.TermLicenseIssued;
import dev.metering.license.LicenceTestApi;
import dev.metering.license.licence.scheduling.LicenceScheduler;
import dev.metering.testsupport.TopicClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** R4, R9–R12, R14, R17a through REST, the real PostgreSQL and the real licenses.events topic. */
@QuarkusTest
public class LicenceApiTest {

    @Inject
    LicenceScheduler scheduler;

    public static Map<String, Object> termLicence(String id, String owner) {
        return Map.of("licenseId", id, "sku", "SKU-EP-ADV-1Y", "product", "ENDPOINT_ADVANCED", "quantity", 25,
                "startDate", LocalDate.now(ZoneOffset.UTC).toString(),
                "endDate", LocalDate.now(ZoneOffset.UTC).plusYears(1).toString(), "owner", owner);
    }

    public static Map<String, Object> trial(String id) {
        return Map.of("licenseId", id, "sku", "SKU-EP-ADV-TRIAL", "product", "ENDPOINT_ADVANCED", "quantity", 10,
                "startDate", LocalDate.now(ZoneOffset.UTC).toString(), "owner", "CUSTOMER", "trial", true);
    }

    static List<LicenseEvent> events(String customerId, int atLeast) {
        return licenceRecords(customerId, atLeast).stream()
                .map(r -> (LicenseEvent) CloudEvents.unwrap(TopicClient.envelope(r))).toList();
    }

    @Test
    void anIssuedLicenceIsListedInTheVendorShapeAndPublishedOnceKeyedByCustomer_R10() {
        String p = unique("p");
        String c = knownCustomer(p, BillingType.TERM);
        String lic = unique("LIC");

        as(p).body(termLicence(lic, "PARTNER")).post("/v1/customers/" + c + "/licenses").then().statusCode(201)
                .header("ETag", notNullValue())
                .body("licenseIdentifier", equalTo(lic)).body("id", notNullValue())
                .body("product.code", equalTo("ENDPOINT_ADVANCED")).body("type", equalTo("term"))
                .body("quantity", equalTo(25)).body("owner.type", equalTo("partner")).body("owner.id", equalTo(p))
                .body("status", equalTo("active"));

        as(p).get("/v1/licenses?pageTotal=true").then().statusCode(200).body("items", hasSize(1))
                .body("items[0].licenseIdentifier", equalTo(lic)).body("items[0].customerId", equalTo(c))
                .body("items[0].startDate", notNullValue()).body("items[0].endDate", notNullValue())
                .body("pages.items", equalTo(1));

        List<LicenseEvent> published = events(c, 1);
        holdsFor("one licence event", Duration.ofSeconds(1), () -> assertThat(events(c, 1)).hasSize(1));
        assertThat(published.get(0)).isInstanceOf(TermLicenseIssued.class);
        assertThat(((TermLicenseIssued) published.get(0)).licenseId()).isEqualTo(lic);
    }

    @Test
    void aLicenceForACustomerNotSeenOnCustomersEventsIsRejected() {
        String p = unique("p");
        as(p).body(termLicence(unique("LIC"), "PARTNER")).post("/v1/customers/never-seen/licenses").then()
                .statusCode(404).body("code", equalTo("customer-not-found"))
                .body("message", containsString("customers.events"));
    }

    @Test
    void givenTermLicence_whenTransferredToAnotherCustomer_thenRefusedAndNothingChanges_R11() {
        String p = unique("p");
        String c1 = knownCustomer(p, BillingType.TERM);
        String c2 = knownCustomer(p, BillingType.TERM);
        String lic = unique("LIC");
        as(p).body(termLicence(lic, "CUSTOMER")).post("/v1/customers/" + c1 + "/licenses").then().statusCode(201);
        long eventsBefore = count("select count(*) from events where stream_id = ?", "licences-" + c1);

        as(p).body(Map.of("toCustomerId", c2)).post("/v1/customers/" + c1 + "/licenses/" + lic + "/transfer")
                .then().statusCode(409).body("code", equalTo("licence-not-transferable"))
                .body("message", containsString("R11"));
        // issuing the same licence key to the other customer is the same move in disguise
        as(p).body(termLicence(lic, "CUSTOMER")).post("/v1/customers/" + c2 + "/licenses").then().statusCode(409)
                .body("code", equalTo("licence-not-transferable"));

        assertThat(count("select count(*) from events where stream_id = ?", "licences-" + c1)).isEqualTo(eventsBefore);
        assertThat(count("select count(*) from events where stream_id = ?", "licences-" + c2)).isZero();
        as(p).get("/v1/customers/" + c1 + "/licenses/" + lic).then().statusCode(200).body("customerId", equalTo(c1));
        as(p).get("/v1/customers/" + c2 + "/licenses").then().statusCode(200).body("items", hasSize(0));
    }

    @Test
    void givenTrialLicence_whenConvertedToPaid_thenItIsATermLicence_R12() {
        String p = unique("p");
        String c = knownCustomer(p, BillingType.TRIAL);
        String lic = unique("TRIAL");
        as(p).body(trial(lic)).post("/v1/customers/" + c + "/licenses").then().statusCode(201)
                .body("type", equalTo("trial"))
                .body("endDate", equalTo(LocalDate.now(ZoneOffset.UTC).plusDays(29).toString()));

        as(p).body(Map.of()).post("/v1/customers/" + c + "/licenses/" + lic + "/convert-to-paid").then()
                .statusCode(200).body("type", equalTo("term"))
                .body("endDate", equalTo(LocalDate.now(ZoneOffset.UTC).plusYears(1).minusDays(1).toString()));
        as(p).body(Map.of()).post("/v1/customers/" + c + "/licenses/" + lic + "/convert-to-paid").then()
                .statusCode(409).body("code", equalTo("not-a-trial"));
        as(p).body(Map.of("endDate", LocalDate.now(ZoneOffset.UTC).plusYears(3).toString()))
                .post("/v1/customers/" + c + "/licenses/" + lic + "/renew").then().statusCode(200)
                .body("endDate", equalTo(LocalDate.now(ZoneOffset.UTC).plusYears(3).toString()));
    }

    @Test
    void givenTrial_whenTheSchedulerRunsThirtyDaysLater_thenTheTrialExpired_R12() throws Throwable {
        String p = unique("p");
        String c = knownCustomer(p, BillingType.TRIAL);
        String lic = unique("TRIAL");
        as(p).body(trial(lic)).post("/v1/customers/" + c + "/licenses").then().statusCode(201);
        Instant expiry = LocalDate.now(ZoneOffset.UTC).plusDays(30).atStartOfDay(ZoneOffset.UTC).toInstant();

        VertxContextSupport.subscribeAndAwait(() -> scheduler.runDue(expiry.minusSeconds(1)));
        as(p).get("/v1/customers/" + c + "/licenses/" + lic).then().body("status", equalTo("active"))
                .body("endedReason", nullValue());

        VertxContextSupport.subscribeAndAwait(() -> scheduler.runDue(expiry.plusSeconds(30)));
        // ended at day 30 (still "active" for the real clock of this test, which is 30 days earlier)
        as(p).get("/v1/customers/" + c + "/licenses/" + lic).then().body("endedReason", equalTo("trial-expired"))
                .body("endedAt", equalTo(expiry.toString()));
        List<LicenseEvent> published = events(c, 2);
        assertThat(published.get(1)).isEqualTo(new TermLicenseEnded(c, p, lic, EndReason.TRIAL_EXPIRED, expiry,
                ((TermLicenseEnded) published.get(1)).occurredAt()));
    }

    @Test
    void givenTermCustomer_whenConvertedToMonthly_thenScheduledAndCompletedExactlyAtTheRenewalInstant_R9_R14()
            throws Throwable {
        String p = unique("p");
        String c = knownCustomer(p, BillingType.TERM);
        String lic = unique("LIC");
        as(p).body(termLicence(lic, "PARTNER")).post("/v1/customers/" + c + "/licenses").then().statusCode(201);
        Instant renewal = LocalDate.now(ZoneOffset.UTC).plusYears(1).plusDays(1).atStartOfDay(ZoneOffset.UTC)
                .toInstant();

        as(p).body(Map.of("selections", List.of("ENDPOINT_ADVANCED"))).post("/v1/customers/" + c
                + "/conversions/monthly").then().statusCode(202).body("status", equalTo("scheduled"))
                .body("effectiveAt", equalTo(renewal.toString()));
        as(p).body(Map.of()).post("/v1/customers/" + c + "/conversions/monthly").then().statusCode(409)
                .body("code", equalTo("conversion-already-scheduled"));

        // the scheduler runs late; the conversion still takes effect at the renewal instant
        VertxContextSupport.subscribeAndAwait(() -> scheduler.runDue(renewal.plusSeconds(3600)));

        List<LicenseEvent> published = events(c, 5);
        assertThat(published).hasSize(5);
        assertThat(published.get(2)).isInstanceOf(TermLicenseEnded.class);
        assertThat(((TermLicenseEnded) published.get(2)).reason()).isEqualTo(EndReason.CONVERTED_TO_MONTHLY);
        assertThat(((TermLicenseEnded) published.get(2)).effectiveAt()).isEqualTo(renewal);
        LicensingConverted converted = (LicensingConverted) published.get(4);
        assertThat(converted.from()).isEqualTo(BillingType.TERM);
        assertThat(converted.to()).isEqualTo(BillingType.MONTHLY);
        assertThat(converted.effectiveAt()).isEqualTo(renewal);
        as(p).get("/v1/customers/" + c + "/monthly-licenses?at=" + renewal).then().statusCode(200)
                .body("selections.ENDPOINT", equalTo("ENDPOINT_ADVANCED"));
        as(p).get("/v1/customers/" + c + "/monthly-licenses?at=" + renewal.minusSeconds(1)).then()
                .body("selections.ENDPOINT", nullValue());
    }

    @Test
    void givenTrialCustomer_whenConvertedToMonthly_thenAllTrialsEndAndMonthlyLicencesCanBeSelected_R4_R17a() {
        String p = unique("p");
        String c = knownCustomer(p, BillingType.TRIAL);
        as(p).body(trial(unique("T1"))).post("/v1/customers/" + c + "/licenses").then().statusCode(201);
        as(p).body(trial(unique("T2"))).post("/v1/customers/" + c + "/licenses").then().statusCode(201);
        as(p).body(Map.of("product", "SERVER_ADVANCED")).put("/v1/customers/" + c + "/monthly-licenses/server")
                .then().statusCode(409).body("code", equalTo("customer-not-monthly"));

        as(p).body(Map.of()).post("/v1/customers/" + c + "/conversions/monthly").then().statusCode(200)
                .body("status", equalTo("converted")).body("from", equalTo("TRIAL")).body("to", equalTo("MONTHLY"));
        as(p).get("/v1/customers/" + c + "/licenses").then().body("items.status", equalTo(List.of("ended", "ended")))
                .body("items.endedReason", equalTo(List.of(EndReason.TRIAL_ENDED_BY_MONTHLY,
                        EndReason.TRIAL_ENDED_BY_MONTHLY)));

        Instant midMonth = Instant.now().plusSeconds(3600);
        as(p).body(Map.of("product", "SERVER_STANDARD")).put("/v1/customers/" + c + "/monthly-licenses/server")
                .then().statusCode(200).body("selections.SERVER", equalTo("SERVER_STANDARD"));
        as(p).body(Map.of("product", "SERVER_ADVANCED", "effectiveAt", midMonth.toString()))
                .put("/v1/customers/" + c + "/monthly-licenses/server").then().statusCode(200)
                .body("selections.SERVER", equalTo("SERVER_ADVANCED"));
        as(p).get("/v1/customers/" + c + "/monthly-licenses").then().body("selections.SERVER",
                equalTo("SERVER_STANDARD")).body("history", hasSize(2)).body("owner", equalTo("partner"));
        as(p).body(Map.of("product", "SERVER_ADVANCED")).put("/v1/customers/" + c + "/monthly-licenses/endpoint")
                .then().statusCode(400).body("code", equalTo("product-not-in-family"));
        as(p).body(Map.of("product", "WEB")).put("/v1/customers/" + c + "/monthly-licenses/nonsense")
                .then().statusCode(400).body("code", equalTo("invalid-field"));

        // R10: a monthly customer uses partner-owned licences
        as(p).get("/v1/customers/" + c + "/license-overview").then().statusCode(200)
                .body("licences.usingPartnerOwned", equalTo(true)).body("licences.usingCustomerOwned", equalTo(false));
    }

    @Test
    void givenMonthlyCustomer_whenALicenceKeyIsApplied_thenItIsTermAgain_R4() {
        String p = unique("p");
        String c = knownCustomer(p, BillingType.MONTHLY);
        as(p).body(Map.of("product", "ENDPOINT_ADVANCED")).put("/v1/customers/" + c + "/monthly-licenses/endpoint")
                .then().statusCode(200);
        as(p).body(termLicence(unique("LIC"), "PARTNER")).post("/v1/customers/" + c + "/licenses").then()
                .statusCode(409).body("code", equalTo("customer-is-monthly"));

        String key = unique("KEY");
        Map<String, Object> body = new java.util.HashMap<>(termLicence(key, "CUSTOMER"));
        as(p).body(body).post("/v1/customers/" + c + "/conversions/term").then().statusCode(200)
                .body("status", equalTo("converted")).body("from", equalTo("MONTHLY")).body("to", equalTo("TERM"));
        as(p).get("/v1/customers/" + c + "/monthly-licenses").then().body("selections.ENDPOINT", nullValue());
        as(p).get("/v1/customers/" + c + "/license-overview").then()
                .body("licences.customerOwnedTermLicences", equalTo(1)).body("licences.usingCustomerOwned",
                        equalTo(true)).body("licences.usingPartnerOwned", equalTo(false));
    }

    @Test
    void theLicenceOverviewCountsCustomersByOwnership_R10() {
        String p = unique("p");
        String partnerOwned = knownCustomer(p, BillingType.TERM);
        String customerOwned = knownCustomer(p, BillingType.TERM);
        knownCustomer(p, BillingType.MONTHLY);
        knownCustomer(p, BillingType.TRIAL);
        as(p).body(termLicence(unique("LIC"), "PARTNER")).post("/v1/customers/" + partnerOwned + "/licenses").then()
                .statusCode(201);
        as(p).body(termLicence(unique("LIC"), "CUSTOMER")).post("/v1/customers/" + customerOwned + "/licenses")
                .then().statusCode(201);

        as(p).get("/v1/license-overview").then().statusCode(200).body("totals.customers", equalTo(4))
                .body("totals.usingPartnerOwned", equalTo(2)).body("totals.usingCustomerOwned", equalTo(1))
                .body("items", hasSize(4));
    }

    @Test
    void aWriteNamingAnOldVersionInIfMatchIsRefusedWith409AndChangesNothing() {
        String p = unique("p");
        String c = knownCustomer(p, BillingType.TERM);
        String lic = unique("LIC");
        String etag = as(p).body(termLicence(lic, "PARTNER")).post("/v1/customers/" + c + "/licenses").then()
                .statusCode(201).extract().header("ETag");
        String later = LocalDate.now(ZoneOffset.UTC).plusYears(2).toString();
        as(p).header("If-Match", etag).body(Map.of("endDate", later))
                .post("/v1/customers/" + c + "/licenses/" + lic + "/renew").then().statusCode(200);
        as(p).header("If-Match", etag).body(Map.of("endDate", LocalDate.now(ZoneOffset.UTC).plusYears(5).toString()))
                .post("/v1/customers/" + c + "/licenses/" + lic + "/renew").then().statusCode(409)
                .body("code", equalTo("concurrency-conflict"));
        as(p).get("/v1/customers/" + c + "/licenses/" + lic).then().body("endDate", equalTo(later));
    }

    @Test
    void badInputAnswers400InTheOneErrorBody() {
        String p = unique("p");
        String c = knownCustomer(p, BillingType.TERM);
        Map<String, Object> zero = new java.util.HashMap<>(termLicence(unique("LIC"), "PARTNER"));
        zero.put("quantity", 0);
        as(p).body(zero).post("/v1/customers/" + c + "/licenses").then().statusCode(400)
                .body("code", equalTo("invalid-quantity")).body("requestId", notNullValue());
        Map<String, Object> badOwner = new java.util.HashMap<>(termLicence(unique("LIC"), "NOBODY"));
        as(p).body(badOwner).post("/v1/customers/" + c + "/licenses").then().statusCode(400)
                .body("code", equalTo("invalid-field")).body("fields[0].field", equalTo("owner"));
        as(p).body(Map.of("sku", "X")).post("/v1/customers/" + c + "/licenses").then().statusCode(400)
                .body("code", equalTo("invalid-field"));
        as(p).body(Map.of("endDate", "2020-01-01")).post("/v1/customers/" + c + "/licenses/nope/renew").then()
                .statusCode(404).body("code", equalTo("licence-not-found"));
    }
}
