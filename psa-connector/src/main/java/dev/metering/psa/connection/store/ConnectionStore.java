package dev.metering.psa.connection.store;

import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One PSA connection per partner, through {@link PsaConnectionEntity}; the keys are stored only as ciphertexts.
 * Callers get {@link StoredConnection} values, never the managed entity.
 */
@ApplicationScoped
public class ConnectionStore {

    public record StoredConnection(String partnerId, String kind, String site, String companyId, String clientId,
            String publicKeyEnc, String privateKeyEnc, Integer catalogSubcategoryId, Integer catalogTypeId,
            String createdBy, Instant updatedAt) {
    }

    /** Creates the partner's connection or replaces every field of the one it has (its creation time stays). */
    @Transactional
    public void upsert(StoredConnection s) {
        Instant now = Instant.now();
        PsaConnectionEntity e = PsaConnectionEntity.findById(s.partnerId());
        if (e == null) {
            e = new PsaConnectionEntity();
            e.partnerId = s.partnerId();
            e.createdAt = now;
        }
        e.kind = s.kind();
        e.site = s.site();
        e.companyId = s.companyId();
        e.clientId = s.clientId();
        e.publicKeyEnc = s.publicKeyEnc();
        e.privateKeyEnc = s.privateKeyEnc();
        e.catalogSubcategoryId = s.catalogSubcategoryId();
        e.catalogTypeId = s.catalogTypeId();
        e.createdBy = s.createdBy();
        e.updatedAt = now;
        e.persist();
    }

    @Transactional
    public Optional<StoredConnection> find(String partnerId) {
        return PsaConnectionEntity.<PsaConnectionEntity>findByIdOptional(partnerId).map(ConnectionStore::stored);
    }

    @Transactional
    public List<String> partners() {
        return PsaConnectionEntity.<PsaConnectionEntity>listAll(Sort.by("partnerId"))
                .stream().map(e -> e.partnerId).toList();
    }

    @Transactional
    public boolean delete(String partnerId) {
        return PsaConnectionEntity.deleteById(partnerId);
    }

    private static StoredConnection stored(PsaConnectionEntity e) {
        return new StoredConnection(e.partnerId, e.kind, e.site, e.companyId, e.clientId, e.publicKeyEnc,
                e.privateKeyEnc, e.catalogSubcategoryId, e.catalogTypeId, e.createdBy, e.updatedAt);
    }
}
