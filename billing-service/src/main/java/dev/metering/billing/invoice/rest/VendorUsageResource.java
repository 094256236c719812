package dev.metering.billing.invoice.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.metering.billing.invoice.CloseSchedule;
import dev.metering.billing.invoice.LineEvidence;
import dev.metering.billing.invoice.MonthlyClose;
import dev.metering.billing.invoice.store.InvoiceStore;
import dev.metering.contracts.ProductCode;
import dev.metering.contracts.ProductFamily;
import dev.metering.contracts.billing.BillingEvent.InvoiceIssued;
import dev.metering.contracts.billing.BillingEvent.InvoiceLine;
import dev.metering.platform.error.ApiException;
import dev.metering.platform.security.Caller;
import dev.metering.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The vendor's {@code GET /partner/v1/billing/usage/{year}/{month}} (DOMAIN.md): one item per line of
 * the partner's monthly report of a CLOSED period (a firewall line is one item per serial number),
 * key-paged with {@code pageFromKey}/{@code pageSize}/{@code pageTotal}, filter {@code accountId},
 * 404 when the month has no data. {@code X-Partner-ID} must name the token's own partner.
 */
@Path("/partner/v1/billing/usage")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.PARTNER)
public class VendorUsageResource {

    static final int MAX_PAGE_SIZE = 1000;

    private final Caller caller;
    private final InvoiceStore store;
    private final CloseSchedule schedule;

    public VendorUsageResource(Caller caller, InvoiceStore store, CloseSchedule schedule) {
        this.caller = caller;
        this.store = store;
        this.schedule = schedule;
    }

    public record Item(String partnerAccountId, String partnerAccountName, LocalDate billingStartDate,
            LocalDate billingEndDate, String orderNumber, String orderLineItemNumber, String accountId,
            String accountStatus, String accountNumberOrSerialNumber, String productDescription, String productGroup,
            String sku, String productCode, long billableQuantity, long actualQuantity, BigDecimal unitPrice,
            String unitPriceCurrency, String assignedAccountIdentifier, String distributorAccountName) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Pages(String fromKey, String nextKey, int size, Integer total, int maxSize) {
    }

    public record Answer(List<Item> items, Pages pages) {
    }

    @GET
    @Path("/{year}/{month}")
    public Answer usage(@PathParam("year") int year, @PathParam("month") int month,
            @HeaderParam("X-Partner-ID") String partnerHeader, @QueryParam("pageFromKey") String pageFromKey,
            @QueryParam("pageSize") @DefaultValue("100") int pageSize,
            @QueryParam("pageTotal") @DefaultValue("false") boolean pageTotal, @QueryParam("accountId") String accountId) {
        String partnerId = caller.partnerIdMatching(partnerHeader);
        if (month < 1 || month > 12 || year < 2000 || year > 9999) {
            throw ApiException.invalidField("month", "range", "year/month must name a month, e.g. 2026/10");
        }
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw ApiException.invalidField("pageSize", "range", "pageSize must be 1.." + MAX_PAGE_SIZE);
        }
        YearMonth period = YearMonth.of(year, month);
        InvoiceStore.Stored<InvoiceIssued> stored = store.invoice(MonthlyClose.invoiceId(partnerId, period));
        if (stored == null) {
            throw new ApiException(404, "no-usage-data", "no usage data for " + period);
        }
        List<Item> all = items(stored.document(), store.evidence(stored.document().invoiceId()), period);
        if (accountId != null && !accountId.isBlank()) {
            all = all.stream().filter(i -> i.accountId().equals(accountId)).toList();
        }
        int from = 0;
        if (pageFromKey != null && !pageFromKey.isBlank()) {
            from = -1;
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).orderLineItemNumber().equals(pageFromKey)) {
                    from = i;
                    break;
                }
            }
            if (from < 0) {
                throw ApiException.invalidField("pageFromKey", "unknown", "pageFromKey names no item of this report");
            }
        }
        int to = Math.min(from + pageSize, all.size());
        String next = to < all.size() ? all.get(to).orderLineItemNumber() : null;
        return new Answer(all.subList(from, to), new Pages(from < all.size() ? all.get(from).orderLineItemNumber() : null,
                next, pageSize, pageTotal ? all.size() : null, MAX_PAGE_SIZE));
    }

    private List<Item> items(InvoiceIssued invoice, List<LineEvidence> evidence, YearMonth period) {
        LocalDate start = schedule.closeOf(period.minusMonths(1)).atOffset(ZoneOffset.UTC).toLocalDate();
        LocalDate end = schedule.closeOf(period).atOffset(ZoneOffset.UTC).toLocalDate().minusDays(1);
        List<Item> out = new ArrayList<>();
        for (int l = 0; l < invoice.lines().size(); l++) {
            InvoiceLine line = invoice.lines().get(l);
            String base = String.format(Locale.ROOT, "%05d", l + 1);
            if (line.product().family() == ProductFamily.FIREWALL && l < evidence.size()) {
                int k = 1;
                for (String unit : evidence.get(l).unitIds()) {
                    out.add(item(invoice, line, start, end, base + "-" + k++, unit.substring(unit.indexOf(':') + 1), 1));
                }
            } else {
                out.add(item(invoice, line, start, end, base, null, line.quantity()));
            }
        }
        return out;
    }

    private static Item item(InvoiceIssued invoice, InvoiceLine line, LocalDate start, LocalDate end, String lineNo,
            String serial, long quantity) {
        return new Item(invoice.partnerId(), invoice.partnerName(), start, end, invoice.invoiceId(), lineNo,
                line.customerId(), "active", serial, description(line.product()), line.product().family().name(),
                line.sku(), line.product().name(), quantity, quantity, line.unitPrice(), invoice.currency(),
                line.customerName(), invoice.distributorId());
    }

    static String description(ProductCode p) {
        String words = p.name().charAt(0) + p.name().substring(1).toLowerCase(Locale.ROOT).replace('_', ' ');
        return words + " (monthly, usage-based)";
    }
}
