package dev.metering.psa.vendor;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * What the sync needs from a PSA, in the PSA's own terms (companies, agreements, agreement additions,
 * catalog items). ConnectWise Manage implements it today; Autotask or Halo would be further
 * implementations. Every method throws {@link PsaException} carrying the PSA's own error text.
 */
public interface PsaClient {

    List<Company> companies(PsaCredentials credentials);

    List<Agreement> agreements(PsaCredentials credentials, long companyId);

    List<Addition> additions(PsaCredentials credentials, long agreementId);

    Addition createAddition(PsaCredentials credentials, long agreementId, NewAddition addition);

    Addition updateAdditionQuantity(PsaCredentials credentials, long agreementId, long additionId, long quantity);

    /** Sets an addition's quantity and description (the daily sync: the description carries firewall serials). */
    Addition updateAddition(PsaCredentials credentials, long agreementId, long additionId, long quantity,
            String description);

    Optional<CatalogItem> findCatalogItem(PsaCredentials credentials, String identifier);

    CatalogItem createCatalogItem(PsaCredentials credentials, NewCatalogItem item);

    record Company(long id, String identifier, String name) {
    }

    record Agreement(long id, String name, long companyId, boolean cancelled) {
    }

    record Addition(long id, long agreementId, long productId, long quantity, boolean cancelled, String description) {
    }

    record NewAddition(long productId, long quantity, BigDecimal unitPrice, LocalDate effectiveDate,
            String description) {
    }

    record CatalogItem(long id, String identifier, String description) {
    }

    /** {@code subcategoryId}/{@code typeId} are the partner's PSA setup ids the new item is filed under. */
    record NewCatalogItem(String identifier, String description, BigDecimal price, Integer subcategoryId,
            Integer typeId) {
    }
}
