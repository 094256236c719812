package dev.metering.portal.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** billing-service's public {@code /v1} API: real-time usage (R20), its CSV, and invoices (R25–R28). */
@Produces(MediaType.APPLICATION_JSON)
public interface BillingApi {

    record Summary(int allCustomers, int usingPartnerOwnedLicences, int usingCustomerOwnedLicences) {
    }

    record Row(String customerId, String name, String type, boolean partnerAssistance, Map<String, Integer> products,
            int total) {

        public int count(String product) {
            Integer n = products == null ? null : products.get(product);
            return n == null ? 0 : n;
        }
    }

    record UsagePage(String partnerId, String at, Summary summary, List<String> columns, List<Row> rows, Row totals,
            int page, int size, int totalRows) {
    }

    record InvoiceLine(String customerId, String customerName, String product, String sku, long quantity,
            BigDecimal unitPrice, BigDecimal amount) {
    }

    record ProductTotal(String product, long quantity, BigDecimal amount) {
    }

    record Invoice(String invoiceId, String partnerId, String partnerName, String distributorId, String period,
            String closedAt, String currency, List<InvoiceLine> lines, List<ProductTotal> totals,
            BigDecimal totalAmount, String occurredAt) {

        /** The sum of the lines' amounts (the page shows it beside the invoice's own total). */
        public BigDecimal linesSum() {
            return lines == null ? BigDecimal.ZERO
                    : lines.stream().map(InvoiceLine::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        }
    }

    record Adjustment(String adjustmentId, String invoiceId, String period, String reason, String currency,
            List<InvoiceLine> lines, BigDecimal totalAmount, String occurredAt) {
    }

    record InvoiceDetail(Invoice invoice, List<Adjustment> adjustments, boolean published) {
    }

    /** R22: a period's close instant S and its state (open, due, closed). */
    record Period(String period, String closeInstant, String state, String closedAt) {
    }

    /**
     * One device and product as billing's projection holds it: its latest heartbeat and user, whether it counts now
     * and, if not, why ({@code outside-30-days}: R16, {@code removed}: R19).
     */
    record Device(String deviceId, String product, String userId, String lastHeartbeat, String removedAt,
            boolean counted, String notCounted) {

        public boolean firewall() {
            return product != null && product.startsWith("FIREWALL_");
        }

        /** What the console says about a unit that does not count. */
        public String why() {
            if (counted) {
                return "";
            }
            return switch (notCounted == null ? "" : notCounted) {
                case "outside-30-days" -> "No heartbeat in the last 30 days";
                case "removed" -> "Removed" + (removedAt == null ? "" : " at " + removedAt) + ", no heartbeat since";
                default -> notCounted;
            };
        }
    }

    /** {@code GET /v1/usage/customers/{id}}: the units counted per product and every device seen. */
    record CustomerUsage(String customerId, String name, String type, String at, Map<String, List<String>> units,
            Map<String, Integer> counts, List<Device> devices) {
    }

    @GET
    @Path("/v1/usage/customers/{id}")
    CustomerUsage customerUsage(@HeaderParam("Authorization") String authorization, @PathParam("id") String customerId,
            @QueryParam("at") String at);

    @GET
    @Path("/v1/periods")
    List<Period> periods(@HeaderParam("Authorization") String authorization);

    @GET
    @Path("/v1/usage")
    UsagePage usage(@HeaderParam("Authorization") String authorization, @QueryParam("at") String at,
            @QueryParam("q") String query, @QueryParam("sort") String sort, @QueryParam("order") String order,
            @QueryParam("page") int page, @QueryParam("size") int size);

    @GET
    @Path("/v1/usage/export.csv")
    @Produces("text/csv")
    String usageCsv(@HeaderParam("Authorization") String authorization, @QueryParam("at") String at,
            @QueryParam("q") String query, @QueryParam("sort") String sort, @QueryParam("order") String order);

    @GET
    @Path("/v1/invoices")
    List<Invoice> invoices(@HeaderParam("Authorization") String authorization, @QueryParam("period") String period);

    @GET
    @Path("/v1/invoices/{id}")
    InvoiceDetail invoice(@HeaderParam("Authorization") String authorization, @PathParam("id") String invoiceId);
}
