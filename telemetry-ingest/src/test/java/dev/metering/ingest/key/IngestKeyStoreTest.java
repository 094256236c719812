package dev.metering.ingest.key;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.ingest.key.store.IngestKeyRegistry;
import dev.metering.ingest.key.store.IngestKeyStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The ingest_keys table (Hibernate Reactive Panache) on the real PostgreSQL: idempotent, and a revocation always wins. */
@QuarkusTest
class IngestKeyStoreTest {

    @Inject
    IngestKeyStore store;

    /** The store runs on a Vert.x context, as in production (the consumer's {@code @Incoming} method). */
    static <T> T await(Supplier<Uni<T>> call) {
        try {
            return VertxContextSupport.subscribeAndAwait(call);
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    Map<String, IngestKeyStore.StoredKey> byId() {
        return await(store::all).stream()
                .collect(Collectors.toMap(IngestKeyStore.StoredKey::keyId, Function.identity()));
    }

    @Test
    void issueIsIdempotentAndRevocationIsKept() {
        String id = "k-" + UUID.randomUUID();
        String hash = IngestKeys.hash(id);
        Instant issued = Instant.parse("2026-11-01T00:00:00Z");
        await(() -> store.issued(id, "cust-s", hash, issued));
        await(() -> store.issued(id, "cust-s", hash, issued));
        assertThat(byId().get(id)).isEqualTo(new IngestKeyStore.StoredKey(id, "cust-s", hash, null));

        Instant revoked = Instant.parse("2026-11-02T00:00:00Z");
        await(() -> store.revoked(id, "cust-s", revoked));
        await(() -> store.revoked(id, "cust-s", Instant.parse("2026-11-03T00:00:00Z")));
        await(() -> store.issued(id, "cust-s", hash, issued)); // a replayed issue
        assertThat(byId().get(id).revokedAt()).isEqualTo(revoked);
        assertThat(byId().get(id).keyHash()).isEqualTo(hash);
    }

    @Test
    void aRevocationBeforeItsIssueIsRememberedAndWins() {
        String id = "k-" + UUID.randomUUID();
        await(() -> store.revoked(id, "cust-s", Instant.parse("2026-11-02T00:00:00Z")));
        await(() -> store.issued(id, "cust-s", IngestKeys.hash(id), Instant.parse("2026-11-01T00:00:00Z")));
        IngestKeyStore.StoredKey key = byId().get(id);
        assertThat(key.revokedAt()).isNotNull();

        // what a restarting replica does with the table
        IngestKeyRegistry registry = new IngestKeyRegistry();
        for (IngestKeyStore.StoredKey k : await(store::all)) {
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
        await(() -> store.issued(first, "cust-a", IngestKeys.hash(plaintext), Instant.now()));
        await(() -> store.issued(second, "cust-b", IngestKeys.hash(plaintext), Instant.now()));
        Map<String, IngestKeyStore.StoredKey> keys = byId();
        assertThat(keys.get(first).customerId()).isEqualTo("cust-a");
        assertThat(keys).doesNotContainKey(second);
    }
}
