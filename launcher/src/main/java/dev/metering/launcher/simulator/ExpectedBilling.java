package dev.metering.launcher.simulator;

import dev.metering.contracts.BillingType;
import dev.metering.contracts.DefaultPrices;
import dev.metering.contracts.ProductCode;
import dev.metering.contracts.ProductFamily;
import dev.metering.launcher.simulator.World.Customer;
import dev.metering.launcher.simulator.World.Item;
import dev.metering.launcher.simulator.World.Kind;
import dev.metering.launcher.simulator.World.Partner;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The simulator's own, deliberately small and independent model of the billing rules (it shares no code
 * with billing-service): what the usage page must show at S and which invoices a close at S must issue,
 * computed directly from the facts the simulator sent.
 * <ul>
 * <li>R16: a (device, product) is active at S with a heartbeat in (S − 30 d, S];</li>
 * <li>R19: ... and, if the device was removed at or before S, a heartbeat after its latest removal;</li>
 * <li>R17: endpoint and mobile products count distinct users of active devices plus active devices
 * without a user; servers, web, encryption count devices; firewalls count appliances;</li>
 * <li>R17a: a monthly customer's selected licence of a family is the product billed for the family;</li>
 * <li>R13/R18: a firewall is invoiced under its registered bundle, and not at all when unregistered (the
 * usage page still shows it under what it reports);</li>
 * <li>R23/R24: the billing type after the setup (before S) decides: only MONTHLY customers are invoiced,
 * whole month, no pro-rating;</li>
 * <li>R25/R3: one invoice per partner with a monthly customer, a line per customer and product, totals per
 * product; UK partners are invoiced by DIRECT in GBP, everyone else in EUR.</li>
 * </ul>
 * Pure.
 */
public final class ExpectedBilling {

    static final Duration WINDOW = Duration.ofDays(30);

    /** The one default price list (contracts' default-prices.csv, which billing seeds from; one unit, one month). */
    static final Map<String, BigDecimal> PRICES = prices();

    private ExpectedBilling() {
    }

    public record Line(String customerId, String customerName, ProductCode product, String sku, long quantity,
            BigDecimal unitPrice, BigDecimal amount) {
    }

    public record Total(ProductCode product, long quantity, BigDecimal amount) {
    }

    public record Invoice(String partnerId, String partnerName, String distributorId, String currency,
            List<Line> lines, Map<ProductCode, Total> totals, BigDecimal totalAmount) {
    }

    public static String sku(ProductCode p) {
        return "MSP-FLEX-" + p.name().replace('_', '-');
    }

    /** Counts per product of one customer at S; {@code invoicing} applies R13's "unregistered: not billed". */
    public static Map<ProductCode, Integer> counts(World world, Customer c, Instant s, boolean invoicing) {
        Map<ProductCode, Set<String>> units = units(world, c, s, invoicing);
        Map<ProductCode, Integer> out = new EnumMap<>(ProductCode.class);
        units.forEach((p, u) -> out.put(p, u.size()));
        return out;
    }

    static Map<ProductCode, Set<String>> units(World world, Customer c, Instant s, boolean invoicing) {
        Instant from = s.minus(WINDOW);
        Map<String, Instant> latestRemoval = new HashMap<>();
        for (Item i : world.items) {
            if (i.customer() == c && i.expectedReject() == null && i.kind() == Kind.DEVICE_REMOVED
                    && !i.occurredAt().isAfter(s)) {
                latestRemoval.merge(i.deviceId(), i.occurredAt(), (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        Map<ProductCode, Set<String>> out = new EnumMap<>(ProductCode.class);
        for (Item i : world.items) {
            if (i.customer() != c || i.expectedReject() != null || i.kind() == Kind.DEVICE_REMOVED) {
                continue;
            }
            Instant t = i.occurredAt();
            if (!t.isAfter(from) || t.isAfter(s)) {
                continue; // R16
            }
            Instant removed = latestRemoval.get(i.deviceId());
            if (removed != null && !t.isAfter(removed)) {
                continue; // R19
            }
            for (ProductCode reported : i.products()) {
                ProductCode billed = billed(c, i, reported, invoicing);
                if (billed == null) {
                    continue;
                }
                boolean byUser = billed.family() == ProductFamily.ENDPOINT || billed.family() == ProductFamily.MOBILE;
                String unit = byUser && i.userId() != null ? "user:" + i.userId()
                        : (i.kind() == Kind.FIREWALL_HEARTBEAT ? "serial:" : "device:") + i.deviceId();
                out.computeIfAbsent(billed, k -> new HashSet<>()).add(unit);
            }
        }
        return out;
    }

    private static ProductCode billed(Customer c, Item i, ProductCode reported, boolean invoicing) {
        if (i.kind() == Kind.FIREWALL_HEARTBEAT) {
            if (i.firewall().registered() != null) {
                return i.firewall().registered().product(); // R13
            }
            return invoicing ? null : reported;
        }
        ProductCode selected = c.selections.get(reported.family()); // R17a
        return selected != null ? selected : reported;
    }

    /** The invoices a close at S must issue, by partner id (partners without a monthly customer have none). */
    public static Map<String, Invoice> invoices(World world, Instant s) {
        Map<String, Invoice> out = new TreeMap<>();
        for (Partner p : world.partners) {
            List<Customer> monthly = world.customers.stream()
                    .filter(c -> c.partner == p && c.atClose == BillingType.MONTHLY).toList();
            if (monthly.isEmpty()) {
                continue; // R24: nothing monthly, nothing invoiced
            }
            String distributor = p.invoicedDistributor();
            String currency = "DIRECT".equals(distributor) ? "GBP" : "EUR";
            List<Line> lines = new ArrayList<>();
            Map<ProductCode, Total> totals = new EnumMap<>(ProductCode.class);
            BigDecimal total = BigDecimal.ZERO.setScale(2);
            for (Customer c : monthly) {
                Map<ProductCode, Integer> counts = counts(world, c, s, true);
                for (Map.Entry<ProductCode, Integer> e : counts.entrySet()) {
                    String sku = sku(e.getKey());
                    BigDecimal price = PRICES.get(sku + "|" + currency);
                    BigDecimal amount = price.multiply(BigDecimal.valueOf(e.getValue())).setScale(2, RoundingMode.HALF_UP);
                    lines.add(new Line(c.id, c.name, e.getKey(), sku, e.getValue(), price, amount));
                    totals.merge(e.getKey(), new Total(e.getKey(), e.getValue(), amount),
                            (a, b) -> new Total(a.product(), a.quantity() + b.quantity(), a.amount().add(b.amount())));
                    total = total.add(amount);
                }
            }
            out.put(p.id(), new Invoice(p.id(), p.name(), distributor, currency, lines, totals, total));
        }
        return out;
    }

    private static Map<String, BigDecimal> prices() {
        Map<String, BigDecimal> m = new LinkedHashMap<>();
        for (DefaultPrices.Price price : DefaultPrices.all()) {
            m.put(price.sku() + "|" + price.currency(), price.unitPrice());
        }
        return Map.copyOf(m);
    }
}
