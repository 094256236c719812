package dev.metering.platform.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The plain-JDBC statements the small stores (psa-connector's) share: positional parameters bound with
 * {@link PreparedStatement#setObject}, a {@link SQLException} turned into an {@link IllegalStateException}
 * (a store fault, answered 5xx or dead-lettered by the caller, never a refusal of the input).
 */
public final class Jdbc {

    /** One row of a result as a value; reads the current row only. */
    @FunctionalInterface
    public interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private Jdbc() {
    }

    /** Runs one query in its own connection; every row as {@code row} maps it, in the query's order. */
    public static <T> List<T> query(DataSource db, String sql, Row<T> row, Object... params) {
        try (Connection c = db.getConnection(); PreparedStatement ps = prepare(c, sql, params);
                ResultSet rs = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(row.map(rs));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs one insert, update or delete in its own connection; returns the rows it changed. */
    public static int update(DataSource db, String sql, Object... params) {
        try (Connection c = db.getConnection(); PreparedStatement ps = prepare(c, sql, params)) {
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code sql} prepared on {@code c} with {@code params} bound in order; the caller closes it. */
    public static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        try {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }
}
