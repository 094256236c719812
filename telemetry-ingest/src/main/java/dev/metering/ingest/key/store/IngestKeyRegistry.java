package dev.metering.ingest.key.store;

import dev.metering.ingest.key.IngestKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ingest keys this replica currently honours, in memory for the hot path: key hash -> customer.
 * Fed from {@code customers.events} (and the {@code ingest_keys} table at start), so an issue or a
 * revocation takes effect as soon as the event is consumed (well within seconds). Reads are lock-free;
 * the rare updates are serialised.
 */
@ApplicationScoped
public class IngestKeyRegistry {

    /** A live key; never holds the plaintext. */
    public record Key(String keyId, String customerId, String keyHash) {
    }

    private final Map<String, Key> byHash = new ConcurrentHashMap<>();
    private final Map<String, Key> byKeyId = new ConcurrentHashMap<>();
    private final Set<String> revokedKeyIds = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> liveKeysPerCustomer = new ConcurrentHashMap<>();

    /** The customer a presented plaintext key belongs to, if the key is live. */
    public Optional<String> customerFor(String plaintextKey) {
        if (plaintextKey == null || plaintextKey.isBlank() || plaintextKey.length() > 1024) {
            return Optional.empty();
        }
        Key key = byHash.get(IngestKeys.hash(plaintextKey.trim()));
        return key == null ? Optional.empty() : Optional.of(key.customerId());
    }

    /** Whether the customer has at least one live key (gateways may only send for such customers). */
    public boolean isActiveCustomer(String customerId) {
        return customerId != null && liveKeysPerCustomer.getOrDefault(customerId, 0) > 0;
    }

    /** Issued; ignored when this key id was already revoked (a replayed issue never resurrects a key). */
    public synchronized void issued(String keyId, String customerId, String keyHash) {
        if (keyId == null || customerId == null || keyHash == null || revokedKeyIds.contains(keyId)
                || byKeyId.containsKey(keyId) || byHash.containsKey(keyHash)) {
            return;
        }
        Key key = new Key(keyId, customerId, keyHash.trim().toLowerCase(java.util.Locale.ROOT));
        byKeyId.put(keyId, key);
        byHash.put(key.keyHash(), key);
        liveKeysPerCustomer.merge(customerId, 1, Integer::sum);
    }

    public synchronized void revoked(String keyId) {
        if (keyId == null) {
            return;
        }
        revokedKeyIds.add(keyId);
        Key key = byKeyId.remove(keyId);
        if (key != null) {
            byHash.remove(key.keyHash());
            liveKeysPerCustomer.computeIfPresent(key.customerId(), (c, n) -> n <= 1 ? null : n - 1);
        }
    }

    public int liveKeys() {
        return byKeyId.size();
    }
}
