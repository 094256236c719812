package dev.metering.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Security by default: production never trusts the dev key pair (its private half is in the repository). */
class DevKeyGuardTest {

    static final String OTHER_KEY = """
            -----BEGIN PUBLIC KEY-----
            MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo
            4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u
            -----END PUBLIC KEY-----
            """;

    @Test
    void aProductionRunTrustingTheDevPublicKeyIsRefusedWithWhatToDo() {
        // given the dev public key, however it is wrapped
        String dev = DevKeyGuard.devPublicKey().replace("\n", "\r\n") + "\n\n";
        // when a production run without the local profile would trust it
        // then it is refused, saying how to fix it
        assertThat(DevKeyGuard.refusal(false, List.of("prod"), dev)).get().asString()
                .contains("DEV public key").contains("QUARKUS_PROFILE=prod,local");
    }

    @Test
    void devTestAndADeliberateLocalRunMayTrustIt() {
        String dev = DevKeyGuard.devPublicKey();
        assertThat(DevKeyGuard.refusal(true, List.of("test"), dev)).isEmpty();
        assertThat(DevKeyGuard.refusal(false, List.of("prod", "local"), dev)).isEmpty();
    }

    @Test
    void anotherIssuersKeyOrAJwksUrlStartsNormally() {
        assertThat(DevKeyGuard.refusal(false, List.of("prod"), OTHER_KEY)).isEmpty();
        assertThat(DevKeyGuard.read("https://issuer.example/.well-known/jwks.json")).isNull();
        assertThat(DevKeyGuard.refusal(false, List.of("prod"), null)).isEmpty();
    }

    @Test
    void theKeyIsReadFromAFileOrTheClassPath() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("jwt", ".pem");
        java.nio.file.Files.writeString(file, DevKeyGuard.devPublicKey());
        assertThat(DevKeyGuard.read(file.toString())).isEqualTo(DevKeyGuard.devPublicKey());
        assertThat(DevKeyGuard.read("file:" + file)).isEqualTo(DevKeyGuard.devPublicKey());
        assertThat(DevKeyGuard.read(DevKeyGuard.DEV_PUBLIC_KEY)).isEqualTo(DevKeyGuard.devPublicKey());
        assertThat(DevKeyGuard.read("/nowhere/jwt.pem")).isNull();
    }
}
