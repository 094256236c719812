package dev.metering.billing.invoice.service;

import dev.metering.billing.account.BillingState;
import dev.metering.billing.cluster.service.Ownership;
import dev.metering.billing.invoice.MonthlyClose;
import dev.metering.billing.invoice.PartnerInvoice;
import dev.metering.billing.invoice.messaging.InvoicePublisher;
import dev.metering.billing.invoice.projection.ClosedPeriods;
import dev.metering.billing.invoice.store.InvoiceStore;
import dev.metering.billing.invoice.store.PriceStore;
import dev.metering.billing.usage.UsageProjection;
import dev.metering.billing.usage.messaging.FoldingConsumer;
import dev.metering.contracts.billing.BillingEvent.AdjustmentIssued;
import dev.metering.contracts.billing.BillingEvent.InvoiceIssued;
import dev.metering.contracts.billing.BillingEvent.InvoiceLine;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * R28: after facts arrived late for a closed period, recompute the affected partners' invoices at S
 * and issue an adjustment (delta lines, referencing the invoice) when the numbers changed. The issued
 * invoice itself is never changed.
 */
@ApplicationScoped
public class AdjustmentService {

    private static final Logger LOG = Logger.getLogger(AdjustmentService.class);

    private final ClosedPeriods closedPeriods;
    private final Ownership ownership;
    private final FoldingConsumer consumer;
    private final BillingState state;
    private final UsageProjection usage;
    private final PriceStore prices;
    private final InvoiceStore invoices;
    private final InvoicePublisher publisher;
    private final Clock clock = Clock.systemUTC();

    public AdjustmentService(ClosedPeriods closedPeriods, Ownership ownership, FoldingConsumer consumer,
            BillingState state, UsageProjection usage, PriceStore prices, InvoiceStore invoices,
            InvoicePublisher publisher) {
        this.closedPeriods = closedPeriods;
        this.ownership = ownership;
        this.consumer = consumer;
        this.state = state;
        this.usage = usage;
        this.prices = prices;
        this.invoices = invoices;
        this.publisher = publisher;
    }

    /** Returns the adjustments issued. */
    public synchronized List<String> reconcile(Map<YearMonth, Set<String>> lateCustomersByPeriod) {
        ownership.membershipLock().lock();
        try {
            return reconcileLocked(lateCustomersByPeriod);
        } finally {
            ownership.membershipLock().unlock();
        }
    }

    private List<String> reconcileLocked(Map<YearMonth, Set<String>> lateCustomersByPeriod) {
        List<String> issued = new ArrayList<>();
        for (Map.Entry<YearMonth, Set<String>> e : lateCustomersByPeriod.entrySet()) {
            ClosedPeriods.Closed closed = closedPeriods.get(e.getKey());
            if (closed == null) {
                continue;
            }
            Set<String> partners = new TreeSet<>();
            for (String customer : e.getValue()) {
                String partner = state.partnerAt(customer, closed.closedAt());
                if (partner != null) {
                    partners.add(partner);
                }
            }
            for (String partner : partners) {
                adjust(partner, e.getKey(), closed).ifPresent(issued::add);
            }
        }
        if (!issued.isEmpty()) {
            publisher.publishPending();
        }
        return issued;
    }

    /**
     * R28 for every customer this instance holds: recomputes, at S of the closed period, each partner's lines of
     * those customers and issues an adjustment where they differ from what was billed. Run when an instance learns
     * of a close and when it loads partitions, so late facts become adjustments whoever folded them and whenever.
     */
    public synchronized List<String> reconcileAll(YearMonth period) {
        ClosedPeriods.Closed closed = closedPeriods.get(period);
        if (closed == null) {
            return List.of();
        }
        List<String> issued = new ArrayList<>();
        ownership.membershipLock().lock();
        try {
            for (String partner : state.customersByPartner(closed.closedAt()).keySet()) {
                adjust(partner, period, closed).ifPresent(issued::add);
            }
        } finally {
            ownership.membershipLock().unlock();
        }
        if (!issued.isEmpty()) {
            publisher.publishPending();
        }
        return issued;
    }

    /**
     * The partner's adjustment for the customers this instance holds (another instance adjusts its own): the
     * lines billed so far for them versus their lines now. Adjustments of one invoice are numbered in one
     * sequence; when another instance took the number first, the difference is computed again.
     */
    private Optional<String> adjust(String partnerId, YearMonth period, ClosedPeriods.Closed closed) {
        for (int attempt = 0; attempt < 10; attempt++) {
            InvoiceStore.Stored<InvoiceIssued> stored = invoices.invoice(MonthlyClose.invoiceId(partnerId, period));
            if (stored == null) {
                LOG.debugf("late data for %s %s but no invoice was issued to adjust", partnerId, period);
                return Optional.empty();
            }
            InvoiceIssued original = stored.document();
            List<AdjustmentIssued> earlier = invoices.adjustments(original.invoiceId());
            List<InvoiceLine> soFar = new ArrayList<>();
            original.lines().stream().filter(l -> consumer.owns(l.customerId())).forEach(soFar::add);
            earlier.forEach(a -> a.lines().stream().filter(l -> consumer.owns(l.customerId())).forEach(soFar::add));
            PartnerInvoice recomputed = MonthlyClose.closePartner(partnerId, period, closed.closedAt(), state, usage,
                    prices.load(), clock.instant(), original.currency()).orElse(null);
            int sequence = earlier.size() + 1;
            Optional<AdjustmentIssued> adjustment = MonthlyClose.adjustment(original, soFar, recomputed, sequence,
                    "late-data", clock.instant());
            if (adjustment.isEmpty()) {
                return Optional.empty();
            }
            boolean inserted = invoices.insertAdjustment(adjustment.get(), sequence,
                    recomputed == null ? List.of() : recomputed.evidence());
            if (inserted) {
                LOG.infof("adjustment %s issued for invoice %s", adjustment.get().adjustmentId(), original.invoiceId());
                return Optional.of(adjustment.get().adjustmentId());
            }
        }
        LOG.warnf("could not number an adjustment of %s %s: retried", partnerId, period);
        return Optional.empty();
    }
}
