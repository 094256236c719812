package dev.metering.billing.usage;

import dev.metering.billing.account.BillingState;
import dev.metering.contracts.ProductCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The real-time usage page's rows (R20), kept per customer between changes so that a query does not
 * recount every customer of the partner. Exact: an entry is only answered while it is provably what
 * {@link UsageReport#rows} computes at that instant, i.e. while
 * <ol>
 * <li>the customer's {@link CustomerUnits} is the same object at the same {@link CustomerUnits#version()}
 * (no heartbeat or removal folded since);</li>
 * <li>the customer's billing facts are unchanged ({@link BillingState#customerVersion}) and none takes effect
 * between the instant the entry was computed for and the query's instant
 * ({@link BillingState#customerChangeAfter}: billing type, selections, firewall registrations, term licences);
 * </li>
 * <li>the counts cannot have changed by time passing alone (see {@link #countsStableUntil}).</li>
 * </ol>
 * The customers of a partner are kept the same way ({@link BillingState#version()},
 * {@link BillingState#partnerChangeAfter}). Entries are immutable and published through concurrent maps: the
 * fold thread never waits for a reader, readers never see a half-built entry, and an entry built while a fact
 * was being folded carries the version read before it was built, so it is never answered again. Pure.
 */
public final class UsageCache {

    /** The horizons probed, longest first, to find how long a customer's counts stay as they are. */
    static final long[] HORIZONS = {7 * ActivityWindow.DAY_MS, ActivityWindow.DAY_MS, 3_600_000L, 60_000L, 1_000L};

    private final BillingState state;
    private final UsageProjection usage;
    private final ConcurrentHashMap<String, Entry> customers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Managed> partners = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Ordered> ordered = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Current> current = new ConcurrentHashMap<>();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    public UsageCache(BillingState state, UsageProjection usage) {
        this.state = state;
        this.usage = usage;
    }

    /** The partner's rows (sorted by customer id, like {@link UsageReport#rows}) and summary at {@code at}. */
    public record Snapshot(List<UsageReport.Row> rows, UsageReport.Summary summary) {
    }

    public Snapshot snapshot(String partnerId, Instant at) {
        long s = at.toEpochMilli();
        // Versions read before anything below: a change folded meanwhile leaves the answer built here unanswered.
        long billing = state.version();
        long structure = usage.structure();
        Current c = current.get(partnerId);
        if (c != null && c.holds(billing, structure, s)) {
            hits.add(c.units.length);
            return c.snap;
        }
        return build(partnerId, at, s, billing, structure);
    }

    /**
     * The same page as {@link #page(String, Instant, String, String, boolean, int, int)} when it can be answered
     * from what is held without computing anything per customer (the partner's snapshot still current and this
     * ordering already made), else null: cheap enough for an I/O thread; the caller computes a null elsewhere.
     */
    public UsageReport.Page pageIfHeld(String partnerId, Instant at, String query, String sort, boolean descending,
            int page, int size) {
        Current c = current.get(partnerId);
        if (c == null || !c.holds(state.version(), usage.structure(), at.toEpochMilli())) {
            return null;
        }
        Ordered o = ordered.get(orderingKey(partnerId, query, sort, descending));
        if (o == null || o.source != c.snap.rows()) {
            return null;
        }
        hits.add(c.units.length);
        return UsageReport.page(partnerId, at, c.snap.summary(), o.filtered, o.totals, page, size);
    }

    private static String orderingKey(String partnerId, String query, String sort, boolean descending) {
        return partnerId + '\n' + sort + '\n' + descending + '\n' + (query == null ? "" : query);
    }

    private Snapshot build(String partnerId, Instant at, long s, long billing, long structure) {
        Managed m = customersOf(partnerId, at, s);
        List<String> ids = m.ids;
        int n = ids.size();
        List<UsageReport.Row> rows = new ArrayList<>(n);
        CustomerUnits[] units = new CustomerUnits[n];
        long[] facts = new long[n];
        long until = m.until;
        int partnerOwned = 0;
        int customerOwned = 0;
        int[] held = new int[1];
        for (int i = 0; i < n; i++) {
            Entry e = entry(ids.get(i), at, s, held);
            rows.add(e.row);
            units[i] = e.units;
            facts[i] = e.facts;
            until = Math.min(until, e.until);
            partnerOwned += e.partnerOwned ? 1 : 0;
            customerOwned += e.customerOwned ? 1 : 0;
        }
        hits.add(held[0]); // once per query, not per customer: the adder is shared by every request thread
        Snapshot snap = new Snapshot(Collections.unmodifiableList(rows),
                new UsageReport.Summary(n, partnerOwned, customerOwned));
        if (current.size() >= MAX_PARTNERS) {
            current.clear(); // costs only per-customer lookups on the next query of each partner
        }
        current.put(partnerId, new Current(billing, structure, s, until, units, facts, snap));
        return snap;
    }

    /** The usage page at {@code at} from the cached rows: the same answer as {@link UsageReport#page}. */
    public UsageReport.Page page(String partnerId, Instant at, String query, String sort, boolean descending,
            int page, int size) {
        return page(partnerId, at, snapshot(partnerId, at), query, sort, descending, page, size);
    }

    /**
     * The usage page of {@code snap}, rows gathered from every instance (merged by customer id): its ordering and
     * totals are reused while the snapshot holds the very same row objects (this instance's cached rows and the
     * peers' unchanged parts), like {@link #page(String, Instant, String, String, boolean, int, int)}'s.
     */
    public UsageReport.Page page(String partnerId, Instant at, Snapshot snap, String query, String sort,
            boolean descending, int page, int size) {
        String key = orderingKey(partnerId, query, sort, descending);
        Ordered o = ordered.get(key);
        if (o == null || o.source != snap.rows()) {
            UsageReport.Row[] all = snap.rows().toArray(new UsageReport.Row[0]);
            if (o != null && sameRows(o.all, snap.rows())) {
                o = new Ordered(snap.rows(), o.all, o.picked, o.filtered, o.totals); // the same rows in a new list
            } else if (o != null && sameOrder(o.all, all, sort)) {
                // some rows changed but none moved (a heartbeat changes counts, rarely the sort key): the same
                // filter and order, without re-sorting every row of the partner
                List<UsageReport.Row> filtered = new ArrayList<>(o.picked.length);
                for (int i : o.picked) {
                    filtered.add(all[i]);
                }
                o = new Ordered(snap.rows(), all, o.picked, filtered, UsageReport.totals(filtered));
            } else {
                List<UsageReport.Row> filtered = UsageReport.ordered(snap.rows(), query, sort, descending);
                o = new Ordered(snap.rows(), all, picked(all, filtered), filtered, UsageReport.totals(filtered));
            }
            if (ordered.size() >= MAX_ORDERINGS) {
                ordered.clear(); // free-text searches must not grow it without bound
            }
            ordered.put(key, o);
        }
        return UsageReport.page(partnerId, at, snap.summary(), o.filtered, o.totals, page, size);
    }

    /**
     * Whether every row keeps its place: the same customer at the same index with the same name (the search and
     * the tie-breaks) and an equal sort key. Then {@link UsageReport#ordered} would pick and order the same indices.
     */
    private static boolean sameOrder(UsageReport.Row[] before, UsageReport.Row[] now, String sort) {
        if (before.length != now.length) {
            return false;
        }
        java.util.Comparator<UsageReport.Row> key = UsageReport.comparator(sort);
        for (int i = 0; i < now.length; i++) {
            UsageReport.Row a = before[i];
            UsageReport.Row b = now[i];
            if (a != b && (!a.customerId().equals(b.customerId()) || !a.name().equals(b.name())
                    || key.compare(a, b) != 0)) {
                return false;
            }
        }
        return true;
    }

    /** The index in {@code all} of every row of {@code filtered}, in its order. */
    private static int[] picked(UsageReport.Row[] all, List<UsageReport.Row> filtered) {
        java.util.IdentityHashMap<UsageReport.Row, Integer> index = new java.util.IdentityHashMap<>(all.length * 2);
        for (int i = 0; i < all.length; i++) {
            index.put(all[i], i);
        }
        int[] picked = new int[filtered.size()];
        for (int i = 0; i < picked.length; i++) {
            picked[i] = index.get(filtered.get(i));
        }
        return picked;
    }

    /** Whether the rows are the very same row objects, in the same order (so filtering and ordering agree). */
    private static boolean sameRows(UsageReport.Row[] before, List<UsageReport.Row> now) {
        if (before.length != now.size()) {
            return false;
        }
        for (int i = 0; i < before.length; i++) {
            if (before[i] != now.get(i)) {
                return false;
            }
        }
        return true;
    }

    /** Customer rows answered from the cache. */
    public long hits() {
        return hits.sum();
    }

    /** Customer rows (re)computed. */
    public long misses() {
        return misses.sum();
    }

    private Managed customersOf(String partnerId, Instant at, long s) {
        long v = state.version();
        Managed m = partners.get(partnerId);
        if (m != null && m.version == v && s >= m.from && s < m.until) {
            return m;
        }
        List<String> ids = List.copyOf(state.customersOf(partnerId, at));
        m = new Managed(v, s, state.partnerChangeAfter(partnerId, s), ids);
        partners.put(partnerId, m);
        return m;
    }

    private Entry entry(String customerId, Instant at, long s, int[] held) {
        long billing = state.customerVersion(customerId);
        CustomerUnits units = usage.find(customerId);
        long facts = units == null ? 0 : units.version();
        Entry e = customers.get(customerId);
        if (e != null && e.units == units && e.facts == facts && e.billing == billing && s >= e.from
                && s < e.until) {
            held[0]++;
            return e;
        }
        return compute(customerId, at, s, e, units, facts, billing);
    }

    /** A miss, kept out of {@link #entry} so that the hot path stays small for the JIT. */
    private Entry compute(String customerId, Instant at, long s, Entry e, CustomerUnits units, long facts,
            long billing) {
        misses.increment();
        // The versions were read before anything below: a change folded meanwhile leaves this entry unanswered.
        long latest = units == null ? Long.MIN_VALUE : units.latestHeartbeat();
        long until = state.customerChangeAfter(customerId, s);
        ProductResolver resolver = state.resolverAt(customerId, at, false);
        EnumMap<ProductCode, Integer> counts = units == null ? new EnumMap<>(ProductCode.class)
                : units.countsAt(s, resolver);
        if (units != null) {
            // Probing costs recounts: worth it for a customer new to the cache or one only time has expired, not for
            // one whose facts changed since the last answer (it may well change again before the next query).
            boolean changed = e != null && (e.units != units || e.facts != facts);
            until = changed ? Math.min(until, s + 1)
                    : Math.min(until, countsStableUntil(units, resolver, counts, s, latest, until));
        }
        UsageReport.Row row = UsageReport.row(customerId, state.customerName(customerId),
                state.billingTypeAt(customerId, at), state.partnerAssistance(customerId), counts);
        Entry fresh = new Entry(units, facts, billing, s, until, row, state.usesPartnerOwned(customerId, at),
                state.usesCustomerOwned(customerId, at));
        customers.put(customerId, fresh);
        return fresh;
    }

    /**
     * An instant up to which (exclusive) the counts stay {@code counts}, given the same facts and a resolver that
     * holds until {@code limit}. When no heartbeat lies after S ({@code latest <= s}), every unit is judged by its
     * latest heartbeat (R16) and its latest removal (R19): a unit counted at S stops counting at its latest
     * heartbeat + 30 days or at a later removal, and a unit not counted never counts again by time alone (the
     * window's lower bound only rises). So per product the set of counted units only shrinks as time passes, and
     * equal counts at S and at a later X mean equal sets at every instant in between: one recount at
     * S + h − 1 proves the counts for [S, S + h). A heartbeat after S (clock skew) is answered from day buckets,
     * which time can also add to: then only S itself is answered.
     */
    static long countsStableUntil(CustomerUnits units, ProductResolver resolver, Map<ProductCode, Integer> counts,
            long s, long latest, long limit) {
        if (latest > s) {
            return s + 1;
        }
        if (counts.isEmpty()) {
            return limit; // nothing counted can leave, and nothing uncounted can join
        }
        long tried = Long.MAX_VALUE;
        for (long h : HORIZONS) {
            long end = Math.min(limit, s + h);
            if (end >= tried) {
                continue;
            }
            tried = end;
            if (end - 1 <= s || units.countsAt(end - 1, resolver).equals(counts)) {
                return end;
            }
        }
        return s + 1;
    }

    private static final int MAX_ORDERINGS = 1024;

    /**
     * A partner's rows filtered, ordered and totalled for one (sort, order, search); {@code source} as given,
     * {@code picked} the index in {@code all} of each row of {@code filtered}.
     */
    private record Ordered(List<UsageReport.Row> source, UsageReport.Row[] all, int[] picked,
            List<UsageReport.Row> filtered, UsageReport.Row totals) {
    }

    /** Bound of {@link #current} (partners): beyond it it is cleared. */
    private static final int MAX_PARTNERS = 20_000;

    /**
     * A partner's whole snapshot, answered again without a lookup per customer while it provably still is what
     * {@link #entry} would answer for each: no billing event folded at all ({@link BillingState#version()}), every
     * customer id still maps to the same {@link CustomerUnits} object ({@link UsageProjection#structure()}) at the
     * same {@link CustomerUnits#version()}, and the instant lies in [from, until), until being the earliest expiry
     * of the partner's customer list and of every row. One volatile read per customer instead of three hash
     * lookups: what keeps a 10 000-customer partner's page within its p99 (measured by bin/bench's queries stage).
     */
    private record Current(long billing, long structure, long from, long until, CustomerUnits[] units, long[] facts,
            Snapshot snap) {

        boolean holds(long billingNow, long structureNow, long s) {
            if (billingNow != billing || structureNow != structure || s < from || s >= until) {
                return false;
            }
            for (int i = 0; i < units.length; i++) {
                CustomerUnits u = units[i];
                if (u != null && u.version() != facts[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    private record Managed(long version, long from, long until, List<String> ids) {
    }

    private record Entry(CustomerUnits units, long facts, long billing, long from, long until, UsageReport.Row row,
            boolean partnerOwned, boolean customerOwned) {
    }
}
