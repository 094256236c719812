package dev.metering.customer.hardening;

import static dev.metering.customer.TestApi.as;
import static dev.metering.customer.TestApi.customer;
import static dev.metering.customer.TestApi.registerFlexPartner;
import static dev.metering.customer.TestApi.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.contracts.Topics;
import dev.metering.testsupport.ServiceFoundationContract;
import dev.metering.testsupport.TestTokens;
import dev.metering.testsupport.TopicClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 finding 5: every stored event says who caused it (token subject and role) and from which
 * request (correlation id from X-Correlation-ID or generated, causation id = the request's id), in the
 * customer's history and on Kafka (CloudEvents extension attributes), through the real PostgreSQL and broker.
 */
@QuarkusTest
class AuditTrailTest {

    final TopicClient topics = ServiceFoundationContract.topics();

    @Test
    void givenAPartnersCustomer_whenAnOperatorChangesItsBillingType_thenHistoryAndKafkaNameActorAndRequest_R4_R6() {
        // given a Flex partner's term customer (Partner Assistance off), created by the partner within
        // correlation "corr-create-..."
        String p = unique("p");
        registerFlexPartner(p, "dist-de");
        String createCorrelation = "corr-create-" + UUID.randomUUID();
        String id = as(TestTokens.partner(p)).header("X-Correlation-ID", createCorrelation)
                .body(Map.of("name", "Audited", "dataGeography", "DE", "billingType", "term"))
                .post("/v1/customers").then().statusCode(201).header("X-Correlation-ID", createCorrelation)
                .extract().path("id");

        // when an operator converts it to monthly within correlation "corr-change-..." (R4; R6 switches
        // Partner Assistance on in the same request)
        String changeCorrelation = "corr-change-" + UUID.randomUUID();
        as(TestTokens.operator()).header("X-Correlation-ID", changeCorrelation)
                .body(Map.of("billingType", "MONTHLY")).put("/v1/customers/" + id + "/billing-type").then()
                .statusCode(200).header("X-Correlation-ID", changeCorrelation);

        // then the history names the partner's user for the creation and the operator for the change
        List<Map<String, Object>> history = as(TestTokens.partner(p)).get("/v1/customers/" + id + "/history")
                .then().statusCode(200).extract().jsonPath().getList("$");
        Map<String, Object> created = entry(history, "metering.customer.v1.created");
        assertThat(created).containsEntry("actor", "user-of-" + p).containsEntry("actorRole", "partner")
                .containsEntry("correlationId", createCorrelation);
        Map<String, Object> changed = entry(history, "metering.customer.v1.billing-type-changed");
        assertThat(changed).containsEntry("actor", "operator-1").containsEntry("actorRole", "operator")
                .containsEntry("correlationId", changeCorrelation);
        // the causation is the request's own id: the same for every event of one request, new per request
        Map<String, Object> assistance = entry(history, "metering.customer.v1.partner-assistance-changed");
        assertThat(changed.get("causationId")).isNotNull().isNotEqualTo(created.get("causationId"))
                .isNotEqualTo(changeCorrelation);
        assertThat(assistance).containsEntry("causationId", changed.get("causationId"))
                .containsEntry("correlationId", changeCorrelation);
        // and every history entry has exactly the documented fields
        history.forEach(e -> assertThat(e).containsOnlyKeys("version", "type", "occurredAt", "recordedAt", "actor",
                "actorRole", "correlationId", "causationId", "data"));

        // and the record on customers.events carries the same attributes as ce_* extension headers
        List<ConsumerRecord<String, byte[]>> records = topics.readUntil(Topics.CUSTOMERS_EVENTS,
                rs -> rs.stream().anyMatch(r -> isChange(r, id)), Duration.ofSeconds(20));
        ConsumerRecord<String, byte[]> record = records.stream().filter(r -> isChange(r, id)).findFirst()
                .orElseThrow();
        Map<String, byte[]> headers = TopicClient.headers(record);
        assertThat(text(headers, "ce_actor")).isEqualTo("operator-1");
        assertThat(text(headers, "ce_actorrole")).isEqualTo("operator");
        assertThat(text(headers, "ce_correlationid")).isEqualTo(changeCorrelation);
        assertThat(text(headers, "ce_causationid")).isEqualTo(changed.get("causationId"));
    }

    @Test
    void givenNoCorrelationHeader_whenCalled_thenOneIsGeneratedAndReturnedInHeaderAndErrorBody() {
        // given a request without X-Correlation-ID, when it fails
        Response r = as(TestTokens.operator()).get("/v1/customers/" + unique("missing"));

        // then the answer carries a generated id in the header and the same in the error body
        r.then().statusCode(404);
        String header = r.header("X-Correlation-ID");
        assertThat(header).isNotBlank();
        assertThat(r.jsonPath().getString("correlationId")).isEqualTo(header);
        assertThat(r.jsonPath().getMap("$")).containsOnlyKeys("error", "message", "correlationId", "code",
                "createdAt", "requestId", "docUrl");
    }

    @Test
    void givenACallersCorrelationId_whenTheCallFails_thenTheErrorBodyEchoesIt() {
        String mine = "caller-" + UUID.randomUUID();
        as(TestTokens.operator()).header("X-Correlation-ID", mine).get("/v1/customers/" + unique("missing"))
                .then().statusCode(404).header("X-Correlation-ID", mine)
                .body("correlationId", org.hamcrest.Matchers.equalTo(mine));
    }

    @Test
    void givenAMalformedCorrelationId_whenCalled_then400InvalidCorrelationIdWithAFreshId() {
        for (String bad : List.of("x".repeat(129), "has spaces", "caf\u00e9")) {
            Response r = as(TestTokens.operator()).header("X-Correlation-ID", bad).get("/v1/customers");
            r.then().statusCode(400).body("code", org.hamcrest.Matchers.equalTo("invalid-correlation-id"));
            assertThat(r.header("X-Correlation-ID")).isNotEqualTo(bad)
                    .isEqualTo(r.jsonPath().getString("correlationId"));
        }
    }

    private static boolean isChange(ConsumerRecord<String, byte[]> r, String customerId) {
        return customerId.equals(r.key())
                && "metering.customer.v1.billing-type-changed".equals(text(TopicClient.headers(r), "ce_type"));
    }

    private static Map<String, Object> entry(List<Map<String, Object>> history, String type) {
        return history.stream().filter(e -> type.equals(e.get("type"))).findFirst().orElse(null);
    }

    private static String text(Map<String, byte[]> headers, String name) {
        byte[] v = headers.get(name);
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }
}
