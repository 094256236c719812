package dev.metering.portal.usage.rest;

import dev.metering.portal.api.BillingApi;
import dev.metering.portal.api.CustomerApi;
import dev.metering.portal.session.SignedIn;
import dev.metering.portal.session.rest.Links;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
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
 * "Usage Totals" row, Export to CSV and an "as of" instant, all from billing's {@code GET /v1/usage}.
 */
@Path("/usage")
public class UsagePage {

    /** billing answers at most this many rows per page; the page asks for the next until it has them all. */
    static final int PAGE_SIZE = 1000;

    /** One sortable column header: its sort key, label, the link that sorts by it and the current arrow. */
    public record Column(String key, String label, String href, String arrow, boolean numeric) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance usage(CustomerApi.Me me, String page, BillingApi.UsagePage usage,
                List<BillingApi.Row> rows, List<Column> columns, String q, String at, String sort, String order,
                String csvHref);
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
            @QueryParam("sort") String sort, @QueryParam("order") String order) {
        CustomerApi.Me me = signedIn.me();
        String s = blank(sort) ? "name" : sort;
        String o = "desc".equals(order) ? "desc" : "asc";
        String auth = signedIn.authorization();
        BillingApi.UsagePage first = billing.usage(auth, blankToNull(at), blankToNull(q), s, o, 0, PAGE_SIZE);
        List<BillingApi.Row> rows = new ArrayList<>(first.rows());
        for (int p = 1; rows.size() < first.totalRows(); p++) {
            rows.addAll(billing.usage(auth, blankToNull(at), blankToNull(q), s, o, p, PAGE_SIZE).rows());
        }
        List<Column> columns = new ArrayList<>();
        columns.add(column("name", "NAME & DETAILS", false, q, at, s, o));
        columns.add(column("type", "TYPE", false, q, at, s, o));
        for (String product : first.columns()) {
            columns.add(column(product, label(product), true, q, at, s, o));
        }
        columns.add(column("total", "TOTAL", true, q, at, s, o));
        return Templates.usage(me, "usage", first, rows, columns, q, at, s, o,
                Links.to("/usage/export.csv", "q", q, "at", at, "sort", s, "order", o));
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

    private static Column column(String key, String label, boolean numeric, String q, String at, String sort,
            String order) {
        boolean current = key.equalsIgnoreCase(sort);
        String next = current && order.equals("asc") ? "desc" : "asc";
        String arrow = current ? (order.equals("asc") ? "▲" : "▼") : "";
        return new Column(key, label, Links.to("/usage", "q", q, "at", at, "sort", key, "order", next), arrow, numeric);
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
