package dev.metering.psa.webhook;

import static dev.metering.psa.PsaTestApi.as;
import static dev.metering.psa.PsaTestApi.asDistributor;
import static dev.metering.psa.PsaTestApi.invoice;
import static dev.metering.psa.PsaTestApi.line;
import static dev.metering.psa.PsaTestApi.publishBilling;
import static dev.metering.psa.PsaTestApi.unique;
import static dev.metering.testsupport.Waits.await;
import static dev.metering.testsupport.Waits.holdsFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metering.contracts.ProductCode;
import dev.metering.contracts.billing.BillingEvent.AdjustmentIssued;
import dev.metering.contracts.billing.BillingEvent.InvoiceIssued;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Webhooks to real HTTP receivers on 127.0.0.1, fed by invoices on the real billing topics. */
@QuarkusTest
class WebhookDeliveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Subscribes and returns {id, secret}. */
    static JsonPath subscribe(RequestSpecification as, String url, String... types) {
        return as.body(Receiver.subscription(url, types)).post("/v1/webhooks/endpoints").then().statusCode(201)
                .body("secret", startsWith("whsec_")).extract().jsonPath();
    }

    static InvoiceIssued anInvoice(String partner, String distributor) {
        return invoice(partner, distributor, "2026-" + String.format("%02d", 1 + (int) (Math.random() * 12)),
                List.of(line(unique("cust"), "Acme", ProductCode.ENDPOINT_STANDARD, 4)));
    }

    /** What a receiver does, written from the Standard Webhooks spec (not with the service's own signer). */
    static boolean verifies(String secret, Receiver.Received r) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        String expected = Base64.getEncoder().encodeToString(mac.doFinal((r.id() + "." + r.timestamp() + "."
                + r.body()).getBytes(StandardCharsets.UTF_8)));
        return List.of(r.signature().split(" ")).contains("v1," + expected);
    }

    @Test
    void anIssuedInvoiceReachesThePartnersEndpointSignedTheStandardWebhooksWay() throws Exception {
        String partner = unique("p");
        try (Receiver receiver = new Receiver()) {
            String secret = subscribe(as(partner), receiver.url(), "invoice.issued").getString("secret");
            InvoiceIssued invoice = anInvoice(partner, unique("dist"));

            publishBilling(invoice);
            await("webhook received", () -> receiver.accepted().size() == 1);

            Receiver.Received r = receiver.received().get(0);
            assertThat(r.id()).startsWith("msg_");
            assertThat(Long.parseLong(r.timestamp())).isCloseTo(System.currentTimeMillis() / 1000,
                    org.assertj.core.data.Offset.offset(60L));
            assertThat(verifies(secret, r)).as("signature verifies with the endpoint's secret").isTrue();
            assertThat(verifies(subscribe(as(partner), receiver.url(), "invoice.issued").getString("secret"), r))
                    .as("another endpoint's secret does not verify it").isFalse();
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.get("type").asText()).isEqualTo("invoice.issued");
            assertThat(body.get("data").get("invoiceId").asText()).isEqualTo(invoice.invoiceId());
            assertThat(body.get("data").get("lines").get(0).get("quantity").asLong()).isEqualTo(4);
        }
    }

    @Test
    void aReceiverThatFailsTwiceGetsTheEventOnTheThirdTry_withTheSameWebhookId_andTheLogShowsEachAttempt()
            throws Exception {
        String partner = unique("p");
        try (Receiver receiver = new Receiver(500, 503)) {
            String endpoint = subscribe(as(partner), receiver.url(), "invoice.issued").getString("id");

            publishBilling(anInvoice(partner, unique("dist")));
            await("third attempt accepted", () -> receiver.accepted().size() == 1);

            assertThat(receiver.received()).extracting(Receiver.Received::answered).containsExactly(500, 503, 204);
            assertThat(receiver.received()).extracting(Receiver.Received::id).containsOnly(receiver.received().get(0)
                    .id());
            JsonPath log = as(partner).get("/v1/webhooks/endpoints/" + endpoint + "/deliveries").then()
                    .statusCode(200).extract().jsonPath();
            assertThat(log.getString("[0].status")).isEqualTo("DELIVERED");
            assertThat(log.getInt("[0].attempts")).isEqualTo(3);
            assertThat(log.getList("[0].log.statusCode", Integer.class)).containsExactly(500, 503, 204);

            // replay: the same message again, on request
            String delivery = log.getString("[0].id");
            as(partner).post("/v1/webhooks/endpoints/" + endpoint + "/deliveries/" + delivery + "/replay").then()
                    .statusCode(202).body("status", equalTo("PENDING"));
            await("replayed", () -> receiver.accepted().size() == 2);
            assertThat(receiver.accepted().get(1).id()).isEqualTo(delivery);
        }
    }

    @Test
    void theSameEventIsDeliveredOnceLogically_evenWhenItsRecordArrivesTwice() throws Exception {
        String partner = unique("p");
        String distributor = unique("dist");
        try (Receiver receiver = new Receiver()) {
            subscribe(as(partner), receiver.url(), "invoice.issued");
            InvoiceIssued invoice = anInvoice(partner, distributor);

            String ceId = UUID.randomUUID().toString();
            publishBilling(invoice, ceId);
            publishBilling(invoice, ceId); // a redelivery of the same record
            publishBilling(invoice); // the same invoice re-published under a new CloudEvent id
            InvoiceIssued marker = invoice(partner, distributor, "2025-01", invoice.lines());
            publishBilling(marker); // same partition (key = partner), so it is consumed after the three
            await("invoice and marker received", () -> receiver.accepted().stream().anyMatch(r -> r.body()
                    .contains(marker.invoiceId())) && receiver.accepted().stream().anyMatch(r -> r.body().contains(
                            "\"" + invoice.invoiceId() + "\"")));
            // a second delivery, if any, would be sent within this (poll interval 0.1 s in test)
            holdsFor("one delivery of the invoice", Duration.ofMillis(500), () -> assertThat(receiver.received()
                    .stream().filter(r -> r.body().contains("\"" + invoice.invoiceId() + "\"")).count()).isEqualTo(1));
        }
    }

    @Test
    void aReceiverOnlyEverGetsItsOwnTenantsEvents() throws Exception {
        String partnerA = unique("pa");
        String partnerB = unique("pb");
        String distributorOfB = unique("dist");
        try (Receiver a = new Receiver(); Receiver b = new Receiver(); Receiver d = new Receiver()) {
            subscribe(as(partnerA), a.url(), "invoice.issued", "adjustment.issued");
            subscribe(as(partnerB), b.url(), "invoice.issued");
            subscribe(asDistributor(distributorOfB), d.url(), "invoice.issued");

            InvoiceIssued ofB = anInvoice(partnerB, distributorOfB);
            publishBilling(ofB);
            InvoiceIssued ofA = anInvoice(partnerA, unique("dist"));
            publishBilling(ofA);
            await("B and its distributor got B's invoice, A got its own", () -> b.accepted().size() == 1
                    && d.accepted().size() == 1 && a.accepted().size() == 1);
            // anything misrouted would arrive within this
            holdsFor("each receiver getting its own tenant's events only", Duration.ofMillis(500), () -> {
                assertThat(a.received()).extracting(Receiver.Received::body)
                        .allMatch(body -> body.contains(ofA.invoiceId())).noneMatch(body -> body.contains(partnerB));
                assertThat(b.received()).extracting(Receiver.Received::body)
                        .allMatch(body -> body.contains(ofB.invoiceId()));
                assertThat(d.received()).extracting(Receiver.Received::body)
                        .allMatch(body -> body.contains(ofB.invoiceId()));
            });
        }
    }

    @Test
    void anAdjustmentReachesTheEndpointsSubscribedToAdjustmentIssued_signed_andNoOtherEndpoint_R28() throws Exception {
        String partner = unique("p");
        String distributor = unique("dist");
        try (Receiver adjustments = new Receiver(); Receiver invoices = new Receiver()) {
            String secret = subscribe(as(partner), adjustments.url(), "adjustment.issued").getString("secret");
            subscribe(as(partner), invoices.url(), "invoice.issued");
            InvoiceIssued invoice = anInvoice(partner, distributor);
            AdjustmentIssued adjustment = new AdjustmentIssued(unique("adj"), invoice.invoiceId(), partner, distributor,
                    invoice.period(), "late heartbeats", "EUR", List.of(line(invoice.lines().get(0).customerId(),
                            "Acme", ProductCode.ENDPOINT_STANDARD, 1)), new java.math.BigDecimal("2.50"),
                    java.time.Instant.now());

            publishBilling(invoice);
            publishBilling(adjustment);
            await("the adjustment and the invoice received", () -> adjustments.accepted().size() == 1
                    && invoices.accepted().size() == 1);
            holdsFor("nothing misrouted arrives", Duration.ofMillis(500), () -> {
                assertThat(adjustments.received()).hasSize(1);
                assertThat(invoices.received()).hasSize(1);
            });

            Receiver.Received r = adjustments.received().get(0);
            assertThat(verifies(secret, r)).as("signature verifies with the endpoint's secret").isTrue();
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.get("type").asText()).isEqualTo("adjustment.issued");
            assertThat(body.get("data").get("adjustmentId").asText()).isEqualTo(adjustment.adjustmentId());
            assertThat(body.get("data").get("invoiceId").asText()).isEqualTo(invoice.invoiceId());
            assertThat(invoices.received()).hasSize(1).allMatch(i -> i.body().contains("\"invoice.issued\""))
                    .noneMatch(i -> i.body().contains(adjustment.adjustmentId()));
        }
    }

    @Test
    void endpointsAreHttpsOnly_andAnotherTenantsEndpointIsNotFound() {
        String partner = unique("p");
        as(partner).body(Receiver.subscription("http://hooks.example.com/x", "invoice.issued"))
                .post("/v1/webhooks/endpoints").then().statusCode(400).body("code", equalTo("invalid-field"))
                .body("fields[0].field", equalTo("url"));
        for (String internal : List.of("https://10.1.2.3/x", "https://localhost/x", "https://169.254.169.254/x",
                "https://127.0.0.1/x")) {
            as(partner).body(Receiver.subscription(internal, "invoice.issued")).post("/v1/webhooks/endpoints").then()
                    .statusCode(400).body("fields[0].field", equalTo("url"))
                    .body("fields[0].reason", equalTo("must be a public address"));
        }
        as(partner).body(Receiver.subscription("https://hooks.example.com/x", "usage.everything"))
                .post("/v1/webhooks/endpoints").then().statusCode(400).body("fields[0].field", equalTo("eventTypes"));
        String id = subscribe(as(partner), "https://hooks.example.com/x", "invoice.issued").getString("id");

        as(partner).get("/v1/webhooks/endpoints/" + id).then().statusCode(200).body("secret",
                org.hamcrest.Matchers.nullValue());
        as(unique("p")).get("/v1/webhooks/endpoints/" + id).then().statusCode(404).body("code", equalTo("not-found"));
        asDistributor(unique("d")).get("/v1/webhooks/endpoints/" + id + "/deliveries").then().statusCode(404);
        assertThat(as(partner).get("/v1/webhooks/endpoints").then().statusCode(200).extract().jsonPath()
                .getList("id").stream().map(Object::toString).collect(Collectors.toList())).containsExactly(id);
    }

    @Test
    void aUsageThresholdFiresOncePerCrossing_signed_onlyToThePartnersOwnEndpoints_R20() throws Exception {
        // given a partner's threshold of 10 ENDPOINT_ADVANCED on its customer, and another partner's endpoint
        String partner = unique("p");
        String other = unique("p");
        String customer = dev.metering.psa.PsaTestApi.knownCustomer(partner, "Threshold Co " + partner);
        try (Receiver receiver = new Receiver(); Receiver others = new Receiver()) {
            String secret = subscribe(as(partner), receiver.url(), "usage.threshold").getString("secret");
            subscribe(as(other), others.url(), "usage.threshold");
            String threshold = as(partner).body(java.util.Map.of("customerId", customer, "product",
                    "ENDPOINT_ADVANCED", "threshold", 10)).post("/v1/webhooks/usage-thresholds").then()
                    .statusCode(201).extract().jsonPath().getString("id");
            // another partner can neither subscribe to nor see it
            as(other).body(java.util.Map.of("customerId", customer, "product", "ENDPOINT_ADVANCED", "threshold", 1))
                    .post("/v1/webhooks/usage-thresholds").then().statusCode(404);
            as(other).get("/v1/webhooks/usage-thresholds").then().statusCode(200).body("size()", equalTo(0));
            as(partner).body(java.util.Map.of("customerId", customer, "product", "TOASTER", "threshold", 1))
                    .post("/v1/webhooks/usage-thresholds").then().statusCode(400);

            // when the real-time quantity stays below, then reaches it, then reaches it again (record redelivered too)
            java.time.Instant t = java.time.Instant.now();
            var below = dev.metering.psa.PsaTestApi.snapshot(partner, customer, t,
                    dev.metering.psa.PsaTestApi.usage(ProductCode.ENDPOINT_ADVANCED, 9));
            var reached = dev.metering.psa.PsaTestApi.snapshot(partner, customer, t.plusSeconds(1),
                    dev.metering.psa.PsaTestApi.usage(ProductCode.ENDPOINT_ADVANCED, 10));
            var above = dev.metering.psa.PsaTestApi.snapshot(partner, customer, t.plusSeconds(2),
                    dev.metering.psa.PsaTestApi.usage(ProductCode.ENDPOINT_ADVANCED, 12));
            dev.metering.psa.PsaTestApi.publishUsage(below);
            dev.metering.psa.PsaTestApi.publishUsage(reached);
            dev.metering.psa.PsaTestApi.topics().produce(dev.metering.contracts.Topics.BILLING_USAGE, customer,
                    dev.metering.contracts.CloudEvents.wrap(reached.snapshotId(), "/billing-service", reached));
            dev.metering.psa.PsaTestApi.publishUsage(above);

            // then ONE signed delivery announces the crossing
            await("threshold webhook", () -> receiver.accepted().size() == 1);
            holdsFor("no second delivery while the quantity stays at or above", Duration.ofSeconds(1),
                    () -> assertThat(receiver.received()).hasSize(1));
            Receiver.Received r = receiver.received().get(0);
            assertThat(verifies(secret, r)).isTrue();
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.get("type").asText()).isEqualTo("usage.threshold");
            assertThat(body.get("data").get("thresholdId").asText()).isEqualTo(threshold);
            assertThat(body.get("data").get("customerId").asText()).isEqualTo(customer);
            assertThat(body.get("data").get("quantity").asLong()).isEqualTo(10);
            assertThat(body.get("data").get("crossing").asInt()).isEqualTo(1);

            // when it falls below and reaches it again: a second crossing, a new event
            dev.metering.psa.PsaTestApi.publishUsage(dev.metering.psa.PsaTestApi.snapshot(partner, customer,
                    t.plusSeconds(3), dev.metering.psa.PsaTestApi.usage(ProductCode.ENDPOINT_ADVANCED, 4)));
            dev.metering.psa.PsaTestApi.publishUsage(dev.metering.psa.PsaTestApi.snapshot(partner, customer,
                    t.plusSeconds(4), dev.metering.psa.PsaTestApi.usage(ProductCode.ENDPOINT_ADVANCED, 11)));
            await("second crossing", () -> receiver.accepted().size() == 2);
            assertThat(receiver.accepted().get(1).id()).isNotEqualTo(r.id());
            assertThat(JSON.readTree(receiver.accepted().get(1).body()).get("data").get("crossing").asInt())
                    .isEqualTo(2);
            // and the other partner's endpoint never got any of it
            assertThat(others.received()).isEmpty();
        }
    }
}
