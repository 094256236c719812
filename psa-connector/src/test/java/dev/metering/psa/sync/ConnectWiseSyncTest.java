package dev.metering.psa.sync;

import static dev.metering.psa.PsaTestApi.as;
import static dev.metering.testsupport.Waits.await;
import static dev.metering.psa.PsaTestApi.awaitDocument;
import static dev.metering.psa.PsaTestApi.invoice;
import static dev.metering.psa.PsaTestApi.knownCustomer;
import static dev.metering.psa.PsaTestApi.line;
import static dev.metering.psa.PsaTestApi.publishBilling;
import static dev.metering.psa.PsaTestApi.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import dev.metering.contracts.ProductCode;
import dev.metering.contracts.customer.CustomerEvent.CustomerMigrated;
import dev.metering.contracts.customer.CustomerEvent.CustomerRenamed;
import dev.metering.contracts.billing.BillingEvent.AdjustmentIssued;
import dev.metering.contracts.billing.BillingEvent.InvoiceIssued;
import dev.metering.psa.PsaTestApi;
import dev.metering.psa.stub.ConnectWiseStub;
import dev.metering.psa.sync.scheduling.NightlySync;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The PSA sync end to end: customers from customers.events, an invoice on the real billing topic, a partner
 * that connects its ConnectWise Manage (the WireMock contract stub) and confirms the suggested mappings.
 */
@QuarkusTest
class ConnectWiseSyncTest {

    @Inject
    NightlySync nightly;

    static final ConnectWiseStub PSA = ConnectWiseStub.get();

    /** A partner with two monthly customers mapped to two PSA companies' agreements, and a closed month. */
    record World(String partner, String distributor, String acme, String beta, long acmeAgreement,
            long betaAgreement, String period) {
    }

    static World world() {
        String partner = unique("p");
        String distributor = unique("dist");
        String suffix = partner.substring(2);
        String acme = knownCustomer(partner, "Acme Dental " + suffix + " GmbH");
        String beta = knownCustomer(partner, "Beta Logistics " + suffix);
        long acmeCompany = PSA.addCompany("ACME Dental " + suffix);
        long betaCompany = PSA.addCompany("Beta Logistics " + suffix + " Ltd");
        PSA.addCompany("Unrelated Bakery " + suffix);
        long acmeAgreement = PSA.addAgreement(acmeCompany, "Managed security");
        long betaAgreement = PSA.addAgreement(betaCompany, "MSP bundle");
        connect(partner);

        // suggested by name, then confirmed by the partner
        JsonPath suggestions = as(partner).get("/v1/psa/customer-mappings").then().statusCode(200).extract().jsonPath();
        assertThat(suggestions.getLong("find { it.customerId == '" + acme + "' }.companyId")).isEqualTo(acmeCompany);
        assertThat(suggestions.getLong("find { it.customerId == '" + beta + "' }.companyId")).isEqualTo(betaCompany);
        assertThat(suggestions.getList("find { it.customerId == '" + acme + "' }.agreements.id", Long.class))
                .containsExactly(acmeAgreement);
        confirm(partner, acme, acmeCompany, acmeAgreement);
        confirm(partner, beta, betaCompany, betaAgreement);

        String period = "2026-11";
        InvoiceIssued invoice = invoice(partner, distributor, period, List.of(
                line(acme, "Acme", ProductCode.ENDPOINT_ADVANCED, 12),
                line(acme, "Acme", ProductCode.SERVER_STANDARD, 3),
                line(beta, "Beta", ProductCode.ENDPOINT_ADVANCED, 5)));
        publishBilling(invoice);
        awaitDocument(invoice.invoiceId());
        return new World(partner, distributor, acme, beta, acmeAgreement, betaAgreement, period);
    }

    static void connect(String partner) {
        as(partner).body(Map.of("type", "connectwise-manage", "site", PSA.site(), "companyId", ConnectWiseStub.COMPANY_ID,
                "publicKey", ConnectWiseStub.PUBLIC_KEY, "privateKey", ConnectWiseStub.PRIVATE_KEY, "clientId",
                ConnectWiseStub.CLIENT_ID, "catalogSubcategoryId", 7, "catalogTypeId", 3))
                .put("/v1/psa/connection").then().statusCode(200);
    }

    static void confirm(String partner, String customer, long company, long agreement) {
        as(partner).body(Map.of("companyId", company, "agreementId", agreement))
                .put("/v1/psa/customer-mappings/" + customer).then().statusCode(200)
                .body("agreementId", equalTo((int) agreement));
    }

    static JsonPath syncNow(String partner) {
        return as(partner).post("/v1/psa/sync").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void givenAClosedMonth_whenSynced_thenTheAgreementsHoldTheInvoiceLines_andASecondRunChangesNothing_R25() {
        World w = world();

        JsonPath first = syncNow(w.partner());

        assertThat(first.getString("period")).isEqualTo(w.period());
        assertThat(first.getList("customers.status")).containsOnly("OK");
        assertThat(PSA.quantities(w.acmeAgreement())).containsExactlyInAnyOrderEntriesOf(Map.of(
                "SKU-ENDPOINT-ADVANCED-M", 12L, "SKU-SERVER-STANDARD-M", 3L));
        assertThat(PSA.quantities(w.betaAgreement())).containsExactlyInAnyOrderEntriesOf(Map.of(
                "SKU-ENDPOINT-ADVANCED-M", 5L));
        // the catalog items were missing and created on the first sync, with the invoice's unit price
        assertThat(PSA.catalogIdentifiers()).contains("SKU-ENDPOINT-ADVANCED-M", "SKU-SERVER-STANDARD-M");
        assertThat(PSA.additions(w.acmeAgreement())).allSatisfy(a -> {
            assertThat(a.get("billCustomer").asText()).isEqualTo("Billable");
            assertThat(a.get("unitPrice").decimalValue()).isEqualByComparingTo(new BigDecimal("2.50"));
            assertThat(a.get("effectiveDate").asText()).isEqualTo("2026-11-01T00:00:00Z");
        });

        long writes = PSA.count("POST", p -> true) + PSA.count("PATCH", p -> true);
        JsonPath second = syncNow(w.partner());

        assertThat(PSA.count("POST", p -> true) + PSA.count("PATCH", p -> true)).as("writes of the second run")
                .isEqualTo(writes);
        assertThat(second.getInt("customers.find { it.customerId == '" + w.acme() + "' }.unchanged")).isEqualTo(2);
        assertThat(second.getInt("customers.find { it.customerId == '" + w.beta() + "' }.unchanged")).isEqualTo(1);
        assertThat(second.getList("customers.created", Integer.class)).containsOnly(0);
        assertThat(PSA.quantities(w.acmeAgreement())).containsEntry("SKU-ENDPOINT-ADVANCED-M", 12L);
    }

    @Test
    void givenASyncedMonth_whenAnAdjustmentArrives_thenTheNextSyncChangesOnlyThatQuantity_R28() {
        World w = world();
        syncNow(w.partner());
        AdjustmentIssued adjustment = new AdjustmentIssued(unique("adj"), "inv-" + w.partner() + "-" + w.period(),
                w.partner(), w.distributor(), w.period(), "late heartbeats", "EUR",
                List.of(line(w.acme(), "Acme", ProductCode.ENDPOINT_ADVANCED, -2)), new BigDecimal("-5.00"),
                Instant.now());
        publishBilling(adjustment);
        awaitDocument(adjustment.adjustmentId());

        long posts = PSA.count("POST", p -> true);
        JsonPath report = syncNow(w.partner());

        assertThat(PSA.quantities(w.acmeAgreement())).containsEntry("SKU-ENDPOINT-ADVANCED-M", 10L)
                .containsEntry("SKU-SERVER-STANDARD-M", 3L);
        assertThat(PSA.count("POST", p -> true)).isEqualTo(posts);
        assertThat(report.getInt("customers.find { it.customerId == '" + w.acme() + "' }.updated")).isEqualTo(1);
    }

    @Test
    void givenThePsaAnswers429_whenSyncing_thenTheRetryAfterIsWaitedOutAndTheSyncSucceeds() {
        World w = world();
        long throttledBefore = PSA.countStatus(429);
        PSA.throttleNext(2, 1);

        long t0 = System.nanoTime();
        JsonPath report = syncNow(w.partner());
        long ms = (System.nanoTime() - t0) / 1_000_000;

        assertThat(PSA.countStatus(429) - throttledBefore).isEqualTo(2);
        assertThat(ms).as("two Retry-After: 1 waited out").isGreaterThanOrEqualTo(2000);
        assertThat(report.getList("customers.status")).containsOnly("OK");
        assertThat(PSA.quantities(w.acmeAgreement())).containsEntry("SKU-ENDPOINT-ADVANCED-M", 12L);
    }

    @Test
    void givenRevokedKeys_whenSyncing_thenEachCustomersSyncStatusShowsThePsasOwnError() {
        World w = world();
        PSA.revokeKeys(true);
        try {
            syncNow(w.partner());
        } finally {
            PSA.revokeKeys(false);
        }

        JsonPath status = as(w.partner()).get("/v1/psa/sync-status").then().statusCode(200).extract().jsonPath();
        assertThat(status.getString("find { it.customerId == '" + w.acme() + "' }.status")).isEqualTo("FAILED");
        assertThat(status.getString("find { it.customerId == '" + w.acme() + "' }.error"))
                .contains("HTTP 401").contains("The API member's keys are no longer valid (revoked)");
        assertThat(PSA.quantities(w.acmeAgreement())).isEmpty();

        // once the keys work again, the next run catches up
        syncNow(w.partner());
        as(w.partner()).get("/v1/psa/sync-status").then().body("find { it.customerId == '" + w.acme() + "' }.status",
                equalTo("OK"));
    }

    @Test
    void givenAQuantityEditedInThePsa_whenReconciling_thenThatLineIsFlagged() {
        World w = world();
        syncNow(w.partner());
        long endpointAddition = PSA.additions(w.acmeAgreement()).stream()
                .filter(a -> a.get("product").get("identifier").asText().equals("SKU-ENDPOINT-ADVANCED-M"))
                .findFirst().orElseThrow().get("id").asLong();
        PSA.editQuantity(endpointAddition, 20);

        JsonPath report = as(w.partner()).get("/v1/psa/reconciliation?period=" + w.period()).then().statusCode(200)
                .extract().jsonPath();

        assertThat(report.getInt("flagged")).isEqualTo(1);
        String edited = "lines.find { it.customerId == '" + w.acme() + "' && it.product == 'ENDPOINT_ADVANCED' }";
        assertThat(report.getString(edited + ".status")).isEqualTo("EDITED_ON_PSA");
        assertThat(report.getLong(edited + ".invoicedQuantity")).isEqualTo(12);
        assertThat(report.getLong(edited + ".syncedQuantity")).isEqualTo(12);
        assertThat(report.getLong(edited + ".psaQuantity")).isEqualTo(20);
        assertThat(report.getList("lines.findAll { it.status == 'MATCH' }")).hasSize(2);
    }

    @Test
    void givenARealTimeSnapshot_theDailySyncPutsTheRealTimeQuantityOnTheAgreement_withTheFirewallSerials_andASecondRunChangesNothing_R20_R26() {
        // given a partner in DAILY mode whose customer's latest real-time usage arrived from billing (R16-R20)
        World w = world();
        as(w.partner()).body(Map.of("mode", "daily")).put("/v1/psa/sync-mode").then().statusCode(200)
                .body("mode", equalTo("DAILY"));
        Instant now = Instant.now();
        String open = java.time.YearMonth.from(now.atZone(java.time.ZoneOffset.UTC)).toString();
        PsaTestApi.publishUsage(PsaTestApi.snapshot(w.partner(), w.acme(), now.minusSeconds(60),
                PsaTestApi.usage(ProductCode.ENDPOINT_ADVANCED, 9),
                PsaTestApi.usage(ProductCode.FIREWALL_FULL_GUARD, 2, "SN-A-" + w.partner(), "SN-B-" + w.partner())));
        PsaTestApi.publishUsage(PsaTestApi.snapshot(w.partner(), w.acme(), now,
                PsaTestApi.usage(ProductCode.ENDPOINT_ADVANCED, 14),
                PsaTestApi.usage(ProductCode.FIREWALL_FULL_GUARD, 2, "SN-A-" + w.partner(), "SN-B-" + w.partner())));

        // when the nightly sync runs
        nightly.syncAll();

        // then the agreement holds the LATEST real-time quantities (not the invoiced 12), for the open period
        assertThat(PSA.quantities(w.acmeAgreement())).containsExactlyInAnyOrderEntriesOf(Map.of(
                "ENDPOINT_ADVANCED", 14L, "FIREWALL_FULL_GUARD", 2L));
        assertThat(PSA.quantities(w.betaAgreement())).as("no snapshot of beta, nothing written").isEmpty();
        assertThat(PSA.additions(w.acmeAgreement())).allSatisfy(a -> assertThat(a.get("effectiveDate").asText())
                .isEqualTo(open + "-01T00:00:00Z"));
        // ... and the firewall's addition carries the serial numbers counted (R26)
        assertThat(PSA.additions(w.acmeAgreement()).stream().map(a -> a.get("description").asText()))
                .anyMatch(d -> d.startsWith("FIREWALL_FULL_GUARD") && d.contains("SN-A-" + w.partner() + ", SN-B-"
                        + w.partner()));
        as(w.partner()).get("/v1/psa/sync-status").then().body("find { it.customerId == '" + w.acme() + "' }.period",
                equalTo(open));

        // when synced again
        long writes = PSA.count("POST", p -> true) + PSA.count("PATCH", p -> true);
        JsonPath second = as(w.partner()).post("/v1/psa/sync/daily").then().statusCode(200).extract().jsonPath();

        // then nothing changes
        assertThat(PSA.count("POST", p -> true) + PSA.count("PATCH", p -> true)).as("writes of the second run")
                .isEqualTo(writes);
        assertThat(second.getInt("customers.find { it.customerId == '" + w.acme() + "' }.unchanged")).isEqualTo(2);

        // and a new snapshot with a third serial updates the quantity and the serials, nothing else
        PsaTestApi.publishUsage(PsaTestApi.snapshot(w.partner(), w.acme(), now.plusSeconds(1),
                PsaTestApi.usage(ProductCode.ENDPOINT_ADVANCED, 14), PsaTestApi.usage(ProductCode.FIREWALL_FULL_GUARD,
                        3, "SN-A-" + w.partner(), "SN-B-" + w.partner(), "SN-C-" + w.partner())));
        JsonPath third = as(w.partner()).post("/v1/psa/sync/daily").then().statusCode(200).extract().jsonPath();
        assertThat(third.getInt("customers.find { it.customerId == '" + w.acme() + "' }.updated")).isEqualTo(1);
        assertThat(PSA.quantities(w.acmeAgreement())).containsEntry("FIREWALL_FULL_GUARD", 3L);
        as(w.partner()).body(Map.of("mode", "hourly")).put("/v1/psa/sync-mode").then().statusCode(400);
    }

    @Test
    void theNightlySyncSyncsEveryConnectedPartnersNewestPeriod() {
        World w = world();

        nightly.syncAll();

        assertThat(PSA.quantities(w.acmeAgreement())).containsEntry("SKU-ENDPOINT-ADVANCED-M", 12L);
        as(w.partner()).get("/v1/psa/sync-status").then().body("find { it.customerId == '" + w.beta() + "' }.status",
                equalTo("OK")).body("find { it.customerId == '" + w.beta() + "' }.period", equalTo(w.period()));
    }

    @Test
    void theConnectionKeepsItsKeysEncryptedAndNeverShowsThem_andAnotherPartnerSeesNothing() {
        String partner = unique("p");
        connect(partner);

        as(partner).get("/v1/psa/connection").then().statusCode(200)
                .body("site", equalTo(PSA.site())).body("keys", equalTo("stored encrypted"))
                .body(not(containsString(ConnectWiseStub.PRIVATE_KEY)))
                .body(not(containsString(ConnectWiseStub.PUBLIC_KEY)));
        String stored = PsaTestApi.string("select public_key_enc || private_key_enc from psa_connections"
                + " where partner_id = ?", partner);
        assertThat(stored).doesNotContain(ConnectWiseStub.PRIVATE_KEY).doesNotContain(ConnectWiseStub.PUBLIC_KEY)
                .startsWith("v1:");
        as(unique("other")).get("/v1/psa/connection").then().statusCode(404).body("code", equalTo("no-psa-connection"));
        as(partner).body(Map.of("site", "http://psa.example.com", "companyId", "x", "publicKey", "a", "privateKey",
                "b", "clientId", "c")).put("/v1/psa/connection").then().statusCode(400)
                .body("code", equalTo("invalid-field")).body("fields[0].field", equalTo("site"));
    }

    /** Sends both requests at the same moment; returns their status codes. */
    static List<Integer> together(java.util.function.Supplier<Integer> a, java.util.function.Supplier<Integer> b) {
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<Integer>> sent = List.of(a, b).stream().map(call -> pool.submit(() -> {
                start.await();
                return call.get();
            })).toList();
            List<Integer> codes = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<Integer> f : sent) {
                codes.add(f.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            return codes;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    static int putConnection(String partner, String companyId) {
        return as(partner).body(Map.of("type", "connectwise-manage", "site", PSA.site(), "companyId", companyId,
                "publicKey", ConnectWiseStub.PUBLIC_KEY, "privateKey", ConnectWiseStub.PRIVATE_KEY, "clientId",
                ConnectWiseStub.CLIENT_ID)).put("/v1/psa/connection").then().extract().statusCode();
    }

    @Test
    void twoSimultaneousFirstConnections_bothSucceed_andTheStoredConnectionIsOneOfThem() {
        for (int round = 0; round < 12; round++) {
            // given: a partner with no connection yet
            String partner = unique("p");

            // when: two first PUTs for it arrive at the same moment
            List<Integer> codes = together(() -> putConnection(partner, "first"), () -> putConnection(partner,
                    "second"));

            // then: both are accepted (no 5xx for the one that lost the race), and one of them is stored
            assertThat(codes).as("round %d", round).containsExactly(200, 200);
            assertThat(as(partner).get("/v1/psa/connection").then().statusCode(200).extract().jsonPath()
                    .getString("companyId")).isIn("first", "second");
        }
    }

    @Test
    void twoSimultaneousFirstConfirmationsOfACustomer_bothSucceed_andTheMappingIsOneOfThem() {
        String partner = unique("p");
        connect(partner);
        long company = PSA.addCompany("Race Dental " + partner);
        long one = PSA.addAgreement(company, "Bundle one");
        long two = PSA.addAgreement(company, "Bundle two");
        for (int round = 0; round < 8; round++) {
            // given: the partner's customer, not mapped yet
            String customer = knownCustomer(partner, "Race Dental " + partner + " " + round);

            // when: two first confirmations of its mapping arrive at the same moment
            List<Integer> codes = together(() -> confirmCode(partner, customer, company, one),
                    () -> confirmCode(partner, customer, company, two));

            // then: both are accepted and the mapping is one of the two
            assertThat(codes).as("round %d", round).containsExactly(200, 200);
            assertThat(mappingPage(partner).get(customer)).isIn(one, two);
        }
    }

    static int confirmCode(String partner, String customer, long company, long agreement) {
        return as(partner).body(Map.of("companyId", company, "agreementId", agreement))
                .put("/v1/psa/customer-mappings/" + customer).then().extract().statusCode();
    }

    /** The partner's customers as its mapping page lists them: customer id → the confirmed agreement, or 0. */
    static Map<String, Long> mappingPage(String partner) {
        JsonPath page = as(partner).get("/v1/psa/customer-mappings").then().statusCode(200).extract().jsonPath();
        Map<String, Long> out = new java.util.HashMap<>();
        for (int i = 0; i < page.getList("$").size(); i++) {
            Long agreement = page.getObject("[" + i + "].confirmed.agreementId", Long.class);
            out.put(page.getString("[" + i + "].customerId"), agreement == null ? 0L : agreement);
        }
        return out;
    }

    @Test
    void givenAMappedCustomer_whenItMigrates_thenOnlyTheNewPartnerSeesIt_unmapped_andALateOlderMigrationNeitherMovesItBackNorDropsTheNewMapping_R8() {
        World w = world();
        String newPartner = unique("p");
        connect(newPartner);

        // when: the customer moves to the new partner
        Instant movedAt = Instant.now();
        PsaTestApi.publishCustomerEvent(new CustomerMigrated(w.acme(), newPartner, unique("mig"), w.partner(),
                movedAt, movedAt));

        // then: the new partner manages it, without the old partner's mapping; the old partner no longer sees it
        await("the migration of " + w.acme(), () -> mappingPage(newPartner).containsKey(w.acme()));
        assertThat(mappingPage(newPartner)).containsEntry(w.acme(), 0L);
        assertThat(mappingPage(w.partner())).doesNotContainKey(w.acme()).containsKey(w.beta());

        // given: the new partner maps it to its own PSA company
        long company = PSA.addCompany("Acme Dental new home " + newPartner);
        long agreement = PSA.addAgreement(company, "New partner bundle");
        confirm(newPartner, w.acme(), company, agreement);

        // when: an older migration (back to the old partner) arrives late, then a rename marks it consumed
        PsaTestApi.publishCustomerEvent(new CustomerMigrated(w.acme(), w.partner(), unique("mig"), newPartner,
                movedAt.minus(java.time.Duration.ofDays(1)), Instant.now()));
        PsaTestApi.publishCustomerEvent(new CustomerRenamed(w.acme(), newPartner, "Acme Renamed", "Acme Renamed",
                Instant.now()));
        await("the rename of " + w.acme(), () -> "Acme Renamed".equals(PsaTestApi.string(
                "select name from customers where customer_id = ?", w.acme())));

        // then: the customer stays with the new partner, mapped as that partner confirmed
        assertThat(mappingPage(newPartner)).containsEntry(w.acme(), agreement);
        assertThat(mappingPage(w.partner())).doesNotContainKey(w.acme());
    }

    @Test
    void aPartnerCannotMapAnotherPartnersCustomer() {
        World w = world();
        String other = unique("p");
        connect(other);

        as(other).body(Map.of("companyId", 1, "agreementId", w.acmeAgreement()))
                .put("/v1/psa/customer-mappings/" + w.acme()).then().statusCode(404)
                .body("code", equalTo("customer-not-found"));
        as(other).post("/v1/psa/sync").then().statusCode(200).body("customers", org.hamcrest.Matchers.empty());
    }

    @Test
    void givenTheConnectorDiesRightAfterThePsaTookAWrite_whenSyncedAgain_thenItFinishesWithoutADuplicate() {
        World w = world();
        // the second addition is created in the PSA, but the connector never learns its id (it "dies")
        PSA.loseAnswerOfAdditionPost(2);

        JsonPath interrupted = syncNow(w.partner());
        assertThat(interrupted.getList("customers.status")).contains("FAILED");
        JsonPath resumed = syncNow(w.partner());

        assertThat(resumed.getList("customers.status")).containsOnly("OK");
        assertThat(PSA.quantities(w.acmeAgreement())).containsExactlyInAnyOrderEntriesOf(Map.of(
                "SKU-ENDPOINT-ADVANCED-M", 12L, "SKU-SERVER-STANDARD-M", 3L));
        assertThat(PSA.quantities(w.betaAgreement())).containsExactlyInAnyOrderEntriesOf(Map.of(
                "SKU-ENDPOINT-ADVANCED-M", 5L));
        assertThat(PSA.additions(w.acmeAgreement())).as("one addition per product, none twice").hasSize(2);
        assertThat(PSA.additions(w.betaAgreement())).hasSize(1);
        JsonPath report = as(w.partner()).get("/v1/psa/reconciliation?period=" + w.period()).then().statusCode(200)
                .extract().jsonPath();
        assertThat(report.getInt("flagged")).as("the lost write is recorded as synced on the next run").isZero();
    }

    @Test
    void companiesBeyondTheFirstPageOfThePsasListAreReadAndSuggested() {
        String partner = unique("p");
        String suffix = partner.substring(2);
        String customer = knownCustomer(partner, "Zeta Paging " + suffix);
        // more companies than one page holds (page-size 100) come before the one that matches
        for (int i = 0; i < 101; i++) {
            PSA.addCompany("Filler " + suffix + " " + i);
        }
        long company = PSA.addCompany("Zeta Paging " + suffix);
        long agreement = PSA.addAgreement(company, "Paged");
        connect(partner);

        JsonPath suggestions = as(partner).get("/v1/psa/customer-mappings").then().statusCode(200).extract()
                .jsonPath();

        assertThat(suggestions.getLong("find { it.customerId == '" + customer + "' }.companyId")).isEqualTo(company);
        assertThat(suggestions.getList("find { it.customerId == '" + customer + "' }.agreements.id", Long.class))
                .containsExactly(agreement);
        assertThat(PSA.count("GET", p -> p.equals("company/companies"))).isPositive();
        assertThat(PSA.server().getAllServeEvents().stream().map(e -> e.getRequest().getUrl())
                .filter(u -> u.contains("company/companies") && u.contains("page=2"))).isNotEmpty();
    }

    @Test
    void thePsaKeysNeverReachTheLog_evenWhenRequestsAreThrottledOrRefused() {
        String basic = java.util.Base64.getEncoder().encodeToString((ConnectWiseStub.COMPANY_ID + "+"
                + ConnectWiseStub.PUBLIC_KEY + ":" + ConnectWiseStub.PRIVATE_KEY).getBytes(
                        java.nio.charset.StandardCharsets.UTF_8));
        List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                String text = r instanceof org.jboss.logmanager.ExtLogRecord e ? e.getFormattedMessage()
                        : new java.util.logging.SimpleFormatter().formatMessage(r);
                logged.add(text + (r.getThrown() == null ? "" : " " + r.getThrown()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.addHandler(capture);
        try {
            World w = world();
            PSA.throttleNext(1, 1);
            syncNow(w.partner());
            PSA.revokeKeys(true);
            try {
                syncNow(w.partner());
                nightly.syncAll();
            } finally {
                PSA.revokeKeys(false);
            }
        } finally {
            root.removeHandler(capture);
        }

        assertThat(logged).as("something was logged (the capture works)")
                .anyMatch(l -> l.contains("rate-limited")).anyMatch(l -> l.contains("FAILED"));
        assertThat(logged).noneMatch(l -> l.contains(ConnectWiseStub.PRIVATE_KEY))
                .noneMatch(l -> l.contains(ConnectWiseStub.PUBLIC_KEY)).noneMatch(l -> l.contains(basic));
    }

    @Test
    void whileAnotherInstanceSyncsThePartner_syncNowAnswers409AndWritesNothing_thenRunsOnceItIsDone()
            throws Exception {
        World w = world();
        try (java.sql.Connection other = dev.metering.testsupport.ServiceFoundationContract.jdbc();
                java.sql.PreparedStatement lock = other.prepareStatement("select pg_advisory_lock(?, hashtext(?))")) {
            // another psa-connector instance (same database) is syncing this partner
            lock.setInt(1, dev.metering.psa.sync.store.SyncStore.SYNC_LOCK_CLASS);
            lock.setString(2, w.partner());
            lock.executeQuery();

            as(w.partner()).post("/v1/psa/sync").then().statusCode(409).body("code", equalTo("sync-in-progress"));
            nightly.syncAll();

            assertThat(PSA.quantities(w.acmeAgreement())).as("nothing written beside the other instance's sync")
                    .isEmpty();
        }

        assertThat(syncNow(w.partner()).getList("customers.status")).containsOnly("OK");
        assertThat(PSA.quantities(w.acmeAgreement())).containsEntry("SKU-ENDPOINT-ADVANCED-M", 12L);
    }

    @Test
    void aSuggestionIsNotAMapping_untilThePartnerConfirmsAnAgreementOfThatCompanyNothingIsSynced() {
        String partner = unique("p");
        String suffix = partner.substring(2);
        String customer = knownCustomer(partner, "Gamma Clinic " + suffix);
        long company = PSA.addCompany("Gamma Clinic " + suffix);
        long agreement = PSA.addAgreement(company, "Flex usage");
        long othersAgreement = PSA.addAgreement(PSA.addCompany("Delta Other " + suffix), "Not Gamma's");
        connect(partner);
        InvoiceIssued invoice = invoice(partner, unique("dist"), "2026-10", List.of(
                line(customer, "Gamma", ProductCode.ENDPOINT_ADVANCED, 7)));
        publishBilling(invoice);
        awaitDocument(invoice.invoiceId());
        as(partner).get("/v1/psa/customer-mappings").then().statusCode(200)
                .body("find { it.customerId == '" + customer + "' }.companyId", equalTo((int) company));

        JsonPath unconfirmed = syncNow(partner);

        assertThat(unconfirmed.getString("customers.find { it.customerId == '" + customer + "' }.status"))
                .isEqualTo("UNMAPPED");
        assertThat(PSA.quantities(agreement)).isEmpty();
        as(partner).body(Map.of("companyId", company, "agreementId", othersAgreement))
                .put("/v1/psa/customer-mappings/" + customer).then().statusCode(400)
                .body("code", equalTo("invalid-field")).body("fields[0].field", equalTo("agreementId"));

        confirm(partner, customer, company, agreement);
        syncNow(partner);

        assertThat(PSA.quantities(agreement)).containsExactlyInAnyOrderEntriesOf(Map.of("SKU-ENDPOINT-ADVANCED-M", 7L));
        assertThat(PSA.quantities(othersAgreement)).isEmpty();
    }
}
