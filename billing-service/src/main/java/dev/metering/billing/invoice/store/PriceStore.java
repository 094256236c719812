package dev.metering.billing.invoice.store;

import dev.metering.billing.config.BillingConfig;
import dev.metering.billing.invoice.PriceList;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The price list table (V1, seeded by V3) and the configured invoice currencies. */
@ApplicationScoped
public class PriceStore {

    private final AgroalDataSource dataSource;
    private final BillingConfig config;

    public PriceStore(AgroalDataSource dataSource, BillingConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    public PriceList load() {
        PriceList list = new PriceList(config.pricing().defaultCurrency(), config.pricing().currencyByDistributor());
        try (Connection c = dataSource.getConnection();
                ResultSet rs = c.createStatement().executeQuery("select sku, currency, unit_price from price_list")) {
            while (rs.next()) {
                list.price(rs.getString(1), rs.getString(2).trim(), rs.getBigDecimal(3));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the price list", e);
        }
        return list;
    }
}
