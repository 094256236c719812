package dev.metering.license.firewall;

import static dev.metering.license.LicenceTestApi.as;
import static dev.metering.license.LicenceTestApi.knownCustomer;
import static dev.metering.license.LicenceTestApi.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.metering.contracts.BillingType;
import dev.metering.contracts.CloudEvents;
import dev.metering.contracts.license.LicenseEvent.FirewallRegistered;
import dev.metering.contracts.telemetry.FirewallSubscription;
import dev.metering.license.LicenceTestApi;
import dev.metering.testsupport.TopicClient;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** R13, R15 through REST and the real topic. */
@QuarkusTest
class FirewallApiTest {

    static Map<String, Object> key(String sku, String firmware) {
        return Map.of("sku", sku, "firmwareVersion", firmware);
    }

    @Test
    void anSfosFirewallIsRegisteredToOneCustomerAtATimeAndPublishedKeyedByThatCustomer_R13_R15() {
        String p1 = unique("p");
        String p2 = unique("p");
        String acme = knownCustomer(p1, BillingType.MONTHLY);
        String globex = knownCustomer(p2, BillingType.MONTHLY);
        String serial = unique("C0100").toUpperCase(Locale.ROOT);

        as(p1).body(key("XG-FLEX-EG-MONTHLY-0", "SFOS 21.0.0 GA")).put("/v1/customers/" + acme + "/firewalls/"
                + serial).then().statusCode(200).body("serialNumber", equalTo(serial))
                .body("subscription", equalTo("ENTERPRISE_GUARD")).body("productCode",
                        equalTo("FIREWALL_ENTERPRISE_GUARD"));
        as(p1).get("/v1/customers/" + acme + "/firewalls").then().statusCode(200).body("serialNumber", equalTo(java.util.List.of(serial)));

        as(p2).body(key("XG-FLEX-FG-MONTHLY-0", "SFOS 21.0.0 GA")).put("/v1/customers/" + globex + "/firewalls/"
                + serial).then().statusCode(409).body("code", equalTo("serial-unavailable"))
                .body("message", org.hamcrest.Matchers.not(containsString(acme)));

        as(p1).delete("/v1/customers/" + acme + "/firewalls/" + serial).then().statusCode(204);
        as(p2).body(key("XG-FLEX-FG-MONTHLY-0", "SFOS 21.0.0 GA")).put("/v1/customers/" + globex + "/firewalls/"
                + serial).then().statusCode(200).body("subscription", equalTo("FULL_GUARD"));

        var records = LicenceTestApi.licenceRecords(globex, 1);
        assertThat(records).hasSize(1);
        FirewallRegistered registered = (FirewallRegistered) CloudEvents.unwrap(TopicClient.envelope(records.get(0)));
        assertThat(registered.serialNumber()).isEqualTo(serial);
        assertThat(registered.subscription()).isEqualTo(FirewallSubscription.FULL_GUARD);
        assertThat(LicenceTestApi.licenceRecords(acme, 2)).hasSize(2);
    }

    @Test
    void utmAppliancesAndNonFlexSkusAreRefusedWithAReason_R13_R15() {
        String p = unique("p");
        String c = knownCustomer(p, BillingType.MONTHLY);
        as(p).body(key("XG-FLEX-EG-MONTHLY-0", "UTM 9.715-3")).put("/v1/customers/" + c + "/firewalls/C0200UTM")
                .then().statusCode(400).body("code", equalTo("unsupported-platform"))
                .body("message", containsString("R15"));
        as(p).body(key("XG-FULLGUARD-1Y", "SFOS 21.0")).put("/v1/customers/" + c + "/firewalls/C0200SFOS")
                .then().statusCode(400).body("code", equalTo("not-a-flex-firewall-sku"));
        String term = knownCustomer(p, BillingType.TERM);
        as(p).body(key("XG-FLEX-EG-MONTHLY-0", "SFOS 21.0")).put("/v1/customers/" + term + "/firewalls/C0200SFOS")
                .then().statusCode(409).body("code", equalTo("customer-not-monthly"));
    }

    @Test
    void twoCustomersRacingForOneSerial_thenExactlyOneGetsIt_R13() throws Exception {
        String p = unique("p");
        String serial = unique("C0300").toUpperCase(Locale.ROOT);
        java.util.List<String> customers = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            customers.add(knownCustomer(p, BillingType.MONTHLY));
        }
        java.util.List<java.util.concurrent.CompletableFuture<Integer>> attempts = customers.stream()
                .map(c -> java.util.concurrent.CompletableFuture.supplyAsync(() -> as(p)
                        .body(key("XG-FLEX-EG-MONTHLY-0", "SFOS 21.0")).put("/v1/customers/" + c + "/firewalls/"
                                + serial).then().extract().statusCode()))
                .toList();
        java.util.List<Integer> statuses = attempts.stream().map(java.util.concurrent.CompletableFuture::join)
                .toList();

        assertThat(statuses).containsOnly(200, 409);
        assertThat(statuses.stream().filter(s -> s == 200)).hasSize(1);
        assertThat(LicenceTestApi.count("select count(*) from events where stream_id = ?", "firewall-" + serial))
                .isEqualTo(1);
        assertThat(LicenceTestApi.count("select count(*) from firewalls where serial_number = ?", serial))
                .isEqualTo(1);
    }
}
