package dev.metering.billing.pricing.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.math.BigDecimal;

/** One row of the price list: the unit price of a SKU in a currency. */
@Entity
@Table(name = "price_list")
public class PriceEntity extends PanacheEntityBase {

    @EmbeddedId
    public Key id;

    @Column(name = "unit_price", nullable = false, precision = 12, scale = 4)
    public BigDecimal unitPrice;

    @Embeddable
    public static class Key implements Serializable {
        @Column(name = "sku")
        public String sku;
        @Column(name = "currency")
        public String currency;

        public Key() {
        }

        public Key(String sku, String currency) {
            this.sku = sku;
            this.currency = currency;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && java.util.Objects.equals(sku, k.sku)
                    && java.util.Objects.equals(currency, k.currency);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(sku, currency);
        }
    }
}
