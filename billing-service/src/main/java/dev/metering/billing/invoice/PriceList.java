package dev.metering.billing.invoice;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Unit prices per SKU and currency, and the currency each distributor is invoiced in (defaults
 * documented in the service README and seeded by migration V3).
 */
public final class PriceList {

    private final Map<String, BigDecimal> prices = new HashMap<>();
    private final String defaultCurrency;
    private final Map<String, String> currencyByDistributor;

    public PriceList(String defaultCurrency, Map<String, String> currencyByDistributor) {
        this.defaultCurrency = Objects.requireNonNull(defaultCurrency);
        this.currencyByDistributor = Map.copyOf(currencyByDistributor);
    }

    public PriceList price(String sku, String currency, BigDecimal unitPrice) {
        prices.put(sku + "|" + currency, unitPrice);
        return this;
    }

    /** The unit price, or null when the list has none. */
    public BigDecimal unitPrice(String sku, String currency) {
        return prices.get(sku + "|" + currency);
    }

    public String currencyFor(String distributorId) {
        return currencyByDistributor.getOrDefault(distributorId, defaultCurrency);
    }
}
