package dev.metering.ingest.key.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An ingest key as ingest knows it: its hash, its customer, and whether it was revoked. */
@Entity
@Table(name = "ingest_keys")
public class IngestKeyEntity extends PanacheEntityBase {

    @Id
    @Column(name = "key_id")
    public String keyId;

    @Column(name = "customer_id", nullable = false)
    public String customerId;

    @Column(name = "key_hash", nullable = false, unique = true)
    public String keyHash;

    @Column(name = "issued_at", nullable = false)
    public Instant issuedAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;
}
