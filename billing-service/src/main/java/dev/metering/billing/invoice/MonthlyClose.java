package dev.metering.billing.invoice;

import dev.metering.billing.account.BillingState;
import dev.metering.billing.usage.CustomerUnits;
import dev.metering.billing.usage.UsageProjection;
import dev.metering.contracts.BillingType;
import dev.metering.contracts.ProductCode;
import dev.metering.contracts.billing.BillingEvent.AdjustmentIssued;
import dev.metering.contracts.billing.BillingEvent.InvoiceIssued;
import dev.metering.contracts.billing.BillingEvent.InvoiceLine;
import dev.metering.contracts.billing.BillingEvent.ProductTotal;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The period close (R22–R27) and adjustments (R28) as pure functions of the billing state and the
 * usage projection at the snapshot instant S.
 * <ul>
 * <li>R24: only customers whose billing type AT S is MONTHLY are invoiced (TRIAL/TERM are not).</li>
 * <li>R23: no pro-rating; whatever the type or licence was earlier in the month, the month is billed
 * by the count at S.</li>
 * <li>R27: the partner managing the customer at S is billed for the whole month.</li>
 * <li>R25: ONE invoice per partner with at least one monthly customer, a line per customer and SKU,
 * totals per product; R17a/R13 decide the SKU; R3 decides the distributor.</li>
 * <li>R26: every line keeps the unit ids it counted.</li>
 * </ul>
 */
public final class MonthlyClose {

    private MonthlyClose() {
    }

    public record Result(List<PartnerInvoice> invoices, List<String> problems) {
    }

    /** Derived from (partner, period) only, so a repeated close can never issue a second invoice. */
    public static String invoiceId(String partnerId, YearMonth period) {
        return "INV-" + period + "-" + partnerId;
    }

    public static String adjustmentId(String invoiceId, int sequence) {
        return invoiceId + "-ADJ-" + sequence;
    }

    /** The units one customer counts under one product at S (R17a, R13 decide the product). */
    public record CountedUnits(ProductCode product, List<String> unitIds) {
    }

    /**
     * The part of a close that needs a customer's own facts: a MONTHLY customer at S (R24), the partner managing
     * it at S (R27), its name, and the units it counts per product. Computed by whichever instance owns the
     * customer's partition; invoices are assembled from these, wherever they were computed (R21).
     */
    public record CustomerLines(String partnerId, String customerId, String name, List<CountedUnits> counted) {
    }

    public static Result close(YearMonth period, Instant s, BillingState state, UsageProjection usage,
            PriceList prices, Instant issuedAt) {
        return assemble(period, s, customerLines(s, state, usage, c -> true), state, prices, issuedAt);
    }

    /** The {@link CustomerLines} of every MONTHLY customer at S this state holds that {@code include} accepts. */
    public static List<CustomerLines> customerLines(Instant s, BillingState state, UsageProjection usage,
            java.util.function.Predicate<String> include) {
        List<CustomerLines> out = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : state.customersByPartner(s).entrySet()) {
            for (String customerId : e.getValue()) {
                if (include.test(customerId) && state.billingTypeAt(customerId, s) == BillingType.MONTHLY) {
                    out.add(customerLines(e.getKey(), customerId, s, state, usage));
                }
            }
        }
        return out;
    }

    /**
     * The {@link CustomerLines} of ONE partner's MONTHLY customers at S (R24, R27) that {@code include} accepts:
     * what {@link #customerLines(Instant, BillingState, UsageProjection, java.util.function.Predicate)} computes
     * for that partner, without visiting the others (the invoice preview).
     */
    public static List<CustomerLines> partnerLines(String partnerId, Instant s, BillingState state,
            UsageProjection usage, java.util.function.Predicate<String> include) {
        List<CustomerLines> out = new ArrayList<>();
        for (String customerId : state.customersOf(partnerId, s)) {
            if (include.test(customerId) && state.billingTypeAt(customerId, s) == BillingType.MONTHLY) {
                out.add(customerLines(partnerId, customerId, s, state, usage));
            }
        }
        return out;
    }

    private static CustomerLines customerLines(String partnerId, String customerId, Instant s, BillingState state,
            UsageProjection usage) {
        CustomerUnits units = usage.find(customerId);
        List<CountedUnits> counted = new ArrayList<>();
        if (units != null) {
            units.unitsAt(s.toEpochMilli(), state.resolverAt(customerId, s, true))
                    .forEach((product, ids) -> counted.add(new CountedUnits(product, List.copyOf(ids))));
        }
        return new CustomerLines(partnerId, customerId, state.customerName(customerId), List.copyOf(counted));
    }

    /**
     * Every partner's invoice from the customer lines of ALL its customers (from one or many owners): partners
     * in id order, each partner's customers in id order. {@code partners} answers partner-level facts (name,
     * distributor, R3).
     */
    public static Result assemble(YearMonth period, Instant s, List<CustomerLines> lines, BillingState partners,
            PriceList prices, Instant issuedAt) {
        Map<String, List<CustomerLines>> byPartner = new java.util.TreeMap<>();
        for (CustomerLines l : lines) {
            byPartner.computeIfAbsent(l.partnerId(), k -> new ArrayList<>()).add(l);
        }
        List<PartnerInvoice> invoices = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, List<CustomerLines>> e : byPartner.entrySet()) {
            try {
                partnerInvoice(e.getKey(), e.getValue(), period, s, partners, prices, issuedAt, null)
                        .ifPresent(invoices::add);
            } catch (CloseProblem p) {
                problems.add(p.getMessage());
            }
        }
        return new Result(invoices, problems);
    }

    /**
     * One partner's invoice over the customers this state holds, or empty when it has no MONTHLY customer at S
     * among them.
     */
    public static Optional<PartnerInvoice> closePartner(String partnerId, YearMonth period, Instant s,
            BillingState state, UsageProjection usage, PriceList prices, Instant issuedAt, String currency) {
        List<CustomerLines> lines = new ArrayList<>();
        for (String customerId : state.customersOf(partnerId, s)) {
            if (state.billingTypeAt(customerId, s) == BillingType.MONTHLY) {
                lines.add(customerLines(partnerId, customerId, s, state, usage));
            }
        }
        return partnerInvoice(partnerId, lines, period, s, state, prices, issuedAt, currency);
    }

    private static Optional<PartnerInvoice> partnerInvoice(String partnerId, List<CustomerLines> customers,
            YearMonth period, Instant s, BillingState state, PriceList prices, Instant issuedAt,
            String fixedCurrency) {
        List<CustomerLines> monthly = new ArrayList<>(customers);
        monthly.sort(java.util.Comparator.comparing(CustomerLines::customerId));
        if (monthly.isEmpty()) {
            return Optional.empty();
        }
        String distributor = state.distributorOf(partnerId);
        if (distributor == null) {
            throw new CloseProblem("partner " + partnerId + " has no known distributor (no partner registration)");
        }
        String currency = fixedCurrency != null ? fixedCurrency : prices.currencyFor(distributor);
        List<InvoiceLine> lines = new ArrayList<>();
        List<LineEvidence> evidence = new ArrayList<>();
        for (CustomerLines customer : monthly) {
            String customerId = customer.customerId();
            String name = customer.name();
            for (CountedUnits c : customer.counted()) {
                String sku = Skus.of(c.product());
                BigDecimal unitPrice = prices.unitPrice(sku, currency);
                if (unitPrice == null) {
                    throw new CloseProblem("no price for " + sku + " in " + currency + " (partner " + partnerId + ")");
                }
                long quantity = c.unitIds().size();
                lines.add(new InvoiceLine(customerId, name, c.product(), sku, quantity, unitPrice,
                        amount(unitPrice, quantity)));
                evidence.add(new LineEvidence(customerId, c.product(), sku, c.unitIds()));
            }
        }
        List<ProductTotal> totals = totals(lines);
        BigDecimal total = lines.stream().map(InvoiceLine::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        InvoiceIssued invoice = new InvoiceIssued(invoiceId(partnerId, period), partnerId,
                state.partnerName(partnerId), distributor, period.toString(), s, currency, List.copyOf(lines), totals,
                total, issuedAt);
        return Optional.of(new PartnerInvoice(invoice, List.copyOf(evidence)));
    }

    /**
     * R28: the difference between what was billed for the period so far (the invoice plus earlier
     * adjustments) and what the facts known now say; empty when nothing changed.
     */
    public static Optional<AdjustmentIssued> adjustment(InvoiceIssued original, List<InvoiceLine> billedSoFar,
            PartnerInvoice recomputed, int sequence, String reason, Instant issuedAt) {
        Map<String, InvoiceLine> before = sumByKey(billedSoFar);
        Map<String, InvoiceLine> now = sumByKey(recomputed == null ? List.of() : recomputed.invoice().lines());
        Map<String, InvoiceLine> keys = new java.util.TreeMap<>();
        keys.putAll(before);
        keys.putAll(now);
        List<InvoiceLine> delta = new ArrayList<>();
        for (String key : keys.keySet()) {
            InvoiceLine b = before.get(key);
            InvoiceLine n = now.get(key);
            long q = (n == null ? 0 : n.quantity()) - (b == null ? 0 : b.quantity());
            BigDecimal a = (n == null ? BigDecimal.ZERO : n.amount()).subtract(b == null ? BigDecimal.ZERO : b.amount());
            if (q == 0 && a.signum() == 0) {
                continue;
            }
            InvoiceLine ref = n != null ? n : b;
            delta.add(new InvoiceLine(ref.customerId(), ref.customerName(), ref.product(), ref.sku(), q,
                    ref.unitPrice(), a));
        }
        if (delta.isEmpty()) {
            return Optional.empty();
        }
        BigDecimal total = delta.stream().map(InvoiceLine::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        return Optional.of(new AdjustmentIssued(adjustmentId(original.invoiceId(), sequence), original.invoiceId(),
                original.partnerId(), original.distributorId(), original.period(), reason, original.currency(),
                List.copyOf(delta), total, issuedAt));
    }

    private static Map<String, InvoiceLine> sumByKey(List<InvoiceLine> lines) {
        Map<String, InvoiceLine> out = new LinkedHashMap<>();
        for (InvoiceLine l : lines) {
            out.merge(l.customerId() + "|" + l.product().ordinal() + "|" + l.sku(), l,
                    (a, b) -> new InvoiceLine(a.customerId(), b.customerName(), a.product(), a.sku(),
                            a.quantity() + b.quantity(), b.unitPrice(), a.amount().add(b.amount())));
        }
        return out;
    }

    static BigDecimal amount(BigDecimal unitPrice, long quantity) {
        return unitPrice.multiply(BigDecimal.valueOf(quantity)).setScale(2, RoundingMode.HALF_UP);
    }

    private static List<ProductTotal> totals(List<InvoiceLine> lines) {
        EnumMap<ProductCode, long[]> qty = new EnumMap<>(ProductCode.class);
        EnumMap<ProductCode, BigDecimal> amt = new EnumMap<>(ProductCode.class);
        for (InvoiceLine l : lines) {
            qty.computeIfAbsent(l.product(), p -> new long[1])[0] += l.quantity();
            amt.merge(l.product(), l.amount(), BigDecimal::add);
        }
        List<ProductTotal> out = new ArrayList<>();
        qty.forEach((p, q) -> out.add(new ProductTotal(p, q[0], amt.get(p))));
        return List.copyOf(out);
    }

    /** A partner that cannot be invoiced as things stand (no distributor, missing price). */
    public static final class CloseProblem extends RuntimeException {
        public CloseProblem(String message) {
            super(message);
        }
    }
}
