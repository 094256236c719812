package dev.metering.psa;

import dev.metering.contracts.BillingType;
import dev.metering.contracts.MeteringEvent;
import dev.metering.contracts.Topics;
import dev.metering.contracts.customer.CustomerEvent.CustomerCreated;
import dev.metering.testsupport.ServiceFoundationContract;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.List;

@QuarkusTest
class PsaFoundationTest extends ServiceFoundationContract {

    @Override
    protected List<String> ownedTables() {
        return List.of("customers", "psa_connections", "customer_mappings", "product_mappings", "invoiced_quantities",
                "synced_quantities", "sync_status", "webhook_endpoints", "webhook_deliveries", "webhook_attempts",
                "dead_letters");
    }

    /** psa-connector publishes no topic; the round trip uses the topic it consumes. */
    @Override
    protected String publishedTopic() {
        return Topics.CUSTOMERS_EVENTS;
    }

    @Override
    protected MeteringEvent sampleEvent() {
        return new CustomerCreated("customer-f1", "partner-f1", "Foundation Ltd", "Foundation", "DE",
                BillingType.MONTHLY, true, null, Instant.parse("2026-11-01T09:00:00Z"));
    }
}
