package dev.metering.psa.mapping.store;

import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Confirmed customer ↔ PSA company/agreement mappings and product ↔ catalog item mappings, per partner, through
 * {@link CustomerMappingEntity} and {@link ProductMappingEntity}. Callers get values, never managed entities.
 */
@ApplicationScoped
public class MappingStore {

    public record CustomerMapping(String customerId, String partnerId, long companyId, String companyName,
            long agreementId, String confirmedBy, Instant confirmedAt) {
    }

    public record ProductMapping(String product, long catalogItemId, String identifier, boolean createdOnPsa) {
    }

    /**
     * Maps the customer (a confirmation replaces the customer's earlier one, whichever partner made it). The row
     * is claimed first by {@code on conflict do nothing}, so two simultaneous first confirmations both succeed and
     * the later one stays (see {@code ConnectionStore#upsert}).
     */
    @Transactional
    public void confirm(CustomerMapping m) {
        CustomerMappingEntity.getEntityManager().createNativeQuery("insert into customer_mappings (customer_id,"
                + " partner_id, psa_company_id, psa_agreement_id, confirmed_by, confirmed_at)"
                + " values (?1, ?2, ?3, ?4, ?5, ?6) on conflict (customer_id) do nothing")
                .setParameter(1, m.customerId()).setParameter(2, m.partnerId()).setParameter(3, m.companyId())
                .setParameter(4, m.agreementId()).setParameter(5, m.confirmedBy()).setParameter(6, Instant.now())
                .executeUpdate();
        CustomerMappingEntity e = CustomerMappingEntity.findById(m.customerId());
        e.partnerId = m.partnerId();
        e.companyId = m.companyId();
        e.companyName = m.companyName();
        e.agreementId = m.agreementId();
        e.confirmedBy = m.confirmedBy();
        e.confirmedAt = Instant.now();
    }

    @Transactional
    public boolean remove(String partnerId, String customerId) {
        return CustomerMappingEntity.delete("customerId = ?1 and partnerId = ?2", customerId, partnerId) == 1;
    }

    /** R8: a customer that moved to {@code partnerId} keeps no mapping another partner confirmed. */
    @Transactional
    public void removeOtherPartners(String customerId, String partnerId) {
        CustomerMappingEntity.delete("customerId = ?1 and partnerId <> ?2", customerId, partnerId);
    }

    /** The partner's confirmed mappings by customer id. */
    @Transactional
    public Map<String, CustomerMapping> customers(String partnerId) {
        return byKey(CustomerMappingEntity.<CustomerMappingEntity>list("partnerId", Sort.by("customerId"), partnerId)
                .stream().map(e -> new CustomerMapping(e.customerId, e.partnerId, e.companyId, e.companyName,
                        e.agreementId, e.confirmedBy, e.confirmedAt)).toList(), CustomerMapping::customerId);
    }

    @Transactional
    public Map<String, ProductMapping> products(String partnerId) {
        return byKey(ProductMappingEntity.<ProductMappingEntity>list("partnerId", Sort.by("product"), partnerId)
                .stream().map(MappingStore::product).toList(), ProductMapping::product);
    }

    @Transactional
    public Optional<ProductMapping> product(String partnerId, String product) {
        return ProductMappingEntity.<ProductMappingEntity>findByIdOptional(
                new ProductMappingEntity.Key(partnerId, product)).map(MappingStore::product);
    }

    /** Maps the product; the row is claimed first like {@link #confirm}'s, so a racing first mapping succeeds. */
    @Transactional
    public void mapProduct(String partnerId, ProductMapping m) {
        ProductMappingEntity.getEntityManager().createNativeQuery("insert into product_mappings (partner_id, product,"
                + " catalog_item_id, identifier, created_on_psa, mapped_at) values (?1, ?2, ?3, ?4, ?5, ?6)"
                + " on conflict (partner_id, product) do nothing")
                .setParameter(1, partnerId).setParameter(2, m.product()).setParameter(3, m.catalogItemId())
                .setParameter(4, m.identifier()).setParameter(5, m.createdOnPsa()).setParameter(6, Instant.now())
                .executeUpdate();
        ProductMappingEntity e = ProductMappingEntity.findById(new ProductMappingEntity.Key(partnerId, m.product()));
        e.catalogItemId = m.catalogItemId();
        e.identifier = m.identifier();
        e.createdOnPsa = m.createdOnPsa();
        e.mappedAt = Instant.now();
    }

    private static ProductMapping product(ProductMappingEntity e) {
        return new ProductMapping(e.product, e.catalogItemId, e.identifier, e.createdOnPsa);
    }

    private static <T> Map<String, T> byKey(List<T> rows, Function<T, String> key) {
        Map<String, T> out = new LinkedHashMap<>();
        for (T row : rows) {
            out.put(key.apply(row), row);
        }
        return out;
    }
}
