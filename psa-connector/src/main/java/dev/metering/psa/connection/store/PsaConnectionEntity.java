package dev.metering.psa.connection.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A partner's PSA connection as stored: the two keys only as AES-GCM ciphertexts. No {@code toString} names a
 * field, so a logged entity shows no key material; only {@link ConnectionStore} uses it.
 */
@Entity
@Table(name = "psa_connections")
public class PsaConnectionEntity extends PanacheEntityBase {

    @Id
    @Column(name = "partner_id")
    public String partnerId;

    @Column(name = "kind", nullable = false)
    public String kind;

    @Column(name = "site", nullable = false)
    public String site;

    @Column(name = "company_id", nullable = false)
    public String companyId;

    @Column(name = "client_id", nullable = false)
    public String clientId;

    @Column(name = "public_key_enc", nullable = false)
    public String publicKeyEnc;

    @Column(name = "private_key_enc", nullable = false)
    public String privateKeyEnc;

    @Column(name = "catalog_subcategory_id")
    public Integer catalogSubcategoryId;

    @Column(name = "catalog_type_id")
    public Integer catalogTypeId;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
