package dev.metering.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.contracts.Topics;
import dev.metering.testsupport.ServiceFoundationContract;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Never "accept" into a buffer that can be lost: with the broker gone the answer is 503 + Retry-After. */
@QuarkusTest
@TestProfile(BrokerDownProfile.class)
class BrokerDownTest {

    @Test
    void withTheBrokerStoppedTheEndpointAnswers503AndAcknowledgesNothing() {
        IngestClient client = new IngestClient(ServiceFoundationContract.topics());
        IngestClient.Key key = client.issueKey("down-cust");
        String body = "[" + HeartbeatIngestTest.device("before", Instant.now().minusSeconds(5)) + "]";
        assertThat(IngestClient.post(key.plaintext(), "application/json", body).status()).isEqualTo(200);
        List<ConsumerRecord<String, byte[]>> before = client.recordsFor(Topics.TELEMETRY_HEARTBEATS, "down-cust",
                rs -> !rs.isEmpty(), Duration.ofSeconds(10));
        assertThat(before).hasSize(1);

        BrokerDownProfile.DedicatedInfrastructure.stopBroker();

        long start = System.nanoTime();
        IngestClient.Answer answer = IngestClient.post(key.plaintext(), "application/json",
                "[" + HeartbeatIngestTest.device("after-1", Instant.now()) + ","
                        + HeartbeatIngestTest.device("after-2", Instant.now()) + "]");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(503);
        assertThat(answer.header("Retry-After")).isEqualTo("7");
        assertThat(answer.body().get("code").textValue()).isEqualTo("broker-unavailable");
        assertThat(answer.body().get("error").textValue()).isEqualTo("serviceUnavailable");
        assertThat(answer.body().has("results")).as("no per-item acknowledgement").isFalse();
        assertThat(took).isLessThan(Duration.ofSeconds(15));

        // a second attempt fails the same way (nothing is queued for later)
        assertThat(IngestClient.post(key.plaintext(), "application/json",
                "[" + HeartbeatIngestTest.device("after-3", Instant.now()) + "]").status()).isEqualTo(503);
        io.restassured.RestAssured.given().get("/q/health/ready").then().statusCode(503);
        assertThat(io.restassured.RestAssured.given().get("/q/metrics").then().extract().asString())
                .containsPattern("ingest_produce_failures_total\\{[^}]*source=\"http\"[^}]*} 2\\.0");
    }
}
