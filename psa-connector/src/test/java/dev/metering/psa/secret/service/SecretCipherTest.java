package dev.metering.psa.secret.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretCipherTest {

    static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

    @Test
    void aSecretRoundTripsAndItsCiphertextNeitherShowsItNorRepeats() {
        SecretCipher cipher = new SecretCipher(KEY);
        String a = cipher.encrypt("privKey-123", "partner-1|private");

        assertThat(a).startsWith("v1:").doesNotContain("privKey-123");
        assertThat(cipher.encrypt("privKey-123", "partner-1|private")).isNotEqualTo(a);
        assertThat(cipher.decrypt(a, "partner-1|private")).isEqualTo("privKey-123");
    }

    @Test
    void aCiphertextMovedToAnotherRowOrReadWithAnotherKeyDoesNotDecrypt_andTheErrorShowsNoSecret() {
        String a = new SecretCipher(KEY).encrypt("privKey-123", "partner-1|private");

        assertThatThrownBy(() -> new SecretCipher(KEY).decrypt(a, "partner-2|private"))
                .hasMessageNotContaining("privKey").hasMessageNotContaining(a);
        byte[] other = new byte[32];
        other[0] = 1;
        assertThatThrownBy(() -> new SecretCipher(Base64.getEncoder().encodeToString(other)).decrypt(a,
                "partner-1|private")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aKeyThatIsNot32BytesIsRefusedAtStart() {
        assertThatThrownBy(() -> new SecretCipher(Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessageContaining("32 bytes");
    }
}
