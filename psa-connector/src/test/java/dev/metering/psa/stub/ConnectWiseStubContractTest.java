package dev.metering.psa.stub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The contract stub itself refuses what the real API refuses, so a client bug cannot pass the sync tests. */
class ConnectWiseStubContractTest {

    static final ConnectWiseStub PSA = ConnectWiseStub.get();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static HttpResponse<String> send(String method, String path, String body, String auth, String clientId)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(PSA.site() + path));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        if (clientId != null) {
            b.header("clientId", clientId);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String basic(String companyId, String pub, String priv) {
        return "Basic " + Base64.getEncoder().encodeToString((companyId + "+" + pub + ":" + priv)
                .getBytes(StandardCharsets.UTF_8));
    }

    static final String GOOD = basic(ConnectWiseStub.COMPANY_ID, ConnectWiseStub.PUBLIC_KEY, ConnectWiseStub.PRIVATE_KEY);

    @Test
    void authClientIdAndPathsAreEnforced() throws Exception {
        String companies = ConnectWiseStub.BASE + "company/companies";
        assertThat(send("GET", companies, null, null, ConnectWiseStub.CLIENT_ID).statusCode()).isEqualTo(401);
        assertThat(send("GET", companies, null, basic(ConnectWiseStub.COMPANY_ID, ConnectWiseStub.PUBLIC_KEY, "wrong"),
                ConnectWiseStub.CLIENT_ID).statusCode()).isEqualTo(401);
        assertThat(send("GET", companies, null, GOOD, null).statusCode()).isEqualTo(400);
        assertThat(send("GET", "/v4_6_release/apis/3.0/company/nonsense", null, GOOD, ConnectWiseStub.CLIENT_ID)
                .statusCode()).isEqualTo(404);
        assertThat(send("GET", companies + "?pageSize=5000", null, GOOD, ConnectWiseStub.CLIENT_ID).statusCode())
                .isEqualTo(400);
        assertThat(send("GET", companies + "?conditions=name%20~%20x", null, GOOD, ConnectWiseStub.CLIENT_ID)
                .statusCode()).isEqualTo(400);
        assertThat(send("GET", companies + "?page=1&pageSize=10", null, GOOD, ConnectWiseStub.CLIENT_ID).statusCode())
                .isEqualTo(200);
    }

    @Test
    void additionsNeedTheDocumentedShape() throws Exception {
        long agreement = PSA.addAgreement(PSA.addCompany("Shape Test Co"), "Shapes");
        String item = send("POST", ConnectWiseStub.BASE + "procurement/catalog", "{\"identifier\":\"SHAPE-1\","
                + "\"description\":\"Shape\",\"subcategory\":{\"id\":1},\"type\":{\"id\":2}}", GOOD,
                ConnectWiseStub.CLIENT_ID).body();
        long itemId = Long.parseLong(item.replaceAll(".*\"id\":(\\d+).*", "$1"));
        String additions = ConnectWiseStub.BASE + "finance/agreements/" + agreement + "/additions";

        assertThat(send("POST", additions, "{\"product\":{\"id\":" + itemId + "},\"quantity\":3}", GOOD,
                ConnectWiseStub.CLIENT_ID).body()).contains("billCustomer");
        assertThat(send("POST", additions, "{\"product\":{\"id\":" + itemId + "},\"quantity\":3,\"billCustomer\":"
                + "\"Billable\",\"qty\":3}", GOOD, ConnectWiseStub.CLIENT_ID).statusCode()).isEqualTo(400);
        assertThat(send("POST", additions, "{\"productId\":" + itemId + ",\"billCustomer\":\"Billable\"}", GOOD,
                ConnectWiseStub.CLIENT_ID).statusCode()).isEqualTo(400);
        assertThat(send("POST", additions, "{\"product\":{\"id\":" + itemId + "},\"quantity\":3,\"billCustomer\":"
                + "\"Billable\",\"effectiveDate\":\"2026-11-01T00:00:00Z\"}", GOOD, ConnectWiseStub.CLIENT_ID)
                .statusCode()).isEqualTo(201);
        assertThat(PSA.quantities(agreement)).containsEntry("SHAPE-1", 3L);
    }
}
