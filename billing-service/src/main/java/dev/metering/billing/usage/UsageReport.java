package dev.metering.billing.usage;

import dev.metering.billing.account.BillingState;
import dev.metering.contracts.BillingType;
import dev.metering.contracts.ProductCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The partner's usage page at an instant (R20: S = now by default): summary counts (R10), a row per
 * managed customer with one column per product (units counted under the product billed, R17a/R13),
 * a totals row; search by name, sort by any column, paging. Pure.
 */
public final class UsageReport {

    private static final ProductCode[] PRODUCTS = ProductCode.values();
    private static final List<ProductCode> COLUMNS = List.of(PRODUCTS);

    private UsageReport() {
    }

    public record Summary(int allCustomers, int usingPartnerOwnedLicences, int usingCustomerOwnedLicences) {
    }

    public record Row(String customerId, String name, String type, boolean partnerAssistance,
            Map<ProductCode, Integer> products, int total) {
    }

    public record Page(String partnerId, Instant at, Summary summary, List<ProductCode> columns, List<Row> rows,
            Row totals, int page, int size, int totalRows) {
    }

    public static List<Row> rows(String partnerId, Instant at, BillingState state, UsageProjection usage) {
        List<Row> rows = new ArrayList<>();
        long s = at.toEpochMilli();
        for (String customerId : state.customersOf(partnerId, at)) {
            CustomerUnits units = usage.find(customerId);
            Map<ProductCode, Integer> counts = units == null ? new EnumMap<>(ProductCode.class)
                    : units.countsAt(s, state.resolverAt(customerId, at, false));
            rows.add(row(customerId, state.customerName(customerId), state.billingTypeAt(customerId, at),
                    state.partnerAssistance(customerId), counts));
        }
        return rows;
    }

    public static Summary summary(String partnerId, Instant at, BillingState state) {
        List<String> customers = state.customersOf(partnerId, at);
        int partnerOwned = 0;
        int customerOwned = 0;
        for (String c : customers) {
            partnerOwned += state.usesPartnerOwned(c, at) ? 1 : 0;
            customerOwned += state.usesCustomerOwned(c, at) ? 1 : 0;
        }
        return new Summary(customers.size(), partnerOwned, customerOwned);
    }

    /**
     * Filters by {@code query} (case-insensitive part of the name), sorts by {@code sort} ({@code name},
     * {@code type}, {@code total} or a product code), and cuts page {@code page} (0-based) of {@code size}.
     */
    public static Page page(String partnerId, Instant at, BillingState state, UsageProjection usage, String query,
            String sort, boolean descending, int page, int size) {
        return page(partnerId, at, rows(partnerId, at, state, usage), summary(partnerId, at, state), query, sort,
                descending, page, size);
    }

    /** The same page from the rows and summary at {@code at} (e.g. from {@link UsageCache}). */
    public static Page page(String partnerId, Instant at, List<Row> all, Summary summary, String query, String sort,
            boolean descending, int page, int size) {
        List<Row> filtered = ordered(all, query, sort, descending);
        return page(partnerId, at, summary, filtered, totals(filtered), page, size);
    }

    /** Page {@code page} of {@code size} of rows already filtered and ordered by {@link #ordered}. */
    public static Page page(String partnerId, Instant at, Summary summary, List<Row> filtered, Row totals, int page,
            int size) {
        int from = (int) Math.min((long) page * size, filtered.size());
        int to = (int) Math.min((long) from + size, filtered.size());
        return new Page(partnerId, at, summary, COLUMNS, List.copyOf(filtered.subList(from, to)), totals, page, size,
                filtered.size());
    }

    /** The rows whose name contains {@code query} (case-insensitive), ordered by {@code sort}, then name, then id. */
    public static List<Row> ordered(List<Row> all, String query, String sort, boolean descending) {
        List<Row> filtered = new ArrayList<>(all.size());
        String q = query == null ? "" : query.toLowerCase(Locale.ROOT).trim();
        for (Row r : all) {
            if (q.isEmpty() || r.name().toLowerCase(Locale.ROOT).contains(q)) {
                filtered.add(r);
            }
        }
        Comparator<Row> order = comparator(sort);
        if (descending) {
            order = order.reversed();
        }
        filtered.sort(order.thenComparing(Row::name, String.CASE_INSENSITIVE_ORDER).thenComparing(Row::customerId));
        return filtered;
    }

    /** A sort key the page accepts, or an IllegalArgumentException naming the valid ones. */
    public static Comparator<Row> comparator(String sort) {
        String key = sort == null || sort.isBlank() ? "name" : sort.trim();
        switch (key.toLowerCase(Locale.ROOT)) {
            case "name":
                return Comparator.comparing(Row::name, String.CASE_INSENSITIVE_ORDER);
            case "type":
                return Comparator.comparing(Row::type);
            case "total":
                return Comparator.comparingInt(Row::total);
            default:
                for (ProductCode p : ProductCode.values()) {
                    if (p.name().equalsIgnoreCase(key)) {
                        return Comparator.comparingInt(r -> r.products().getOrDefault(p, 0));
                    }
                }
                throw new IllegalArgumentException("sort must be name, type, total or a product code: " + sort);
        }
    }

    public static Row totals(List<Row> rows) {
        int[] sum = new int[PRODUCTS.length];
        int total = 0;
        for (Row r : rows) {
            Map<ProductCode, Integer> products = r.products();
            for (ProductCode p : PRODUCTS) { // get, not entrySet: an EnumMap's entry iterator allocates per entry
                Integer n = products.get(p);
                if (n != null) {
                    sum[p.ordinal()] += n;
                }
            }
            total += r.total();
        }
        EnumMap<ProductCode, Integer> sums = new EnumMap<>(ProductCode.class);
        for (ProductCode p : PRODUCTS) {
            sums.put(p, sum[p.ordinal()]);
        }
        return new Row(null, "Total", "", false, sums, total);
    }

    /** The CSV export: the same columns as the page, a header and a totals row. */
    public static String csv(List<Row> rows) {
        StringBuilder sb = new StringBuilder("Customer,Type");
        for (ProductCode p : ProductCode.values()) {
            sb.append(',').append(p.name());
        }
        sb.append(",Total\n");
        List<Row> withTotals = new ArrayList<>(rows);
        withTotals.add(totals(rows));
        for (Row r : withTotals) {
            sb.append(csvField(r.name())).append(',').append(csvField(r.type()));
            for (ProductCode p : ProductCode.values()) {
                sb.append(',').append(r.products().getOrDefault(p, 0));
            }
            sb.append(',').append(r.total()).append('\n');
        }
        return sb.toString();
    }

    static String csvField(String s) {
        if (s == null) {
            return "";
        }
        String safe = !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 ? "'" + s : s; // no formula injection
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n")) {
            return '"' + safe.replace("\"", "\"\"") + '"';
        }
        return safe;
    }

    static Row row(String id, String name, BillingType type, boolean pa, Map<ProductCode, Integer> counts) {
        EnumMap<ProductCode, Integer> all = new EnumMap<>(ProductCode.class);
        int total = 0;
        for (ProductCode p : ProductCode.values()) {
            int n = counts.getOrDefault(p, 0);
            all.put(p, n);
            total += n;
        }
        return new Row(id, name, type == null ? "" : type.name(), pa, all, total);
    }
}
