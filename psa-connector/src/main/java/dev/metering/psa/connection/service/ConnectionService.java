package dev.metering.psa.connection.service;

import dev.metering.platform.error.ApiException;
import dev.metering.psa.vendor.PsaCredentials;
import dev.metering.psa.vendor.PsaSites;
import dev.metering.psa.config.PsaConfig;
import dev.metering.psa.connection.store.ConnectionStore;
import dev.metering.psa.connection.store.ConnectionStore.StoredConnection;
import dev.metering.psa.secret.service.SecretCipher;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** A partner's PSA connection: validated, keys encrypted before they are stored, decrypted only to sync. */
@ApplicationScoped
public class ConnectionService {

    public static final String CONNECTWISE_MANAGE = "connectwise-manage";

    public record ConnectionRequest(String type, String site, String companyId, String publicKey, String privateKey,
            String clientId, Integer catalogSubcategoryId, Integer catalogTypeId) {

        @Override
        public String toString() {
            return "ConnectionRequest[type=" + type + ", site=" + site + ", companyId=" + companyId + ", keys=***]";
        }
    }

    private final ConnectionStore store;
    private final SecretCipher cipher;
    private final PsaConfig config;

    public ConnectionService(ConnectionStore store, SecretCipher cipher, PsaConfig config) {
        this.store = store;
        this.cipher = cipher;
        this.config = config;
    }

    public StoredConnection save(String partnerId, String by, ConnectionRequest r) {
        String type = r.type() == null ? CONNECTWISE_MANAGE : r.type();
        if (!CONNECTWISE_MANAGE.equals(type)) {
            throw ApiException.invalidField("type", "must be " + CONNECTWISE_MANAGE, "unsupported PSA type " + type);
        }
        try {
            PsaSites.baseUri(r.site(), config.sync().allowLoopbackHttp());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField("site", e.getMessage(), "site " + e.getMessage());
        }
        required("companyId", r.companyId());
        required("publicKey", r.publicKey());
        required("privateKey", r.privateKey());
        required("clientId", r.clientId());
        if (r.companyId().contains("+") || r.publicKey().contains(":")) {
            throw ApiException.invalidField("companyId", "must not contain '+' (nor publicKey ':')",
                    "companyId/publicKey contain a Basic-auth separator");
        }
        store.upsert(new StoredConnection(partnerId, type, r.site().trim(), r.companyId().trim(), r.clientId().trim(),
                cipher.encrypt(r.publicKey(), partnerId + "|public"), cipher.encrypt(r.privateKey(),
                        partnerId + "|private"), r.catalogSubcategoryId(), r.catalogTypeId(), by, null));
        return store.find(partnerId).orElseThrow();
    }

    public StoredConnection require(String partnerId) {
        return store.find(partnerId).orElseThrow(() -> new ApiException(404, "no-psa-connection",
                "this partner has no PSA connection (PUT /v1/psa/connection)"));
    }

    public Optional<PsaCredentials> credentials(String partnerId) {
        return store.find(partnerId).map(this::credentials);
    }

    public PsaCredentials credentials(StoredConnection s) {
        return new PsaCredentials(s.partnerId(), s.site(), s.companyId(), cipher.decrypt(s.publicKeyEnc(),
                s.partnerId() + "|public"), cipher.decrypt(s.privateKeyEnc(), s.partnerId() + "|private"),
                s.clientId(), s.catalogSubcategoryId(), s.catalogTypeId());
    }

    public void delete(String partnerId) {
        if (!store.delete(partnerId)) {
            throw new ApiException(404, "no-psa-connection", "this partner has no PSA connection");
        }
    }

    private static void required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ApiException.invalidField(field, "must not be blank", field + " must not be blank");
        }
    }
}
