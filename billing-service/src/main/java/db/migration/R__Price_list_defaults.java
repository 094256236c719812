package db.migration;

import dev.metering.contracts.DefaultPrices;
import java.sql.PreparedStatement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Seeds {@code price_list} from the one default price list ({@code default-prices.csv} in the contracts module):
 * every SKU and currency missing from the table is added; a row already there (an operator's price, or V3's
 * seed of the same defaults) is kept. A repeatable migration whose checksum is the file's, so Flyway runs it
 * again whenever the file changes (a new SKU or currency reaches every database); changing the price of a row
 * that exists takes SQL or a versioned migration, as before.
 */
public class R__Price_list_defaults extends BaseJavaMigration {

    @Override
    public Integer getChecksum() {
        return DefaultPrices.checksum();
    }

    @Override
    public void migrate(Context context) throws Exception {
        try (PreparedStatement insert = context.getConnection().prepareStatement(
                "insert into price_list (sku, currency, unit_price) values (?, ?, ?)"
                        + " on conflict (sku, currency) do nothing")) {
            for (DefaultPrices.Price price : DefaultPrices.all()) {
                insert.setString(1, price.sku());
                insert.setString(2, price.currency());
                insert.setBigDecimal(3, price.unitPrice());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
