package dev.metering.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.contracts.MeteringEvent;
import dev.metering.contracts.ProductCode;
import dev.metering.contracts.Topics;
import dev.metering.contracts.telemetry.DeviceHeartbeat;
import dev.metering.contracts.telemetry.DeviceKind;
import dev.metering.ingest.key.store.IngestKeyEntity;
import dev.metering.testsupport.ServiceFoundationContract;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IngestFoundationTest extends ServiceFoundationContract {

    @Override
    protected List<String> ownedTables() {
        return List.of("ingest_keys");
    }

    @Override
    protected String publishedTopic() {
        return Topics.TELEMETRY_HEARTBEATS;
    }

    @Override
    protected MeteringEvent sampleEvent() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new DeviceHeartbeat("evt-1", "customer-1", "device-1", DeviceKind.WORKSTATION,
                Set.of(ProductCode.ENDPOINT_ADVANCED), "user-1", "laptop-1", "2026.3", now, now);
    }

    @Test
    void anIngestKeyRowRoundTripsThroughHibernateReactive() throws Throwable {
        IngestKeyEntity key = new IngestKeyEntity();
        key.keyId = "key-" + System.nanoTime();
        key.customerId = "customer-1";
        key.keyHash = "sha256:" + key.keyId;
        key.issuedAt = Instant.parse("2026-11-01T00:00:00Z");
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(key::persist));

        IngestKeyEntity found = VertxContextSupport.subscribeAndAwait(
                () -> Panache.withSession(() -> IngestKeyEntity.<IngestKeyEntity>findById(key.keyId)));

        assertThat(found.customerId).isEqualTo("customer-1");
        assertThat(found.issuedAt).isEqualTo(key.issuedAt);
        assertThat(found.revokedAt).isNull();
    }
}
