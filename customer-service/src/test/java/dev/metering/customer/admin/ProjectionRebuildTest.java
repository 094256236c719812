package dev.metering.customer.admin;

import static dev.metering.customer.TestApi.as;
import static dev.metering.customer.TestApi.customer;
import static dev.metering.customer.TestApi.registerPartner;
import static dev.metering.customer.TestApi.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import dev.metering.testsupport.ServiceFoundationContract;
import dev.metering.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The read models are projections: deleted, they come back from the event store alone. */
@QuarkusTest
class ProjectionRebuildTest {

    @Test
    void deletedReadModelRowsAreRestoredFromTheEventStore() throws Exception {
        String p = unique("p");
        registerPartner(p, "dist-de");
        String id = customer(p, "Rebuilt Ltd", "trial");
        as(TestTokens.partner(p)).body(Map.of("name", "Rebuilt Group")).put("/v1/customers/" + id + "/name").then()
                .statusCode(200);

        try (Connection c = ServiceFoundationContract.jdbc()) {
            c.createStatement().executeUpdate("delete from customer_view where customer_id = '" + id + "'");
            c.createStatement().executeUpdate("delete from partner_view where partner_id = '" + p + "'");
        }
        as(TestTokens.partner(p)).get("/v1/customers/" + id).then().statusCode(404);

        as(TestTokens.partner(p)).post("/v1/admin/projections/rebuild").then().statusCode(403);
        as(TestTokens.operator()).post("/v1/admin/projections/rebuild").then().statusCode(200)
                .body("partners", greaterThanOrEqualTo(1)).body("customers", greaterThanOrEqualTo(1));

        as(TestTokens.partner(p)).get("/v1/customers/" + id).then().statusCode(200)
                .body("name", equalTo("Rebuilt Group")).body("version", equalTo(2)).header("ETag", "\"2\"");
        as(TestTokens.distributor("dist-de")).queryParam("pageSize", 100).get("/v1/partners").then().statusCode(200)
                .body("items.id", org.hamcrest.Matchers.hasItem(p));
    }
}
