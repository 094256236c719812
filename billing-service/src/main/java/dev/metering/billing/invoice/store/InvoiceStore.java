package dev.metering.billing.invoice.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.metering.billing.invoice.LineEvidence;
import dev.metering.billing.invoice.PartnerInvoice;
import dev.metering.billing.invoice.projection.ClosedPeriods;
import dev.metering.contracts.Json;
import dev.metering.contracts.billing.BillingEvent;
import dev.metering.contracts.billing.BillingEvent.AdjustmentIssued;
import dev.metering.contracts.billing.BillingEvent.InvoiceIssued;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * Invoices and adjustments (immutable once stored, R28), their evidence (R26), the closed periods,
 * and the outbox view (rows not yet published).
 */
@ApplicationScoped
public class InvoiceStore {

    private final AgroalDataSource dataSource;

    public InvoiceStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public static String eventIdOf(BillingEvent e) {
        if (e instanceof InvoiceIssued i) {
            return "invoice-issued:" + i.invoiceId();
        }
        if (e instanceof AdjustmentIssued a) {
            return "adjustment-issued:" + a.adjustmentId();
        }
        throw new IllegalArgumentException(e.getClass().getName());
    }

    /** A stored document and whether it still waits in the outbox. */
    public record Stored<T extends BillingEvent>(T document, String eventId, boolean published) {
    }

    /**
     * Stores a close in one transaction: the invoices not issued before (the primary key decides; an
     * existing one is never touched), their evidence, and the period. Returns the ids newly issued.
     */
    public List<String> storeClose(YearMonth period, Instant closedAt, Instant runAt, List<PartnerInvoice> invoices,
            List<String> problems) {
        List<String> inserted = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int[] counts;
                try (PreparedStatement ps = c.prepareStatement("insert into invoices (invoice_id, partner_id, "
                        + "distributor_id, period, closed_at, currency, total_amount, event_id, document, issued_at) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?) on conflict do nothing")) {
                    for (PartnerInvoice pi : invoices) {
                        InvoiceIssued i = pi.invoice();
                        ps.setString(1, i.invoiceId());
                        ps.setString(2, i.partnerId());
                        ps.setString(3, i.distributorId());
                        ps.setString(4, i.period());
                        ps.setTimestamp(5, Timestamp.from(i.closedAt()));
                        ps.setString(6, i.currency());
                        ps.setBigDecimal(7, i.totalAmount());
                        ps.setString(8, eventIdOf(i));
                        ps.setString(9, json(i));
                        ps.setTimestamp(10, Timestamp.from(i.occurredAt()));
                        ps.addBatch();
                    }
                    counts = ps.executeBatch();
                }
                try (PreparedStatement ps = c.prepareStatement("insert into invoice_evidence (invoice_id, line_no, "
                        + "customer_id, product, sku, unit_ids) values (?, ?, ?, ?, ?, ?)")) {
                    for (int k = 0; k < invoices.size(); k++) {
                        if (counts[k] != 1) {
                            continue; // issued by an earlier close: its evidence is already there
                        }
                        PartnerInvoice pi = invoices.get(k);
                        inserted.add(pi.invoice().invoiceId());
                        int lineNo = 1;
                        for (LineEvidence e : pi.evidence()) {
                            ps.setString(1, pi.invoice().invoiceId());
                            ps.setInt(2, lineNo++);
                            ps.setString(3, e.customerId());
                            ps.setString(4, e.product().name());
                            ps.setString(5, e.sku());
                            ps.setArray(6, c.createArrayOf("text", e.unitIds().toArray()));
                            ps.addBatch();
                        }
                    }
                    ps.executeBatch();
                }
                try (PreparedStatement ps = c.prepareStatement("insert into period_closes (period, closed_at, run_at, "
                        + "problems) values (?, ?, ?, ?::jsonb) on conflict (period) do update set problems = "
                        + "excluded.problems")) {
                    ps.setString(1, period.toString());
                    ps.setTimestamp(2, Timestamp.from(closedAt));
                    ps.setTimestamp(3, Timestamp.from(runAt));
                    ps.setString(4, json(problems));
                    ps.executeUpdate();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store the close of " + period, e);
        }
        return inserted;
    }

    public List<ClosedPeriods.Closed> closedPeriods() {
        List<ClosedPeriods.Closed> out = new ArrayList<>();
        query("select period, closed_at, run_at from period_closes", List.of(), rs -> out.add(new ClosedPeriods.Closed(
                YearMonth.parse(rs.getString(1)), rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant())));
        return out;
    }

    public Stored<InvoiceIssued> invoice(String invoiceId) {
        List<Stored<InvoiceIssued>> out = new ArrayList<>();
        query("select document::text, event_id, published_at is not null from invoices where invoice_id = ?",
                List.of(invoiceId), rs -> out.add(new Stored<>(parse(rs.getString(1), InvoiceIssued.class),
                        rs.getString(2), rs.getBoolean(3))));
        return out.isEmpty() ? null : out.get(0);
    }

    /** Invoices visible to a partner ({@code partnerId}) or a distributor ({@code distributorId}); null = all. */
    public List<InvoiceIssued> invoices(String partnerId, String distributorId, String period) {
        StringBuilder sql = new StringBuilder("select document::text from invoices where true");
        List<Object> args = new ArrayList<>();
        if (partnerId != null) {
            sql.append(" and partner_id = ?");
            args.add(partnerId);
        }
        if (distributorId != null) {
            sql.append(" and distributor_id = ?");
            args.add(distributorId);
        }
        if (period != null) {
            sql.append(" and period = ?");
            args.add(period);
        }
        sql.append(" order by period desc, partner_id");
        List<InvoiceIssued> out = new ArrayList<>();
        query(sql.toString(), args, rs -> out.add(parse(rs.getString(1), InvoiceIssued.class)));
        return out;
    }

    public List<LineEvidence> evidence(String invoiceId) {
        List<LineEvidence> out = new ArrayList<>();
        query("select customer_id, product, sku, unit_ids from invoice_evidence where invoice_id = ? order by line_no",
                List.of(invoiceId), rs -> out.add(new LineEvidence(rs.getString(1),
                        dev.metering.contracts.ProductCode.valueOf(rs.getString(2)), rs.getString(3),
                        List.of((String[]) rs.getArray(4).getArray()))));
        return out;
    }

    public List<AdjustmentIssued> adjustments(String invoiceId) {
        List<AdjustmentIssued> out = new ArrayList<>();
        query("select document::text from adjustments where invoice_id = ? order by sequence", List.of(invoiceId),
                rs -> out.add(parse(rs.getString(1), AdjustmentIssued.class)));
        return out;
    }

    /** Stores an adjustment unless one with the same (invoice, sequence) exists; true when stored. */
    public boolean insertAdjustment(AdjustmentIssued a, int sequence, List<LineEvidence> evidence) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("insert into adjustments (adjustment_id, invoice_id, "
                        + "sequence, event_id, document, evidence, issued_at) values (?, ?, ?, ?, ?::jsonb, ?::jsonb, ?) "
                        + "on conflict do nothing")) {
            ps.setString(1, a.adjustmentId());
            ps.setString(2, a.invoiceId());
            ps.setInt(3, sequence);
            ps.setString(4, eventIdOf(a));
            ps.setString(5, json(a));
            ps.setString(6, json(evidence));
            ps.setTimestamp(7, Timestamp.from(a.occurredAt()));
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store adjustment " + a.adjustmentId(), e);
        }
    }

    /** The outbox: documents stored but not yet acknowledged by the broker, oldest first. */
    public List<BillingEvent> unpublished() {
        List<BillingEvent> out = new ArrayList<>();
        query("select document::text from invoices where published_at is null order by issued_at, invoice_id",
                List.of(), rs -> out.add(parse(rs.getString(1), InvoiceIssued.class)));
        query("select document::text from adjustments where published_at is null order by issued_at, sequence",
                List.of(), rs -> out.add(parse(rs.getString(1), AdjustmentIssued.class)));
        return out;
    }

    public void markPublished(List<BillingEvent> events) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement inv = c.prepareStatement(
                        "update invoices set published_at = now() where invoice_id = ? and published_at is null");
                PreparedStatement adj = c.prepareStatement(
                        "update adjustments set published_at = now() where adjustment_id = ? and published_at is null")) {
            for (BillingEvent e : events) {
                if (e instanceof InvoiceIssued i) {
                    inv.setString(1, i.invoiceId());
                    inv.addBatch();
                } else if (e instanceof AdjustmentIssued a) {
                    adj.setString(1, a.adjustmentId());
                    adj.addBatch();
                }
            }
            inv.executeBatch();
            adj.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot mark documents published", e);
        }
    }

    interface Row {
        void accept(ResultSet rs) throws SQLException;
    }

    private void query(String sql, List<Object> args, Row row) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    row.accept(rs);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + sql, e);
        }
    }

    static String json(Object o) {
        try {
            return Json.mapper().writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static <T> T parse(String json, Class<T> type) {
        try {
            return Json.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored document does not parse as " + type.getSimpleName(), e);
        }
    }

    static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
}
