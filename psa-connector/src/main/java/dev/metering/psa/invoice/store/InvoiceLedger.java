package dev.metering.psa.invoice.store;

import dev.metering.contracts.billing.BillingEvent.AdjustmentIssued;
import dev.metering.contracts.billing.BillingEvent.InvoiceIssued;
import dev.metering.contracts.billing.BillingEvent.InvoiceLine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Invoiced quantities per partner, period, customer and product: the invoice's lines (R25) with every
 * adjustment's deltas applied (R28). Each document is applied once, by its own id, so a redelivered record
 * changes nothing.
 */
@ApplicationScoped
public class InvoiceLedger {

    public record Quantity(String customerId, String customerName, String product, String sku, BigDecimal unitPrice,
            long quantity) {
    }

    private final DataSource db;

    public InvoiceLedger(DataSource db) {
        this.db = db;
    }

    /** @return false when this invoice was already applied */
    @Transactional
    public boolean apply(InvoiceIssued invoice) {
        if (!firstTime(invoice.invoiceId(), "invoice", invoice.partnerId(), invoice.distributorId(), invoice.period())) {
            return false;
        }
        for (InvoiceLine l : invoice.lines()) {
            add(invoice.partnerId(), invoice.period(), l);
        }
        return true;
    }

    /** @return false when this adjustment was already applied */
    @Transactional
    public boolean apply(AdjustmentIssued adjustment) {
        if (!firstTime(adjustment.adjustmentId(), "adjustment", adjustment.partnerId(), adjustment.distributorId(),
                adjustment.period())) {
            return false;
        }
        for (InvoiceLine l : adjustment.lines()) {
            add(adjustment.partnerId(), adjustment.period(), l);
        }
        return true;
    }

    /** The newest period with an invoice for the partner. */
    public Optional<String> latestPeriod(String partnerId) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select max(period) from billing_documents where partner_id = ? and kind = 'invoice'")) {
            ps.setString(1, partnerId);
            ResultSet rs = ps.executeQuery();
            rs.next();
            return Optional.ofNullable(rs.getString(1));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every customer and product of the partner's period, adjustments applied, in a stable order. */
    public List<Quantity> quantities(String partnerId, String period) {
        List<Quantity> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("select customer_id,"
                + " customer_name, product, sku, unit_price, quantity from invoiced_quantities where partner_id = ?"
                + " and period = ? order by customer_id, product")) {
            ps.setString(1, partnerId);
            ps.setString(2, period);
            ResultSet rs = ps.executeQuery();
            while (rs.next()) {
                out.add(new Quantity(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getBigDecimal(5), rs.getLong(6)));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean firstTime(String id, String kind, String partnerId, String distributorId, String period) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("insert into"
                + " billing_documents(document_id, kind, partner_id, distributor_id, period) values (?, ?, ?, ?, ?)"
                + " on conflict (document_id) do nothing")) {
            ps.setString(1, kind + ":" + id);
            ps.setString(2, kind);
            ps.setString(3, partnerId);
            ps.setString(4, distributorId);
            ps.setString(5, period);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void add(String partnerId, String period, InvoiceLine l) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("insert into"
                + " invoiced_quantities(partner_id, period, customer_id, product, customer_name, sku, unit_price,"
                + " quantity) values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (partner_id, period, customer_id, product)"
                + " do update set quantity = invoiced_quantities.quantity + excluded.quantity,"
                + " customer_name = coalesce(excluded.customer_name, invoiced_quantities.customer_name)")) {
            ps.setString(1, partnerId);
            ps.setString(2, period);
            ps.setString(3, l.customerId());
            ps.setString(4, l.product().name());
            ps.setString(5, l.customerName());
            ps.setString(6, l.sku());
            ps.setBigDecimal(7, l.unitPrice());
            ps.setLong(8, l.quantity());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
