package dev.metering.billing.invoice.projection;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/** The periods closed so far (loaded from period_closes at start, updated by every close). */
@ApplicationScoped
public class ClosedPeriods {

    public record Closed(YearMonth period, Instant closedAt, Instant runAt) {
    }

    private final ConcurrentSkipListMap<YearMonth, Closed> closed = new ConcurrentSkipListMap<>();

    public void put(Closed c) {
        closed.merge(c.period(), c, (a, b) -> a.runAt().isBefore(b.runAt()) ? a : b);
    }

    public boolean isClosed(YearMonth period) {
        return closed.containsKey(period);
    }

    public Closed get(YearMonth period) {
        return closed.get(period);
    }

    public Map<YearMonth, Closed> all() {
        return closed;
    }
}
