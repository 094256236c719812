package dev.metering.psa.mapping.store;

import dev.metering.platform.jdbc.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;

/** Confirmed customer ↔ PSA company/agreement mappings and product ↔ catalog item mappings, per partner. */
@ApplicationScoped
public class MappingStore {

    public record CustomerMapping(String customerId, String partnerId, long companyId, String companyName,
            long agreementId, String confirmedBy, Instant confirmedAt) {
    }

    public record ProductMapping(String product, long catalogItemId, String identifier, boolean createdOnPsa) {
    }

    private final DataSource db;

    public MappingStore(DataSource db) {
        this.db = db;
    }

    public void confirm(CustomerMapping m) {
        update("insert into customer_mappings(customer_id, partner_id, psa_company_id, psa_company_name,"
                + " psa_agreement_id, confirmed_by) values (?, ?, ?, ?, ?, ?) on conflict (customer_id) do update set"
                + " partner_id = excluded.partner_id, psa_company_id = excluded.psa_company_id, psa_company_name ="
                + " excluded.psa_company_name, psa_agreement_id = excluded.psa_agreement_id, confirmed_by ="
                + " excluded.confirmed_by, confirmed_at = now()", m.customerId(), m.partnerId(), m.companyId(),
                m.companyName(), m.agreementId(), m.confirmedBy());
    }

    public boolean remove(String partnerId, String customerId) {
        return update("delete from customer_mappings where partner_id = ? and customer_id = ?", partnerId,
                customerId) == 1;
    }

    /** The partner's confirmed mappings by customer id. */
    public Map<String, CustomerMapping> customers(String partnerId) {
        return byKey(Jdbc.query(db, "select customer_id, partner_id, psa_company_id, psa_company_name,"
                + " psa_agreement_id, confirmed_by, confirmed_at from customer_mappings where partner_id = ?"
                + " order by customer_id", rs -> new CustomerMapping(rs.getString(1), rs.getString(2), rs.getLong(3),
                        rs.getString(4), rs.getLong(5), rs.getString(6), rs.getTimestamp(7).toInstant()), partnerId),
                CustomerMapping::customerId);
    }

    public Map<String, ProductMapping> products(String partnerId) {
        return byKey(Jdbc.query(db, "select product, catalog_item_id, identifier, created_on_psa from"
                + " product_mappings where partner_id = ? order by product", rs -> new ProductMapping(rs.getString(1),
                        rs.getLong(2), rs.getString(3), rs.getBoolean(4)), partnerId), ProductMapping::product);
    }

    public Optional<ProductMapping> product(String partnerId, String product) {
        return Optional.ofNullable(products(partnerId).get(product));
    }

    public void mapProduct(String partnerId, ProductMapping m) {
        update("insert into product_mappings(partner_id, product, catalog_item_id, identifier, created_on_psa)"
                + " values (?, ?, ?, ?, ?) on conflict (partner_id, product) do update set catalog_item_id ="
                + " excluded.catalog_item_id, identifier = excluded.identifier, created_on_psa ="
                + " excluded.created_on_psa, mapped_at = now()", partnerId, m.product(), m.catalogItemId(),
                m.identifier(), m.createdOnPsa());
    }

    private static <T> Map<String, T> byKey(List<T> rows, Function<T, String> key) {
        Map<String, T> out = new LinkedHashMap<>();
        for (T row : rows) {
            out.put(key.apply(row), row);
        }
        return out;
    }

    private int update(String sql, Object... params) {
        return Jdbc.update(db, sql, params);
    }
}
