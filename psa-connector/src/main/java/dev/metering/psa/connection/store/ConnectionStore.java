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

    /**
     * Creates the partner's connection or replaces every field of the one it has (its creation time stays).
     * The row is first claimed by {@code insert ... on conflict do nothing}: of two simultaneous first PUTs one
     * inserts, the other waits for it and then updates the row (last writer wins), instead of a find-then-persist
     * where both would insert the same key and the loser would fail.
     */
    @Transactional
    public void upsert(StoredConnection s) {
        Instant now = Instant.now();
        PsaConnectionEntity.getEntityManager().createNativeQuery("insert into psa_connections (partner_id, kind,"
                + " site, company_id, client_id, public_key_enc, private_key_enc, created_by, created_at, updated_at)"
                + " values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9) on conflict (partner_id) do nothing")
                .setParameter(1, s.partnerId()).setParameter(2, s.kind()).setParameter(3, s.site())
                .setParameter(4, s.companyId()).setParameter(5, s.clientId()).setParameter(6, s.publicKeyEnc())
                .setParameter(7, s.privateKeyEnc()).setParameter(8, s.createdBy()).setParameter(9, now)
                .executeUpdate();
        PsaConnectionEntity e = PsaConnectionEntity.findById(s.partnerId());
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
