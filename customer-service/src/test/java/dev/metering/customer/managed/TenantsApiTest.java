package dev.metering.customer.managed;

import static dev.metering.customer.TestApi.as;
import static dev.metering.customer.TestApi.registerFlexPartner;
import static dev.metering.customer.TestApi.registerPartner;
import static dev.metering.customer.TestApi.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.metering.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The vendor-compatible {@code /partner/v1/tenants} API answers the documented shapes (DOMAIN.md). */
@QuarkusTest
class TenantsApiTest {

    static final List<String> TENANT_FIELDS = List.of("id", "showAs", "name", "dataGeography", "dataRegion",
            "billingType", "partner", "apiHost");

    @Test
    void createAndReadATenantWithTheVendorsFieldNames() {
        String p = unique("p");
        registerFlexPartner(p, "dist-de");
        Map<String, Object> body = Map.of("name", "Tenant One", "showAs", "T1", "dataGeography", "DE",
                "billingType", "usage", "contact", Map.of("firstName", "Ada", "lastName", "Lovelace", "email",
                        "ada@example.com", "phone", "+49 1", "address", Map.of("address1", "Hauptstr. 1", "city",
                                "Berlin", "postalCode", "10115", "countryCode", "DE")));

        Map<String, Object> created = as(TestTokens.partner(p)).header("X-Partner-ID", p).body(body)
                .post("/partner/v1/tenants").then().statusCode(201).extract().as(Map.class);
        assertThat(created).containsOnlyKeys(TENANT_FIELDS);
        assertThat(created).containsEntry("name", "Tenant One").containsEntry("showAs", "T1")
                .containsEntry("dataGeography", "DE").containsEntry("dataRegion", "de01")
                .containsEntry("billingType", "usage").containsEntry("partner", Map.of("id", p))
                .containsEntry("apiHost", "https://api-de01.metering.dev");

        Map<String, Object> read = as(TestTokens.partner(p)).header("X-Partner-ID", p)
                .get("/partner/v1/tenants/" + created.get("id")).then().statusCode(200).extract().as(Map.class);
        assertThat(read).isEqualTo(created);
    }

    @Test
    void listIsPagedByPageNumberWithTotalsOnlyWhenAsked() {
        String p = unique("p");
        registerPartner(p, "dist-de");
        for (String name : List.of("Charlie", "alpha", "Bravo")) {
            as(TestTokens.partner(p)).header("X-Partner-ID", p)
                    .body(Map.of("name", name, "dataGeography", "US", "billingType", "trial"))
                    .post("/partner/v1/tenants").then().statusCode(201).body("billingType", equalTo("trial"));
        }

        Map<String, Object> page1 = as(TestTokens.partner(p)).header("X-Partner-ID", p).queryParam("page", 1)
                .queryParam("pageSize", 2).queryParam("pageTotal", true).get("/partner/v1/tenants").then()
                .statusCode(200).extract().as(Map.class);
        assertThat(page1).containsOnlyKeys("items", "pages");
        assertThat((Map<String, Object>) page1.get("pages")).containsOnlyKeys("current", "size", "total", "items",
                "maxSize").containsEntry("current", 1).containsEntry("size", 2).containsEntry("total", 2)
                .containsEntry("items", 3).containsEntry("maxSize", 100);
        List<Map<String, Object>> items = (List<Map<String, Object>>) page1.get("items");
        assertThat(items).extracting(i -> i.get("name")).containsExactly("alpha", "Bravo");
        assertThat(items.get(0)).containsOnlyKeys(TENANT_FIELDS);

        Map<String, Object> page2 = as(TestTokens.partner(p)).header("X-Partner-ID", p).queryParam("page", 2)
                .queryParam("pageSize", 2).get("/partner/v1/tenants").then().statusCode(200).extract().as(Map.class);
        assertThat((Map<String, Object>) page2.get("pages")).containsOnlyKeys("current", "size", "maxSize");
        assertThat((List<Map<String, Object>>) page2.get("items")).extracting(i -> i.get("name"))
                .containsExactly("Charlie");
    }

    @Test
    void theXPartnerIdHeaderIsRequiredAndMustBeTheTokensOwnPartner() {
        String p = unique("p");
        registerPartner(p, "dist-de");
        as(TestTokens.partner(p)).get("/partner/v1/tenants").then().statusCode(400)
                .body("code", equalTo("missing-partner-id"));
        as(TestTokens.partner(p)).header("X-Partner-ID", "someone-else").get("/partner/v1/tenants").then()
                .statusCode(403).body("code", equalTo("partner-mismatch"));
        as(TestTokens.operator()).header("X-Partner-ID", p).get("/partner/v1/tenants").then().statusCode(403);
        as(TestTokens.partner(p)).header("X-Partner-ID", p)
                .body(Map.of("name", "x", "dataGeography", "DE", "billingType", "weekly"))
                .post("/partner/v1/tenants").then().statusCode(400).body("code", equalTo("invalid-field"))
                .body("error", equalTo("badRequest"));
    }
}
