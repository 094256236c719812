package dev.metering.billing.invoice.rest;

import dev.metering.billing.invoice.CloseSchedule;
import dev.metering.billing.invoice.projection.ClosedPeriods;
import dev.metering.billing.invoice.service.PeriodCloser;
import dev.metering.billing.invoice.store.InvoiceStore;
import dev.metering.platform.error.ApiException;
import dev.metering.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** Operator trigger of a period close (R22); repeating it is safe and issues nothing new. */
@Path("/v1/periods")
@Produces(MediaType.APPLICATION_JSON)
public class PeriodResource {

    private final PeriodCloser closer;
    private final CloseSchedule schedule;
    private final InvoiceStore store;

    public PeriodResource(PeriodCloser closer, CloseSchedule schedule, InvoiceStore store) {
        this.closer = closer;
        this.schedule = schedule;
        this.store = store;
    }

    /** {@code state}: closed (invoices issued), due (S passed, not closed yet) or open (S still ahead). */
    public record Period(String period, Instant closeInstant, String state, Instant closedAt) {
    }

    /**
     * R22 through the API: each period's close instant S (this deployment's schedule) and its state, newest
     * first, from the first closed period (or the last due one) to the open one.
     */
    @GET
    @RolesAllowed({ Roles.PARTNER, Roles.DISTRIBUTOR, Roles.OPERATOR })
    public List<Period> periods() {
        Instant now = Instant.now();
        TreeMap<YearMonth, ClosedPeriods.Closed> closed = new TreeMap<>();
        store.closedPeriods().forEach(c -> closed.put(c.period(), c));
        YearMonth open = schedule.lastClosedAt(now).plusMonths(1);
        YearMonth first = closed.isEmpty() ? open.minusMonths(1) : closed.firstKey();
        List<Period> out = new ArrayList<>();
        for (YearMonth p = open; !p.isBefore(first); p = p.minusMonths(1)) {
            ClosedPeriods.Closed c = closed.get(p);
            Instant s = schedule.closeOf(p);
            String state = c != null ? "closed" : s.isAfter(now) ? "open" : "due";
            out.add(new Period(p.toString(), s, state, c == null ? null : c.runAt()));
        }
        return out;
    }

    @POST
    @Path("/{period}/close")
    @RolesAllowed(Roles.OPERATOR)
    public PeriodCloser.Outcome close(@PathParam("period") String period) {
        return closer.close(period(period));
    }

    static YearMonth period(String text) {
        try {
            if (text == null || !text.matches("\\d{4}-\\d{2}")) {
                throw new DateTimeParseException("format", String.valueOf(text), 0);
            }
            return YearMonth.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.invalidField("period", "yyyy-MM", "period must be yyyy-MM, e.g. 2026-10");
        }
    }
}
