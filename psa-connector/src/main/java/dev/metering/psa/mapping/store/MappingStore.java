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

    /** Maps the customer (a confirmation replaces the customer's earlier one, whichever partner made it). */
    @Transactional
    public void confirm(CustomerMapping m) {
        CustomerMappingEntity e = CustomerMappingEntity.findById(m.customerId());
        if (e == null) {
            e = new CustomerMappingEntity();
            e.customerId = m.customerId();
        }
        e.partnerId = m.partnerId();
        e.companyId = m.companyId();
        e.companyName = m.companyName();
        e.agreementId = m.agreementId();
        e.confirmedBy = m.confirmedBy();
        e.confirmedAt = Instant.now();
        e.persist();
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

    @Transactional
    public void mapProduct(String partnerId, ProductMapping m) {
        ProductMappingEntity e = ProductMappingEntity.findById(new ProductMappingEntity.Key(partnerId, m.product()));
        if (e == null) {
            e = new ProductMappingEntity();
            e.partnerId = partnerId;
            e.product = m.product();
        }
        e.catalogItemId = m.catalogItemId();
        e.identifier = m.identifier();
        e.createdOnPsa = m.createdOnPsa();
        e.mappedAt = Instant.now();
        e.persist();
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
