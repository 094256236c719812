package dev.metering.license;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.contracts.MeteringEvent;
import dev.metering.contracts.Topics;
import dev.metering.contracts.ProductCode;
import dev.metering.contracts.license.LicenseEvent.TermLicenseIssued;
import dev.metering.contracts.license.LicenseOwner;
import java.time.LocalDate;
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
class LicenseFoundationTest extends ServiceFoundationContract {

    @Override
    protected List<String> ownedTables() {
        return List.of("events", "outbox");
    }

    @Override
    protected String publishedTopic() {
        return Topics.LICENSES_EVENTS;
    }

    @Override
    protected MeteringEvent sampleEvent() {
        return new TermLicenseIssued("customer-1", "partner-1", "lic-1", "SKU-EP-ADV-1Y", ProductCode.ENDPOINT_ADVANCED, 25,
                LocalDate.parse("2026-11-01"), LocalDate.parse("2027-10-31"), LicenseOwner.PARTNER, true,
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
