package dev.metering.launcher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.metering.testsupport.TestTokens;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The four services as real processes against one real Kafka broker and one real PostgreSQL, exactly as
 * {@code bin/platform up} runs them, driven only through their public APIs.
 */
class EndToEndTest {

    static LocalPlatform platform;
    static final ByteArrayOutputStream progress = new ByteArrayOutputStream();

    @BeforeAll
    static void startPlatform() throws Exception {
        Path project = Path.of("..").toAbsolutePath().normalize();
        Path runDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "e2e-");
        platform = LocalPlatform.start(new LocalPlatform.Options(project, runDir, 0, true,
                new PrintStream(progress, true)));
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void allFourServicesRunAsProcessesAndEnforceTokens() {
        assertThat(platform.services().keySet())
                .containsExactlyInAnyOrder("telemetry-ingest", "customer-service", "license-service", "billing-service");
        assertThat(progress.toString()).contains("Platform ready");
        platform.services().values().forEach(s -> {
            assertThat(s.alive()).as(s.name() + " alive").isTrue();
            given().baseUri(s.url()).when().get("/q/health/ready").then().statusCode(200);
            given().baseUri(s.url()).when().get("/v1/me").then().statusCode(401);
            given().baseUri(s.url()).auth().oauth2(TestTokens.partner("p-e2e")).when().get("/v1/me").then()
                    .statusCode(200).body("partnerId", equalTo("p-e2e"));
        });
    }
}
