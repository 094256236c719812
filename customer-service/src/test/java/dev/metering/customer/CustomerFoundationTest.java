package dev.metering.customer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.contracts.MeteringEvent;
import dev.metering.contracts.Topics;
import dev.metering.contracts.BillingType;
import dev.metering.contracts.customer.CustomerEvent.CustomerCreated;
import dev.metering.testsupport.ServiceFoundationContract;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CustomerFoundationTest extends ServiceFoundationContract {

    @Override
    protected List<String> ownedTables() {
        return List.of("events", "outbox");
    }

    @Override
    protected String publishedTopic() {
        return Topics.CUSTOMERS_EVENTS;
    }

    @Override
    protected MeteringEvent sampleEvent() {
        return new CustomerCreated("customer-1", "partner-1", "Acme Ltd", "Acme", "EU", BillingType.MONTHLY, true, null,
                Instant.parse("2026-11-01T09:00:00Z"));
    }

    @Test
    void theEventStoreKeepsJsonbAndRefusesASecondWriterOfTheSameVersion() throws Exception {
        String stream = "stream-" + UUID.randomUUID();
        try (Connection c = jdbc()) {
            insert(c, stream, 1, "{\"name\": \"Acme\"}");
            ResultSet rs = c.createStatement().executeQuery(
                    "select data->>'name', version from events where stream_id = '" + stream + "'");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("Acme");
            assertThat(rs.getInt(2)).isEqualTo(1);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> insert(c, stream, 1, "{}"))
                    .hasMessageContaining("events_stream_version");
        }
    }

    @Test
    void wrongJsonTypesAndBrokenJsonAnswer400InTheErrorBodyNamingTheField() {
        String token = dev.metering.testsupport.TestTokens.partner("partner-json");
        io.restassured.RestAssured.given().auth().oauth2(token).contentType("application/json")
                .body("{\"name\":\"Acme\",\"dataGeography\":\"EU\",\"billingType\":\"trial\",\"contact\":\"not-an-object\"}")
                .when().post("/v1/customers").then().statusCode(400)
                .body("code", org.hamcrest.Matchers.equalTo("invalid-field"))
                .body("fields[0].field", org.hamcrest.Matchers.equalTo("contact"));
        io.restassured.RestAssured.given().auth().oauth2(token).contentType("application/json")
                .body("{\"name\": ").when().post("/v1/customers").then().statusCode(400)
                .body("code", org.hamcrest.Matchers.equalTo("malformed-json"));
        io.restassured.RestAssured.given().auth().oauth2(token).contentType("text/plain").body("hello")
                .when().post("/v1/customers").then().statusCode(415)
                .body("code", org.hamcrest.Matchers.equalTo("unsupported-media-type"));
    }

    private static void insert(Connection c, String stream, int version, String json) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("insert into events(event_id, stream_id, stream_type, version,"
                + " type, data, occurred_at) values (?, ?, 'test', ?, 'test', ?::jsonb, now())")) {
            ps.setObject(1, UUID.randomUUID());
            ps.setString(2, stream);
            ps.setInt(3, version);
            ps.setString(4, json);
            ps.executeUpdate();
        }
    }
}
