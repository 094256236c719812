package dev.metering.psa.connection.store;

import dev.metering.platform.jdbc.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** One PSA connection per partner; the keys are stored only as ciphertexts. */
@ApplicationScoped
public class ConnectionStore {

    public record StoredConnection(String partnerId, String kind, String site, String companyId, String clientId,
            String publicKeyEnc, String privateKeyEnc, Integer catalogSubcategoryId, Integer catalogTypeId,
            String createdBy, Instant updatedAt) {
    }

    private final DataSource db;

    public ConnectionStore(DataSource db) {
        this.db = db;
    }

    public void upsert(StoredConnection s) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("insert into psa_connections("
                + "partner_id, kind, site, company_id, client_id, public_key_enc, private_key_enc,"
                + " catalog_subcategory_id, catalog_type_id, created_by) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " on conflict (partner_id) do update set kind = excluded.kind, site = excluded.site,"
                + " company_id = excluded.company_id, client_id = excluded.client_id,"
                + " public_key_enc = excluded.public_key_enc, private_key_enc = excluded.private_key_enc,"
                + " catalog_subcategory_id = excluded.catalog_subcategory_id,"
                + " catalog_type_id = excluded.catalog_type_id, created_by = excluded.created_by, updated_at = now()")) {
            ps.setString(1, s.partnerId());
            ps.setString(2, s.kind());
            ps.setString(3, s.site());
            ps.setString(4, s.companyId());
            ps.setString(5, s.clientId());
            ps.setString(6, s.publicKeyEnc());
            ps.setString(7, s.privateKeyEnc());
            ps.setObject(8, s.catalogSubcategoryId(), java.sql.Types.INTEGER);
            ps.setObject(9, s.catalogTypeId(), java.sql.Types.INTEGER);
            ps.setString(10, s.createdBy());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public Optional<StoredConnection> find(String partnerId) {
        return query("select * from psa_connections where partner_id = ?", partnerId).stream().findFirst();
    }

    public List<String> partners() {
        return query("select * from psa_connections order by partner_id").stream().map(StoredConnection::partnerId)
                .toList();
    }

    public boolean delete(String partnerId) {
        return Jdbc.update(db, "delete from psa_connections where partner_id = ?", partnerId) == 1;
    }

    private List<StoredConnection> query(String sql, String... params) {
        return Jdbc.query(db, sql, rs -> new StoredConnection(rs.getString("partner_id"), rs.getString("kind"),
                rs.getString("site"), rs.getString("company_id"), rs.getString("client_id"),
                rs.getString("public_key_enc"), rs.getString("private_key_enc"),
                (Integer) rs.getObject("catalog_subcategory_id"), (Integer) rs.getObject("catalog_type_id"),
                rs.getString("created_by"), rs.getTimestamp("updated_at").toInstant()), (Object[]) params);
    }
}
