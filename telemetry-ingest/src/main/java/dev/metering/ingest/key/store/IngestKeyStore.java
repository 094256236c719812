package dev.metering.ingest.key.store;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * The {@code ingest_keys} table through Hibernate Reactive Panache ({@link IngestKeyEntity}): the durable
 * copy of what {@code customers.events} said about keys, so a starting replica honours every known key at
 * once. Writes are idempotent, and a revocation always wins: a replayed or late issue never brings a revoked
 * key id back. Every method returns a {@link Uni} and must run on a Vert.x context (the key consumer's
 * {@code @Incoming} method, or {@code VertxContextSupport} at start-up).
 */
@ApplicationScoped
public class IngestKeyStore {

    /** PostgreSQL's unique_violation: another replica stored the same key (or hash) at the same moment. */
    private static final String UNIQUE_VIOLATION = "23505";

    /** One stored key; {@code revokedAt} null while live. */
    public record StoredKey(String keyId, String customerId, String keyHash, Instant revokedAt) {
    }

    /** Idempotent: a key id (or hash) seen before is left as it is, so a replayed issue never un-revokes. */
    public Uni<Void> issued(String keyId, String customerId, String keyHash, Instant issuedAt) {
        return Panache.<Void>withTransaction(() -> IngestKeyEntity.<IngestKeyEntity>findById(keyId)
                .chain(known -> known != null ? Uni.createFrom().item(1L) : IngestKeyEntity.count("keyHash", keyHash))
                .chain(seen -> seen > 0 ? Uni.createFrom().voidItem()
                        : entity(keyId, customerId, keyHash, issuedAt, null).persist().replaceWithVoid()))
                .onFailure(IngestKeyStore::concurrentInsert).retry().atMost(1);
    }

    /** Idempotent; a revocation for a key never seen is remembered too, so a late issue stays revoked. */
    public Uni<Void> revoked(String keyId, String customerId, Instant revokedAt) {
        Instant at = orNow(revokedAt);
        return Panache.<Void>withTransaction(() -> IngestKeyEntity.<IngestKeyEntity>findById(keyId)
                .chain(known -> {
                    if (known == null) {
                        return entity(keyId, customerId, "revoked-before-issue:" + keyId, at, at).persist()
                                .replaceWithVoid();
                    }
                    if (known.revokedAt == null) {
                        known.revokedAt = at; // written when the transaction commits
                    }
                    return Uni.createFrom().voidItem();
                }))
                .onFailure(IngestKeyStore::concurrentInsert).retry().atMost(1);
    }

    /** Every stored key, live and revoked. */
    public Uni<List<StoredKey>> all() {
        return Panache.withSession(() -> IngestKeyEntity.<IngestKeyEntity>listAll())
                .map(rows -> rows.stream()
                        .map(k -> new StoredKey(k.keyId, k.customerId, k.keyHash, k.revokedAt)).toList());
    }

    private static IngestKeyEntity entity(String keyId, String customerId, String keyHash, Instant issuedAt,
            Instant revokedAt) {
        IngestKeyEntity key = new IngestKeyEntity();
        key.keyId = keyId;
        key.customerId = customerId;
        key.keyHash = keyHash;
        key.issuedAt = orNow(issuedAt);
        key.revokedAt = revokedAt;
        return key;
    }

    private static Instant orNow(Instant instant) {
        return instant == null ? Instant.now() : instant;
    }

    /** A unique violation: the row another writer just stored; the retry finds it and leaves it as it is. */
    private static boolean concurrentInsert(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PgException pg) {
                return UNIQUE_VIOLATION.equals(pg.getSqlState());
            }
        }
        return false;
    }
}
