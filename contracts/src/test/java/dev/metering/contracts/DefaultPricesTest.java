package dev.metering.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The one default price list prices every product (R23: one unit, one month) in every billing currency, once. */
class DefaultPricesTest {

    @Test
    void everyProductHasOnePriceInEachCurrency() {
        Set<String> keys = DefaultPrices.all().stream().map(p -> p.sku() + "|" + p.currency())
                .collect(Collectors.toSet());

        assertThat(keys).hasSameSizeAs(DefaultPrices.all());
        for (ProductCode product : ProductCode.values()) {
            for (String currency : Set.of("EUR", "GBP", "USD")) {
                assertThat(keys).contains("MSP-FLEX-" + product.name().replace('_', '-') + "|" + currency);
            }
        }
        assertThat(DefaultPrices.all()).allSatisfy(p -> assertThat(p.unitPrice()).isPositive());
    }
}
