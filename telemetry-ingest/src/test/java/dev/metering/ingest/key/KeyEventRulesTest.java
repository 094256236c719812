package dev.metering.ingest.key;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.contracts.customer.CustomerEvent.IngestKeyIssued;
import dev.metering.contracts.customer.CustomerEvent.IngestKeyRevoked;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Which key events ingest may store (issue #14 finding 2; R13: only the SHA-256 hash of a key travels). */
class KeyEventRulesTest {

    static final String HASH = IngestKeys.hash("ik_plain");

    static IngestKeyIssued issued(String customerId, String keyId, String hash) {
        return new IngestKeyIssued(customerId, "p-1", keyId, hash, Instant.now());
    }

    @Test
    void aNormalIssueAndRevocationAreStored() {
        assertThat(KeyEventRules.refusal(issued("c-1", "ik_0123456789abcdef", HASH.toUpperCase()))).isNull();
        assertThat(KeyEventRules.refusal(new IngestKeyRevoked(null, "p-1", "ik_1", Instant.now()))).isNull();
        assertThat(KeyEventRules.normalisedHash(" " + HASH.toUpperCase() + " ")).isEqualTo(HASH);
        // surrounding whitespace and controls are trimmed (as HTTP ingest trims fields): what is stored is clean
        assertThat(KeyEventRules.refusal(issued("c-1", "ik_1", HASH + "\u0000"))).isNull();
        assertThat(KeyEventRules.normalisedHash(HASH + "\u0000")).isEqualTo(HASH);
    }

    @Test
    void unstorableValuesAreRefusedWithTheirField() {
        assertThat(KeyEventRules.refusal(issued("c-1", "ik\u0000", HASH))).isEqualTo("invalid-characters:keyId");
        assertThat(KeyEventRules.refusal(issued("c\u0007-1", "ik_1", HASH))).isEqualTo("invalid-characters:customerId");
        assertThat(KeyEventRules.refusal(issued("c-1", "ik_\ud800", HASH))).isEqualTo("invalid-characters:keyId");
        assertThat(KeyEventRules.refusal(issued("c-1", "\udc00ik", HASH))).isEqualTo("invalid-characters:keyId");
        assertThat(KeyEventRules.refusal(issued("c-1", "k".repeat(129), HASH))).isEqualTo("too-long:keyId");
        assertThat(KeyEventRules.refusal(issued(" ", "ik_1", HASH))).isEqualTo("missing-field:customerId");
        assertThat(KeyEventRules.refusal(issued("c-1", "ik_1", null))).isEqualTo("missing-field:keyHash");
        assertThat(KeyEventRules.refusal(issued("c-1", "ik_1", HASH.substring(0, 32) + "\u0000" + HASH.substring(33))))
                .isEqualTo("invalid-key-hash");
        assertThat(KeyEventRules.refusal(issued("c-1", "ik_1", "z".repeat(64)))).isEqualTo("invalid-key-hash");
        assertThat(KeyEventRules.refusal(new IngestKeyRevoked("c\u0000", "p-1", "ik_1", Instant.now())))
                .isEqualTo("invalid-characters:customerId");
    }
}
