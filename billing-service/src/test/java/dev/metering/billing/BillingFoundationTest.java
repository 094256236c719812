package dev.metering.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.contracts.MeteringEvent;
import dev.metering.contracts.ProductCode;
import dev.metering.contracts.Topics;
import dev.metering.contracts.billing.BillingEvent.InvoiceIssued;
import dev.metering.contracts.billing.BillingEvent.InvoiceLine;
import dev.metering.contracts.billing.BillingEvent.ProductTotal;
import dev.metering.testsupport.ServiceFoundationContract;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class BillingFoundationTest extends ServiceFoundationContract {

    @Override
    protected List<String> ownedTables() {
        return List.of("price_list");
    }

    @Override
    protected String publishedTopic() {
        return Topics.invoicesFor("DIRECT");
    }

    @Override
    protected MeteringEvent sampleEvent() {
        InvoiceLine line = new InvoiceLine("customer-1", "Acme", ProductCode.SERVER_ADVANCED, "SKU-SRV-ADV", 3,
                new BigDecimal("4.50"), new BigDecimal("13.50"));
        return new InvoiceIssued("inv-partner-1-2026-10", "partner-1", "Partner One", "DIRECT", "2026-10",
                Instant.parse("2026-11-01T00:00:00Z"), "GBP", List.of(line),
                List.of(new ProductTotal(ProductCode.SERVER_ADVANCED, 3, new BigDecimal("13.50"))),
                new BigDecimal("13.50"), Instant.parse("2026-11-01T00:00:05Z"));
    }

    @Test
    void theOneCustomerUsageAnswerKeepsItsSchemaInTheOpenApiDocumentThoughAPeerMayAnswerIt() {
        String schema = io.restassured.RestAssured.given().accept("application/json").when().get("/q/openapi").then()
                .statusCode(200).extract().path("paths.'/v1/usage/customers/{customerId}'.get.responses.'200'.content"
                        + ".'application/json'.schema.$ref");
        assertThat(schema).as("partner tooling generates its client from this schema").endsWith("/CustomerUsage");
    }

    @Test
    void theUsagePageKeepsItsSchemaInTheOpenApiDocumentThoughItIsAnsweredAsynchronously() {
        String schema = io.restassured.RestAssured.given().accept("application/json").when().get("/q/openapi").then()
                .statusCode(200).extract().path("paths.'/v1/usage'.get.responses.'200'.content"
                        + ".'application/json'.schema.$ref");
        assertThat(schema).as("R20: partner tooling generates its client from this schema").endsWith("/Page");
    }
}
