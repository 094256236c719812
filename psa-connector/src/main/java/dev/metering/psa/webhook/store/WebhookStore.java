package dev.metering.psa.webhook.store;

import dev.metering.platform.jdbc.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** Webhook endpoints, their deliveries (one per endpoint and event) and every attempt (the delivery log). */
@ApplicationScoped
public class WebhookStore {

    public record Endpoint(UUID id, String ownerKind, String ownerId, String url, List<String> eventTypes,
            String secretEnc, boolean enabled, Instant createdAt) {
    }

    public record Delivery(String id, UUID endpointId, String eventKey, String eventType, String payload,
            String status, int attempts, Instant nextAttemptAt, Integer lastStatusCode, String lastError,
            Instant createdAt, Instant retryFrom, Instant deliveredAt) {
    }

    public record Attempt(int attempt, Instant attemptedAt, Integer statusCode, String error, long durationMs) {
    }

    private static final String DELIVERY_COLUMNS = "id, endpoint_id, event_key, event_type, payload, status, attempts,"
            + " next_attempt_at, last_status_code, last_error, created_at, retry_from, delivered_at";

    private final DataSource db;

    public WebhookStore(DataSource db) {
        this.db = db;
    }

    public void insertEndpoint(Endpoint e) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("insert into"
                + " webhook_endpoints(id, owner_kind, owner_id, url, event_types, secret_enc, enabled, created_at)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, e.id());
            ps.setString(2, e.ownerKind());
            ps.setString(3, e.ownerId());
            ps.setString(4, e.url());
            ps.setArray(5, c.createArrayOf("text", e.eventTypes().toArray()));
            ps.setString(6, e.secretEnc());
            ps.setBoolean(7, e.enabled());
            ps.setTimestamp(8, Timestamp.from(e.createdAt()));
            ps.executeUpdate();
        } catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    public List<Endpoint> endpointsOf(String ownerKind, String ownerId) {
        return endpoints("select * from webhook_endpoints where owner_kind = ? and owner_id = ? order by created_at, id",
                ownerKind, ownerId);
    }

    /** The owner's endpoint, or empty (another owner's endpoint is not found either). */
    public Optional<Endpoint> endpoint(UUID id, String ownerKind, String ownerId) {
        return endpoints("select * from webhook_endpoints where id = ? and owner_kind = ? and owner_id = ?", id,
                ownerKind, ownerId).stream().findFirst();
    }

    public Optional<Endpoint> endpoint(UUID id) {
        return endpoints("select * from webhook_endpoints where id = ?", id).stream().findFirst();
    }

    public boolean deleteEndpoint(UUID id, String ownerKind, String ownerId) {
        return update("delete from webhook_endpoints where id = ? and owner_kind = ? and owner_id = ?", id, ownerKind,
                ownerId) == 1;
    }

    /** Enabled endpoints subscribed to {@code eventType} of the partner or of the distributor. */
    public List<Endpoint> subscribers(String eventType, String partnerId, String distributorId) {
        return endpoints("select * from webhook_endpoints where enabled and ? = any(event_types) and ((owner_kind ="
                + " 'PARTNER' and owner_id = ?) or (owner_kind = 'DISTRIBUTOR' and owner_id = ?))", eventType,
                partnerId, distributorId);
    }

    /** @return false when this endpoint already has a delivery of this event */
    public boolean enqueue(String id, UUID endpointId, String eventKey, String eventType, String payload) {
        return update("insert into webhook_deliveries(id, endpoint_id, event_key, event_type, payload, status,"
                + " next_attempt_at) values (?, ?, ?, ?, ?, 'PENDING', now()) on conflict do nothing", id, endpointId,
                eventKey, eventType, payload) == 1;
    }

    /**
     * Leases up to {@code limit} due deliveries for {@code lease} (so another instance skips them) and
     * returns them.
     */
    public List<Delivery> claimDue(int limit, java.time.Duration lease) {
        return deliveries("update webhook_deliveries set next_attempt_at = now() + (? * interval '1 millisecond')"
                + " where id in (select id from webhook_deliveries where status = 'PENDING' and next_attempt_at <="
                + " now() order by next_attempt_at limit ? for update skip locked) returning " + DELIVERY_COLUMNS,
                lease.toMillis(), limit);
    }

    public void recordAttempt(String deliveryId, int attempt, Integer statusCode, String error, long durationMs) {
        update("insert into webhook_attempts(delivery_id, attempt, status_code, error, duration_ms) values"
                + " (?, ?, ?, ?, ?)", deliveryId, attempt, statusCode, error, durationMs);
    }

    public void delivered(String id, int attempts, int statusCode) {
        update("update webhook_deliveries set status = 'DELIVERED', attempts = ?, last_status_code = ?,"
                + " last_error = null, next_attempt_at = null, delivered_at = now() where id = ?", attempts,
                statusCode, id);
    }

    public void failed(String id, int attempts, Integer statusCode, String error, Instant nextAttemptAt) {
        update("update webhook_deliveries set status = ?, attempts = ?, last_status_code = ?, last_error = ?,"
                + " next_attempt_at = ? where id = ?", nextAttemptAt == null ? "FAILED" : "PENDING", attempts,
                statusCode, error, nextAttemptAt == null ? null : Timestamp.from(nextAttemptAt), id);
    }

    public List<Delivery> deliveriesOf(UUID endpointId, int limit) {
        return deliveries("select " + DELIVERY_COLUMNS + " from webhook_deliveries where endpoint_id = ? order by"
                + " created_at desc, id limit ?", endpointId, limit);
    }

    public Optional<Delivery> delivery(UUID endpointId, String id) {
        return deliveries("select " + DELIVERY_COLUMNS + " from webhook_deliveries where endpoint_id = ? and id = ?",
                endpointId, id).stream().findFirst();
    }

    /** Replay: the same message (same webhook-id) is sent again now, with a fresh retry window. */
    public void replay(String id) {
        update("update webhook_deliveries set status = 'PENDING', next_attempt_at = now(), retry_from = now()"
                + " where id = ?", id);
    }

    public List<Attempt> attempts(String deliveryId) {
        List<Attempt> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("select attempt,"
                + " attempted_at, status_code, error, duration_ms from webhook_attempts where delivery_id = ?"
                + " order by id")) {
            ps.setString(1, deliveryId);
            ResultSet rs = ps.executeQuery();
            while (rs.next()) {
                out.add(new Attempt(rs.getInt(1), rs.getTimestamp(2).toInstant(), (Integer) rs.getObject(3),
                        rs.getString(4), rs.getLong(5)));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Endpoint> endpoints(String sql, Object... params) {
        List<Endpoint> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = prepare(c, sql, params)) {
            ResultSet rs = ps.executeQuery();
            while (rs.next()) {
                Array types = rs.getArray("event_types");
                out.add(new Endpoint((UUID) rs.getObject("id"), rs.getString("owner_kind"), rs.getString("owner_id"),
                        rs.getString("url"), Arrays.asList((String[]) types.getArray()), rs.getString("secret_enc"),
                        rs.getBoolean("enabled"), rs.getTimestamp("created_at").toInstant()));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Delivery> deliveries(String sql, Object... params) {
        List<Delivery> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = prepare(c, sql, params)) {
            ResultSet rs = ps.executeQuery();
            while (rs.next()) {
                out.add(new Delivery(rs.getString("id"), (UUID) rs.getObject("endpoint_id"), rs.getString("event_key"),
                        rs.getString("event_type"), rs.getString("payload"), rs.getString("status"),
                        rs.getInt("attempts"), instant(rs.getTimestamp("next_attempt_at")),
                        (Integer) rs.getObject("last_status_code"), rs.getString("last_error"),
                        instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("retry_from")),
                        instant(rs.getTimestamp("delivered_at"))));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private int update(String sql, Object... params) {
        return Jdbc.update(db, sql, params);
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        return Jdbc.prepare(c, sql, params);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
