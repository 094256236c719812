package dev.metering.psa.invoice.store;

import dev.metering.contracts.billing.BillingEvent.AdjustmentIssued;
import dev.metering.contracts.billing.BillingEvent.InvoiceIssued;
import dev.metering.contracts.billing.BillingEvent.InvoiceLine;
import dev.metering.platform.jdbc.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
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
        return Optional.ofNullable(Jdbc.query(db, "select max(period) from billing_documents where partner_id = ?"
                + " and kind = 'invoice'", rs -> rs.getString(1), partnerId).get(0));
    }

    /** Every customer and product of the partner's period, adjustments applied, in a stable order. */
    public List<Quantity> quantities(String partnerId, String period) {
        return Jdbc.query(db, "select customer_id, customer_name, product, sku, unit_price, quantity from"
                + " invoiced_quantities where partner_id = ? and period = ? order by customer_id, product",
                rs -> new Quantity(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getBigDecimal(5), rs.getLong(6)), partnerId, period);
    }

    private boolean firstTime(String id, String kind, String partnerId, String distributorId, String period) {
        return Jdbc.update(db, "insert into billing_documents(document_id, kind, partner_id, distributor_id, period)"
                + " values (?, ?, ?, ?, ?) on conflict (document_id) do nothing", kind + ":" + id, kind, partnerId,
                distributorId, period) == 1;
    }

    private void add(String partnerId, String period, InvoiceLine l) {
        Jdbc.update(db, "insert into invoiced_quantities(partner_id, period, customer_id, product, customer_name, sku,"
                + " unit_price, quantity) values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (partner_id, period, customer_id,"
                + " product) do update set quantity = invoiced_quantities.quantity + excluded.quantity,"
                + " customer_name = coalesce(excluded.customer_name, invoiced_quantities.customer_name)", partnerId,
                period, l.customerId(), l.product().name(), l.customerName(), l.sku(), l.unitPrice(), l.quantity());
    }
}
