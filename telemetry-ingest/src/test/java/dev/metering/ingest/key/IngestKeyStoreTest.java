package dev.metering.ingest.key;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.ingest.key.store.IngestKeyStore;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The ingest_keys table on the real PostgreSQL: idempotent, and a revocation always wins. */
@QuarkusTest
class IngestKeyStoreTest {

    @Inject
    IngestKeyStore store;

    Map<String, IngestKeyStore.StoredKey> byId() {
        return store.all().stream().collect(Collectors.toMap(IngestKeyStore.StoredKey::keyId, Function.identity()));
    }

    @Test
    void issueIsIdempotentAndRevocationIsKept() {
        String id = "k-" + UUID.randomUUID();
        String hash = IngestKeys.hash(id);
        Instant issued = Instant.parse("2026-11-01T00:00:00Z");
        store.issued(id, "cust-s", hash, issued);
        store.issued(id, "cust-s", hash, issued);
        assertThat(byId().get(id)).isEqualTo(new IngestKeyStore.StoredKey(id, "cust-s", hash, null));

        Instant revoked = Instant.parse("2026-11-02T00:00:00Z");
        store.revoked(id, "cust-s", revoked);
        store.revoked(id, "cust-s", Instant.parse("2026-11-03T00:00:00Z"));
        store.issued(id, "cust-s", hash, issued); // a replayed issue
        assertThat(byId().get(id).revokedAt()).isEqualTo(revoked);
        assertThat(byId().get(id).keyHash()).isEqualTo(hash);
    }

    @Test
    void aRevocationBeforeItsIssueIsRememberedAndWins() {
        String id = "k-" + UUID.randomUUID();
        store.revoked(id, "cust-s", Instant.parse("2026-11-02T00:00:00Z"));
        store.issued(id, "cust-s", IngestKeys.hash(id), Instant.parse("2026-11-01T00:00:00Z"));
        IngestKeyStore.StoredKey key = byId().get(id);
        assertThat(key.revokedAt()).isNotNull();

        // what a restarting replica does with the table
        IngestKeyRegistry registry = new IngestKeyRegistry();
        for (IngestKeyStore.StoredKey k : store.all()) {
            if (k.revokedAt() != null) {
                registry.revoked(k.keyId());
            } else {
                registry.issued(k.keyId(), k.customerId(), k.keyHash());
            }
        }
        assertThat(registry.customerFor(id)).isEmpty();
    }

    @Test
    void aSecondKeyWithTheSameHashIsIgnored() {
        String plaintext = "p-" + UUID.randomUUID();
        String first = "k-" + UUID.randomUUID();
        String second = "k-" + UUID.randomUUID();
        store.issued(first, "cust-a", IngestKeys.hash(plaintext), Instant.now());
        store.issued(second, "cust-b", IngestKeys.hash(plaintext), Instant.now());
        Map<String, IngestKeyStore.StoredKey> keys = byId();
        assertThat(keys.get(first).customerId()).isEqualTo("cust-a");
        assertThat(keys).doesNotContainKey(second);
    }
}
