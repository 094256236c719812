package dev.metering.billing.invoice.service;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.metering.billing.account.BillingState;
import dev.metering.billing.invoice.CloseSchedule;
import dev.metering.billing.invoice.MonthlyClose;
import dev.metering.billing.invoice.PartnerInvoice;
import dev.metering.billing.invoice.messaging.InvoicePublisher;
import dev.metering.billing.invoice.projection.ClosedPeriods;
import dev.metering.billing.invoice.store.InvoiceStore;
import dev.metering.billing.invoice.store.PriceStore;
import dev.metering.platform.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Closes a period (R22–R27): computes every partner's invoice at S from the in-memory projections,
 * stores those not issued before (the invoice id from (partner, period) is the primary key, so a
 * repeated, concurrent or post-crash close never issues a second one), then drains the outbox.
 */
@ApplicationScoped
public class PeriodCloser {

    private static final Logger LOG = Logger.getLogger(PeriodCloser.class);

    private final CloseSchedule schedule;
    private final CloseLines lines;
    private final BillingState state;
    private final PriceStore prices;
    private final InvoiceStore invoices;
    private final ClosedPeriods closedPeriods;
    private final InvoicePublisher publisher;
    private final AdjustmentService adjustments;
    private final Clock clock = Clock.systemUTC();

    public PeriodCloser(CloseSchedule schedule, CloseLines lines, BillingState state, PriceStore prices,
            InvoiceStore invoices, ClosedPeriods closedPeriods, InvoicePublisher publisher,
            AdjustmentService adjustments) {
        this.schedule = schedule;
        this.lines = lines;
        this.state = state;
        this.prices = prices;
        this.invoices = invoices;
        this.closedPeriods = closedPeriods;
        this.publisher = publisher;
        this.adjustments = adjustments;
    }

    /** The close's answer; its JSON members are exactly the components (no "sued" read from {@code issued()}). */
    @JsonAutoDetect(isGetterVisibility = JsonAutoDetect.Visibility.NONE)
    public record Outcome(String period, Instant closedAt, List<String> issued, List<String> alreadyIssued,
            List<String> problems, long millis) {
    }

    public synchronized Outcome close(YearMonth period) {
        Instant now = clock.instant();
        Instant s = schedule.closeOf(period);
        if (s.isAfter(now)) {
            throw ApiException.conflict("period-not-over", "period " + period + " closes at " + s + ", not before");
        }
        long t0 = System.nanoTime();
        // every partition's customer lines, each owner caught up with the end offsets taken at askedAt
        CloseLines.All all = lines.all(period, s);
        MonthlyClose.Result result = MonthlyClose.assemble(period, s, all.customers(), state, prices.load(), now);
        // run_at = when the end offsets were taken: a fact appended later is late (R28) wherever it is folded
        List<String> issued = invoices.storeClose(period, s, all.askedAt(), result.invoices(), result.problems());
        closedPeriods.put(new ClosedPeriods.Closed(period, s, all.askedAt()));
        List<String> already = result.invoices().stream().map(PartnerInvoice::invoice)
                .map(i -> i.invoiceId()).filter(id -> !issued.contains(id)).toList();
        long millis = (System.nanoTime() - t0) / 1_000_000;
        LOG.infof("closed %s at %s: %d invoices issued, %d already issued, %d problems, %d ms", period, s,
                issued.size(), already.size(), result.problems().size(), millis);
        result.problems().forEach(p -> LOG.warnf("close %s: %s", period, p));
        publisher.publishPending();
        // facts folded between the lines and now: adjustments for this instance's customers (the others learn
        // of the close from the store and do the same)
        adjustments.reconcileAll(period);
        return new Outcome(period.toString(), s, issued, already, result.problems(), millis);
    }
}
