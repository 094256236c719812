package dev.metering.ingest.key.store;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code ingest_keys} table: the durable copy of what {@code customers.events} said about keys
 * (compaction of that topic by customer id may drop old key events, so the table, not the topic, is the
 * memory). Called from the key consumer's own thread, so it waits for the reactive client's answers.
 */
@ApplicationScoped
public class IngestKeyStore {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** One stored key; {@code revokedAt} null while live. */
    public record StoredKey(String keyId, String customerId, String keyHash, Instant revokedAt) {
    }

    private final Pool pool;

    public IngestKeyStore(Pool pool) {
        this.pool = pool;
    }

    /** Idempotent: a key id (or hash) seen before is left as it is, so a replayed issue never un-revokes. */
    public void issued(String keyId, String customerId, String keyHash, Instant issuedAt) {
        pool.preparedQuery("insert into ingest_keys (key_id, customer_id, key_hash, issued_at) values ($1, $2, $3, $4)"
                + " on conflict do nothing")
                .execute(Tuple.of(keyId, customerId, keyHash, utc(issuedAt)))
                .await().atMost(TIMEOUT);
    }

    /** Idempotent; a revocation for a key never seen is remembered too, so a late issue stays revoked. */
    public void revoked(String keyId, String customerId, Instant revokedAt) {
        pool.preparedQuery("insert into ingest_keys (key_id, customer_id, key_hash, issued_at, revoked_at)"
                + " values ($1, $2, $3, $4, $4)"
                + " on conflict (key_id) do update set revoked_at = coalesce(ingest_keys.revoked_at, excluded.revoked_at)")
                .execute(Tuple.of(keyId, customerId, "revoked-before-issue:" + keyId, utc(revokedAt)))
                .await().atMost(TIMEOUT);
    }

    public List<StoredKey> all() {
        List<StoredKey> out = new ArrayList<>();
        for (Row row : pool.query("select key_id, customer_id, key_hash, revoked_at from ingest_keys")
                .execute().await().atMost(TIMEOUT)) {
            OffsetDateTime revoked = row.getOffsetDateTime("revoked_at");
            out.add(new StoredKey(row.getString("key_id"), row.getString("customer_id"), row.getString("key_hash"),
                    revoked == null ? null : revoked.toInstant()));
        }
        return out;
    }

    private static OffsetDateTime utc(Instant instant) {
        return (instant == null ? Instant.now() : instant).atOffset(ZoneOffset.UTC);
    }
}
