package dev.metering.portal.usage.rest;

import dev.metering.portal.api.BillingApi;
import dev.metering.portal.api.CustomerApi;
import dev.metering.portal.session.SignedIn;
import dev.metering.portal.session.rest.Links;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The partner's Managed Customer Usage page (R20): the three counters, search, every column sortable, the
 * "Usage Totals" row (over every matching customer, not just the rows shown), Export to CSV (every row) and an "as
 * of" instant, all from billing's {@code GET /v1/usage}. The rows come a page at a time ({@value #PAGE_SIZE} by
 * default), as billing pages them, so a partner with thousands of customers gets a small page quickly.
 */
@Path("/usage")
public class UsagePage {

    /** The rows shown per page unless {@code size} says otherwise (1..{@value #MAX_PAGE_SIZE}, billing's limit). */
    static final int PAGE_SIZE = 100;
    static final int MAX_PAGE_SIZE = 1000;

    /** One sortable column header: its sort key, label, the link that sorts by it and the current arrow. */
    public record Column(String key, String label, String href, String arrow, boolean numeric) {
    }

    /** Where this page sits among all matching rows, and the links to its neighbours (null at either end). */
    public record Pager(int page, int pages, int from, int to, int totalRows, String first, String previous,
            String next, String last) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance usage(CustomerApi.Me me, String page, BillingApi.UsagePage usage,
                List<BillingApi.Row> rows, List<Column> columns, String q, String at, String sort, String order,
                String csvHref, Pager pager, String size);
    }

    private final SignedIn signedIn;
    private final BillingApi billing;

    public UsagePage(SignedIn signedIn, BillingApi billing) {
        this.signedIn = signedIn;
        this.billing = billing;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page(@QueryParam("q") String q, @QueryParam("at") String at,
            @QueryParam("sort") String sort, @QueryParam("order") String order, @QueryParam("page") String page,
            @QueryParam("size") String size) {
        CustomerApi.Me me = signedIn.me();
        String s = blank(sort) ? "name" : sort;
        String o = "desc".equals(order) ? "desc" : "asc";
        int n = number(page, "page", 1, Integer.MAX_VALUE, 1);
        int rows = number(size, "size", 1, MAX_PAGE_SIZE, PAGE_SIZE);
        String sizeParam = rows == PAGE_SIZE ? null : Integer.toString(rows);
        BillingApi.UsagePage usage = billing.usage(signedIn.authorization(), blankToNull(at), blankToNull(q), s, o,
                n - 1, rows);
        List<Column> columns = new ArrayList<>();
        columns.add(column("name", "NAME & DETAILS", false, q, at, s, o, sizeParam));
        columns.add(column("type", "TYPE", false, q, at, s, o, sizeParam));
        for (String product : usage.columns()) {
            columns.add(column(product, label(product), true, q, at, s, o, sizeParam));
        }
        columns.add(column("total", "TOTAL", true, q, at, s, o, sizeParam));
        return Templates.usage(me, "usage", usage, usage.rows(), columns, q, at, s, o,
                Links.to("/usage/export.csv", "q", q, "at", at, "sort", s, "order", o),
                pager(usage, n, rows, q, at, s, o, sizeParam), sizeParam);
    }

    static Pager pager(BillingApi.UsagePage usage, int page, int size, String q, String at, String sort,
            String order, String sizeParam) {
        int total = usage.totalRows();
        int pages = Math.max(1, (total + size - 1) / size);
        long before = (long) (page - 1) * size;
        int from = (int) Math.min(total, before + 1);
        int to = (int) Math.min(total, before + usage.rows().size());
        java.util.function.IntFunction<String> link = p -> Links.to("/usage", "q", q, "at", at, "sort", sort,
                "order", order, "page", p == 1 ? null : Integer.toString(p), "size", sizeParam);
        return new Pager(page, pages, total == 0 ? 0 : from, to, total, page > 1 ? link.apply(1) : null,
                page > 1 ? link.apply(Math.min(page - 1, pages)) : null, page < pages ? link.apply(page + 1) : null,
                page < pages ? link.apply(pages) : null);
    }

    /** A whole number in [min, max], {@code fallback} when absent; anything else is the 400 page. */
    static int number(String value, String name, int min, int max, int fallback) {
        if (blank(value)) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the 400 below
        }
        throw new BadRequestException(name + " must be a whole number from " + min + " to " + max);
    }

    /** Export to CSV: billing's own CSV, passed through unchanged. */
    @GET
    @Path("/export.csv")
    @Produces("text/csv")
    public Response csv(@QueryParam("q") String q, @QueryParam("at") String at, @QueryParam("sort") String sort,
            @QueryParam("order") String order) {
        String csv = billing.usageCsv(signedIn.authorization(), blankToNull(at), blankToNull(q),
                blank(sort) ? "name" : sort, "desc".equals(order) ? "desc" : "asc");
        return Response.ok(csv).header("Content-Disposition", "attachment; filename=\"usage.csv\"").build();
    }

    /** A header's link sorts by its column from the first page on. */
    private static Column column(String key, String label, boolean numeric, String q, String at, String sort,
            String order, String size) {
        boolean current = key.equalsIgnoreCase(sort);
        String next = current && order.equals("asc") ? "desc" : "asc";
        String arrow = current ? (order.equals("asc") ? "▲" : "▼") : "";
        return new Column(key, label, Links.to("/usage", "q", q, "at", at, "sort", key, "order", next, "size", size),
                arrow, numeric);
    }

    /** ENDPOINT_ADVANCED -> Endpoint Advanced. */
    static String label(String product) {
        StringBuilder sb = new StringBuilder();
        for (String word : product.toLowerCase(Locale.ROOT).split("_")) {
            if (!word.isEmpty()) {
                sb.append(sb.isEmpty() ? "" : " ").append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
        }
        return sb.toString();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String blankToNull(String s) {
        return blank(s) ? null : s.trim();
    }
}
