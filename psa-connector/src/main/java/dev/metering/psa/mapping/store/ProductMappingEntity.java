package dev.metering.psa.mapping.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** A partner's PSA catalog item for one product, keyed by partner and product; used by {@link MappingStore}. */
@Entity
@Table(name = "product_mappings")
@IdClass(ProductMappingEntity.Key.class)
public class ProductMappingEntity extends PanacheEntityBase {

    /** The primary key: partner and product. */
    public static class Key implements Serializable {
        public String partnerId;
        public String product;

        public Key() {
        }

        public Key(String partnerId, String product) {
            this.partnerId = partnerId;
            this.product = product;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(partnerId, k.partnerId) && Objects.equals(product, k.product);
        }

        @Override
        public int hashCode() {
            return Objects.hash(partnerId, product);
        }
    }

    @Id
    @Column(name = "partner_id")
    public String partnerId;

    @Id
    @Column(name = "product")
    public String product;

    @Column(name = "catalog_item_id", nullable = false)
    public long catalogItemId;

    @Column(name = "identifier", nullable = false)
    public String identifier;

    @Column(name = "created_on_psa", nullable = false)
    public boolean createdOnPsa;

    @Column(name = "mapped_at", nullable = false)
    public Instant mappedAt;
}
