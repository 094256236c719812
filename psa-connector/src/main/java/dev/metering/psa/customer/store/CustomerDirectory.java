package dev.metering.psa.customer.store;

import dev.metering.platform.error.ApiException;
import dev.metering.psa.mapping.store.MappingStore;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/**
 * The customers psa-connector has seen on {@code customers.events}, through {@link CustomerEntity}: who manages
 * them (partner scoping) and their names (mapping suggestions). Writes are idempotent and never move a customer
 * back to an older partner. Callers get {@link KnownCustomer} values, never managed entities.
 */
@ApplicationScoped
public class CustomerDirectory {

    public record KnownCustomer(String customerId, String partnerId, String name, String billingType) {
    }

    private final MappingStore mappings;

    public CustomerDirectory(MappingStore mappings) {
        this.mappings = mappings;
    }

    /** A redelivered creation changes nothing: the customer is stored once, as first created. */
    @Transactional
    public void created(String customerId, String partnerId, String name, String billingType, Instant at) {
        if (CustomerEntity.findById(customerId) != null) {
            return;
        }
        CustomerEntity e = new CustomerEntity();
        e.customerId = customerId;
        e.partnerId = partnerId;
        e.partnerSince = at;
        e.name = name;
        e.billingType = billingType;
        e.updatedAt = Instant.now();
        e.persist();
    }

    @Transactional
    public void renamed(String customerId, String name) {
        CustomerEntity e = CustomerEntity.findById(customerId);
        if (e != null) {
            e.name = name;
            e.updatedAt = Instant.now();
        }
    }

    @Transactional
    public void billingTypeChanged(String customerId, String billingType) {
        CustomerEntity e = CustomerEntity.findById(customerId);
        if (e != null) {
            e.billingType = billingType;
            e.updatedAt = Instant.now();
        }
    }

    /**
     * R8: the new partner manages the customer from {@code effectiveAt}; a migration older than the current
     * partner's is ignored (a late record never moves the customer back). Only the managing partner's PSA
     * mapping applies: any other partner's is dropped, in the same transaction.
     */
    @Transactional
    public void migrated(String customerId, String partnerId, Instant effectiveAt) {
        CustomerEntity e = CustomerEntity.findById(customerId);
        if (e == null) {
            return;
        }
        if (!e.partnerSince.isAfter(effectiveAt)) {
            e.partnerId = partnerId;
            e.partnerSince = effectiveAt;
            e.updatedAt = Instant.now();
        }
        mappings.removeOtherPartners(customerId, e.partnerId);
    }

    @Transactional
    public List<KnownCustomer> ofPartner(String partnerId) {
        return CustomerEntity.<CustomerEntity>list("partnerId", Sort.by("name").and("customerId"), partnerId).stream()
                .map(CustomerDirectory::known).toList();
    }

    /** The partner's own customer, or 404 (another partner's customer is "not found" too). */
    @Transactional
    public KnownCustomer require(String customerId, String partnerId) {
        return CustomerEntity.<CustomerEntity>find("customerId = ?1 and partnerId = ?2", customerId, partnerId)
                .firstResultOptional().map(CustomerDirectory::known)
                .orElseThrow(() -> new ApiException(404, "customer-not-found", "customer " + customerId
                        + " is not known for this partner (customers are learnt from customers.events)"));
    }

    private static KnownCustomer known(CustomerEntity e) {
        return new KnownCustomer(e.customerId, e.partnerId, e.name, e.billingType);
    }
}
