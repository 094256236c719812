package dev.metering.testsupport;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.metering.contracts.CloudEvent;
import dev.metering.contracts.CloudEvents;
import dev.metering.contracts.MeteringEvent;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * What every service must do on the real infrastructure: migrations applied to its own PostgreSQL
 * database, a CloudEvent through a real Kafka topic, health/metrics/OpenAPI served, bearer tokens
 * enforced, and errors in the one error body. Each service runs it as a {@code @QuarkusTest} subclass.
 */
public abstract class ServiceFoundationContract {

    /** Tables the service's Flyway migrations must have created. */
    protected abstract List<String> ownedTables();

    /** The topic this service publishes to, and an event of the kind it publishes. */
    protected abstract String publishedTopic();

    protected abstract MeteringEvent sampleEvent();

    public static Connection jdbc() throws SQLException {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
    }

    @Test
    void flywayMigratedTheServicesOwnDatabase() throws SQLException {
        try (Connection c = jdbc()) {
            ResultSet rs = c.createStatement().executeQuery(
                    "select count(*) from flyway_schema_history where success");
            rs.next();
            assertThat(rs.getInt(1)).as("applied migrations").isPositive();
            for (String table : ownedTables()) {
                ResultSet t = c.createStatement().executeQuery("select to_regclass('" + table + "') is not null");
                t.next();
                assertThat(t.getBoolean(1)).as("table " + table + " exists").isTrue();
            }
        }
    }

    @Test
    void aCloudEventRoundTripsThroughTheRealBroker() {
        MeteringEvent event = sampleEvent();
        CloudEvent envelope = CloudEvents.wrap(UUID.randomUUID().toString(), "/foundation-test", event);
        TopicClient topics = topics();

        topics.produce(publishedTopic(), event.subject(), envelope);
        List<ConsumerRecord<String, byte[]>> read = topics.readUntil(publishedTopic(),
                records -> records.stream().anyMatch(r -> envelope.id().equals(header(r, "ce_id"))),
                Duration.ofSeconds(20));

        ConsumerRecord<String, byte[]> back = read.stream().filter(r -> envelope.id().equals(header(r, "ce_id")))
                .findFirst().orElseThrow(() -> new AssertionError("record not read back from " + publishedTopic()));
        assertThat(back.key()).isEqualTo(event.subject());
        assertThat(CloudEvents.unwrap(TopicClient.envelope(back))).isEqualTo(event);
    }

    /** A client of the service's broker with the service's own {@code kafka.*} security settings. */
    public static TopicClient topics() {
        org.eclipse.microprofile.config.Config config = ConfigProvider.getConfig();
        Map<String, String> security = new java.util.HashMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith("kafka.security.") || name.startsWith("kafka.sasl.") || name.startsWith("kafka.ssl.")) {
                config.getOptionalValue(name, String.class).ifPresent(v -> security.put(name.substring(6), v));
            }
        }
        return new TopicClient(config.getValue("kafka.bootstrap.servers", String.class), security);
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void healthMetricsAndOpenApiAreServed() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
        given().accept("application/json").when().get("/q/openapi").then().statusCode(200)
                .body("openapi", notNullValue());
    }

    @Test
    void tokensAreEnforcedWith401And403AndTheOneErrorBody() {
        given().when().get("/v1/me").then().statusCode(401)
                .body("code", equalTo("unauthenticated")).body("error", equalTo("unauthorized"))
                .body("requestId", notNullValue()).body("createdAt", notNullValue());
        given().auth().oauth2("not-a-token").when().get("/v1/me").then().statusCode(401)
                .body("code", equalTo("unauthenticated"));
        given().auth().oauth2(TestTokens.token("device-1", null, null, "device")).when().get("/v1/me")
                .then().statusCode(403).body("code", equalTo("forbidden"));
        given().auth().oauth2(TestTokens.partner("partner-a")).when().get("/v1/me")
                .then().statusCode(200).body("partnerId", equalTo("partner-a")).body("roles[0]", equalTo("partner"));
    }

    @Test
    void unknownRoutesAndWrongMethodsAnswer4xxInTheErrorBody() {
        given().header("X-Correlation-ID", "corr-42").when().get("/v1/no-such-route").then().statusCode(404)
                .body("code", equalTo("not-found")).body("correlationId", equalTo("corr-42"))
                .body("docUrl", containsString("not-found"));
        given().auth().oauth2(TestTokens.operator()).contentType("application/json").body("{}")
                .when().post("/v1/me").then().statusCode(405).body("code", equalTo("method-not-allowed"));
    }
}
