package dev.metering.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.contracts.DefaultPrices;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * One price list (R23 prices one unit for one month): a migrated billing database holds exactly the prices of
 * contracts' {@code default-prices.csv}, the file the simulator prices its expected invoices with.
 */
@QuarkusTest
class PriceListDefaultsTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Flyway flyway;

    @Test
    void givenAMigratedDatabase_thenEveryDefaultPriceIsThePriceOfTheFile() throws Exception {
        Map<String, BigDecimal> stored = new HashMap<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select sku, currency, unit_price from price_list where sku like 'MSP-FLEX-%'")) {
            while (rs.next()) {
                stored.put(rs.getString(1) + "|" + rs.getString(2), rs.getBigDecimal(3));
            }
        }

        assertThat(DefaultPrices.all()).hasSizeGreaterThanOrEqualTo(30);
        assertThat(stored).hasSameSizeAs(DefaultPrices.all());
        for (DefaultPrices.Price p : DefaultPrices.all()) {
            assertThat(stored.get(p.sku() + "|" + p.currency())).as(p.sku() + " " + p.currency())
                    .isEqualByComparingTo(p.unitPrice());
        }
    }

    @Test
    void givenTheFileUnchanged_whenMigratedAgain_thenNothingRuns() {
        assertThat(flyway.migrate().migrationsExecuted).isZero();
        assertThat(flyway.validateWithResult().validationSuccessful).isTrue();
    }
}
