package dev.metering.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Security by default: a service started in production (no {@code local} profile) with the repository's DEV public
 * key as its token key refuses to start, as a deployment that forgot to set its issuer's key would. The launcher
 * itself adds the local profile on purpose; here it is taken away for telemetry-ingest.
 */
class DevKeyPairTest {

    @Test
    void aProductionServiceGivenTheDevPublicKeyRefusesToStartAndSaysWhy() throws Exception {
        Path project = Path.of("..").toAbsolutePath().normalize();
        Path runDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "devkey-");
        LocalPlatform.Options options = new LocalPlatform.Options(project, runDir, 0, true,
                new PrintStream(java.io.OutputStream.nullOutputStream()),
                Map.of("telemetry-ingest", Map.of("QUARKUS_PROFILE", "prod"))).withServices(Set.of("telemetry-ingest"));

        assertThatThrownBy(() -> LocalPlatform.start(options)).isInstanceOf(LaunchException.class)
                .hasMessageContaining("telemetry-ingest exited during start-up");
        assertThat(Files.readString(runDir.resolve("logs/telemetry-ingest.log")))
                .contains("trusts the DEV public key").contains("QUARKUS_PROFILE=prod,local");
    }
}
