package dev.metering.psa.mapping.service;

import dev.metering.contracts.ProductCode;
import dev.metering.platform.error.ApiException;
import dev.metering.psa.vendor.PsaClient;
import dev.metering.psa.vendor.PsaClient.Agreement;
import dev.metering.psa.vendor.PsaClient.Company;
import dev.metering.psa.vendor.PsaCredentials;
import dev.metering.psa.vendor.PsaException;
import dev.metering.psa.connection.service.ConnectionService;
import dev.metering.psa.customer.store.CustomerDirectory;
import dev.metering.psa.customer.store.CustomerDirectory.KnownCustomer;
import dev.metering.psa.mapping.NameMatch;
import dev.metering.psa.mapping.store.MappingStore;
import dev.metering.psa.mapping.store.MappingStore.CustomerMapping;
import dev.metering.psa.mapping.store.MappingStore.ProductMapping;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Customer ↔ PSA company + agreement (suggested by name, confirmed by the partner) and product ↔ catalog item. */
@ApplicationScoped
public class MappingService {

    /** Below this name similarity no company is suggested. */
    static final double MIN_SCORE = 0.5;

    public record Suggestion(String customerId, String customerName, Long companyId, String companyName,
            double score, List<Agreement> agreements, CustomerMapping confirmed) {
    }

    private final CustomerDirectory customers;
    private final MappingStore store;
    private final ConnectionService connections;
    private final PsaClient psa;

    public MappingService(CustomerDirectory customers, MappingStore store, ConnectionService connections,
            PsaClient psa) {
        this.customers = customers;
        this.store = store;
        this.connections = connections;
        this.psa = psa;
    }

    /** For each of the partner's customers: its confirmed mapping, or the best-named PSA company and its agreements. */
    public List<Suggestion> suggestions(String partnerId) {
        PsaCredentials creds = connections.credentials(connections.require(partnerId));
        Map<String, CustomerMapping> confirmed = store.customers(partnerId);
        List<Company> companies = call(() -> psa.companies(creds));
        List<Suggestion> out = new ArrayList<>();
        for (KnownCustomer c : customers.ofPartner(partnerId)) {
            CustomerMapping m = confirmed.get(c.customerId());
            if (m != null) {
                out.add(new Suggestion(c.customerId(), c.name(), m.companyId(), m.companyName(), 1, List.of(), m));
                continue;
            }
            Company best = companies.stream().max(Comparator.comparingDouble(co -> NameMatch.score(c.name(),
                    co.name()))).orElse(null);
            double score = best == null ? 0 : NameMatch.score(c.name(), best.name());
            if (best == null || score < MIN_SCORE) {
                out.add(new Suggestion(c.customerId(), c.name(), null, null, score, List.of(), null));
            } else {
                List<Agreement> agreements = call(() -> psa.agreements(creds, best.id())).stream()
                        .filter(a -> !a.cancelled()).toList();
                out.add(new Suggestion(c.customerId(), c.name(), best.id(), best.name(), score, agreements, null));
            }
        }
        return out;
    }

    /** The partner confirms: the agreement must exist on that company in the PSA. */
    public CustomerMapping confirm(String partnerId, String by, String customerId, long companyId, long agreementId) {
        customers.require(customerId, partnerId);
        PsaCredentials creds = connections.credentials(connections.require(partnerId));
        Agreement agreement = call(() -> psa.agreements(creds, companyId)).stream()
                .filter(a -> a.id() == agreementId).findFirst().orElseThrow(() -> ApiException.invalidField(
                        "agreementId", "not an agreement of PSA company " + companyId,
                        "agreement " + agreementId + " is not an agreement of PSA company " + companyId));
        if (agreement.cancelled()) {
            throw ApiException.invalidField("agreementId", "is cancelled in the PSA", "agreement is cancelled");
        }
        String companyName = call(() -> psa.companies(creds)).stream().filter(c -> c.id() == companyId)
                .map(Company::name).findFirst().orElse(null);
        CustomerMapping m = new CustomerMapping(customerId, partnerId, companyId, companyName, agreementId, by, null);
        store.confirm(m);
        return store.customers(partnerId).get(customerId);
    }

    public void remove(String partnerId, String customerId) {
        if (!store.remove(partnerId, customerId)) {
            throw ApiException.notFound("mapping of customer " + customerId);
        }
    }

    public Map<String, ProductMapping> products(String partnerId) {
        return store.products(partnerId);
    }

    /** The partner names the catalog item a product is billed as (instead of the one the sync finds or creates). */
    public ProductMapping mapProduct(String partnerId, String product, long catalogItemId, String identifier) {
        try {
            ProductCode.valueOf(product);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("product " + product);
        }
        ProductMapping m = new ProductMapping(product, catalogItemId, identifier == null ? "" : identifier, false);
        store.mapProduct(partnerId, m);
        return m;
    }

    /** Runs a PSA call for a REST request: the PSA's failure becomes a 502 with its own text. */
    public static <T> T call(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (PsaException e) {
            throw new ApiException(502, "psa-error", "the PSA answered " + (e.status() == 0 ? "nothing" : "HTTP "
                    + e.status()) + ": " + e.getMessage());
        }
    }
}
