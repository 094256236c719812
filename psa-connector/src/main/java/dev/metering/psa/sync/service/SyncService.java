package dev.metering.psa.sync.service;

import dev.metering.platform.error.ApiException;
import dev.metering.psa.vendor.PsaClient;
import dev.metering.psa.vendor.PsaClient.Addition;
import dev.metering.psa.vendor.PsaClient.Agreement;
import dev.metering.psa.vendor.PsaClient.CatalogItem;
import dev.metering.psa.vendor.PsaClient.NewAddition;
import dev.metering.psa.vendor.PsaClient.NewCatalogItem;
import dev.metering.psa.vendor.PsaCredentials;
import dev.metering.psa.vendor.PsaException;
import dev.metering.psa.connection.service.ConnectionService;
import dev.metering.psa.invoice.store.InvoiceLedger;
import dev.metering.psa.invoice.store.InvoiceLedger.Quantity;
import dev.metering.psa.mapping.store.MappingStore;
import dev.metering.psa.mapping.store.MappingStore.CustomerMapping;
import dev.metering.psa.mapping.store.MappingStore.ProductMapping;
import dev.metering.psa.sync.AgreementPlan;
import dev.metering.psa.sync.AgreementPlan.Create;
import dev.metering.psa.sync.AgreementPlan.Keep;
import dev.metering.psa.sync.AgreementPlan.Step;
import dev.metering.psa.sync.AgreementPlan.Update;
import dev.metering.psa.sync.AgreementPlan.Wanted;
import dev.metering.psa.sync.store.SyncStore;
import dev.metering.psa.sync.store.SyncStore.Synced;
import dev.metering.psa.usage.store.UsageStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Syncs a partner's invoiced monthly usage to its PSA: for every mapped customer of the period, one agreement
 * addition per product with the invoiced quantity (adjustments applied). What the PSA already holds is read
 * first, so a second run changes nothing and a run after a crash finishes what the first began. Each
 * customer's outcome is kept with the PSA's own error text.
 */
@ApplicationScoped
public class SyncService {

    public static final String OK = "OK";
    public static final String FAILED = "FAILED";
    public static final String UNMAPPED = "UNMAPPED";
    private static final Logger LOG = Logger.getLogger(SyncService.class);

    public record CustomerResult(String customerId, String customerName, String status, int created, int updated,
            int unchanged, String error) {
    }

    public record SyncReport(String partnerId, String period, List<CustomerResult> customers) {
    }

    public record ReconciliationLine(String customerId, String customerName, String product, String sku,
            long invoicedQuantity, Long syncedQuantity, Long psaQuantity, String status, String error) {
    }

    public record Reconciliation(String partnerId, String period, int flagged, List<ReconciliationLine> lines) {
    }

    private final ConnectionService connections;
    private final InvoiceLedger ledger;
    private final MappingStore mappings;
    private final SyncStore store;
    private final PsaClient psa;
    private final UsageStore usage;

    public SyncService(ConnectionService connections, InvoiceLedger ledger, MappingStore mappings, SyncStore store,
            PsaClient psa, UsageStore usage) {
        this.connections = connections;
        this.ledger = ledger;
        this.mappings = mappings;
        this.store = store;
        this.psa = psa;
        this.usage = usage;
    }

    /** The partner's sync mode: {@code MONTHLY} (the invoiced quantity after each close) or {@code DAILY}. */
    public String mode(String partnerId) {
        return usage.syncMode(partnerId);
    }

    public String mode(String partnerId, String mode) {
        String m = mode == null ? "" : mode.toUpperCase(java.util.Locale.ROOT);
        if (!m.equals(UsageStore.MONTHLY) && !m.equals(UsageStore.DAILY)) {
            throw ApiException.invalidField("mode", "must be MONTHLY or DAILY", "mode must be MONTHLY or DAILY");
        }
        usage.syncMode(partnerId, m);
        return m;
    }

    /** What the nightly sync does for the partner: the daily or the monthly sync, by its mode. */
    public SyncReport scheduled(String partnerId) {
        return UsageStore.DAILY.equals(usage.syncMode(partnerId)) ? syncDaily(partnerId) : sync(partnerId, null);
    }

    /**
     * The DAILY usage sync: for every mapped customer with a real-time usage snapshot from billing (R16–R20), per
     * product one agreement addition whose quantity is the latest real-time quantity, for the OPEN period (the
     * month of the snapshot; effective its first day); a firewall product's addition carries the serial numbers
     * counted in its description (R26). What the PSA holds is read first, so a second run changes nothing.
     */
    public SyncReport syncDaily(String partnerId) {
        PsaCredentials creds = connections.credentials(connections.require(partnerId));
        try (SyncStore.SyncLock lock = store.tryLock(partnerId).orElseThrow(() -> ApiException.conflict(
                "sync-in-progress", "a sync of this partner is running"))) {
            return runDaily(creds, partnerId);
        }
    }

    private SyncReport runDaily(PsaCredentials creds, String partnerId) {
        Map<String, UsageStore.CustomerUsage> byCustomer = usage.ofPartner(partnerId);
        Map<String, CustomerMapping> mapped = mappings.customers(partnerId);
        List<CustomerResult> results = new ArrayList<>();
        PsaException connectionFailure = null;
        Map<String, ProductMapping> catalog = Map.of();
        Map<String, java.math.BigDecimal> prices = new java.util.HashMap<>();
        ledger.latestPeriod(partnerId).ifPresent(p -> ledger.quantities(partnerId, p)
                .forEach(q -> prices.putIfAbsent(q.product(), q.unitPrice())));
        String open = null;
        try {
            psa.companies(creds);
            catalog = dailyCatalogItems(creds, partnerId, byCustomer, prices);
        } catch (PsaException e) {
            connectionFailure = e;
        }
        for (UsageStore.CustomerUsage u : byCustomer.values()) {
            String period = YearMonth.from(u.at().atZone(java.time.ZoneOffset.UTC)).toString();
            open = open == null || period.compareTo(open) > 0 ? period : open;
            CustomerMapping m = mapped.get(u.customerId());
            CustomerResult r;
            if (m == null) {
                r = new CustomerResult(u.customerId(), u.customerName(), UNMAPPED, 0, 0, 0,
                        "no confirmed PSA company and agreement");
            } else if (connectionFailure != null) {
                r = failed(u.customerId(), u.customerName(), connectionFailure);
            } else {
                try {
                    r = syncDailyCustomer(creds, partnerId, period, u, m, catalog, prices);
                } catch (PsaException e) {
                    r = failed(u.customerId(), u.customerName(), e);
                }
            }
            store.status(partnerId, u.customerId(), period, r.status(), r.created(), r.updated(), r.unchanged(),
                    r.error());
            results.add(r);
        }
        LOG.infof("daily PSA sync of partner %s: %s", partnerId, results.stream()
                .map(r -> r.customerId() + "=" + r.status()).toList());
        return new SyncReport(partnerId, open, results);
    }

    /** The description of a daily addition: product, open period and, for firewalls, the serial numbers. */
    static String dailyDescription(String product, String period, List<String> serials) {
        return product + " real-time usage " + period + (serials.isEmpty() ? ""
                : " (serial numbers: " + String.join(", ", serials) + ")");
    }

    private CustomerResult syncDailyCustomer(PsaCredentials creds, String partnerId, String period,
            UsageStore.CustomerUsage u, CustomerMapping m, Map<String, ProductMapping> catalog,
            Map<String, java.math.BigDecimal> prices) {
        Agreement agreement = psa.agreements(creds, m.companyId()).stream().filter(a -> a.id() == m.agreementId())
                .findFirst().orElse(null);
        if (agreement == null || agreement.cancelled()) {
            return new CustomerResult(u.customerId(), u.customerName(), FAILED, 0, 0, 0, "agreement "
                    + m.agreementId() + (agreement == null ? " is no longer an agreement of PSA company "
                            + m.companyId() : " is cancelled in the PSA"));
        }
        List<Addition> existing = psa.additions(creds, m.agreementId());
        int created = 0;
        int updated = 0;
        int unchanged = 0;
        LocalDate effective = YearMonth.parse(period).atDay(1);
        for (UsageStore.Quantity q : u.products()) {
            ProductMapping pm = catalog.get(q.product());
            Addition current = AgreementPlan.carrying(existing, pm.catalogItemId()).orElse(null);
            String description = dailyDescription(q.product(), period, q.serialNumbers());
            long additionId;
            if (current == null) {
                if (q.quantity() == 0) {
                    continue; // nothing used, nothing on the agreement: no addition of 0 is created
                }
                additionId = psa.createAddition(creds, m.agreementId(), new NewAddition(pm.catalogItemId(),
                        q.quantity(), prices.getOrDefault(q.product(), java.math.BigDecimal.ZERO), effective,
                        description)).id();
                created++;
            } else if (current.quantity() != q.quantity() || !description.equals(current.description())) {
                additionId = psa.updateAddition(creds, m.agreementId(), current.id(), q.quantity(), description).id();
                updated++;
            } else {
                additionId = current.id();
                unchanged++;
            }
            store.synced(partnerId, period, u.customerId(), q.product(), m.agreementId(), additionId, q.quantity());
        }
        return new CustomerResult(u.customerId(), u.customerName(), OK, created, updated, unchanged, null);
    }

    /** Every product of the snapshots mapped to a catalog item: the partner's mapping, else by identifier, else new. */
    private Map<String, ProductMapping> dailyCatalogItems(PsaCredentials creds, String partnerId,
            Map<String, UsageStore.CustomerUsage> byCustomer, Map<String, java.math.BigDecimal> prices) {
        Map<String, ProductMapping> known = new LinkedHashMap<>(mappings.products(partnerId));
        for (UsageStore.CustomerUsage u : byCustomer.values()) {
            for (UsageStore.Quantity q : u.products()) {
                if (known.containsKey(q.product())) {
                    continue;
                }
                String identifier = q.product();
                CatalogItem item = psa.findCatalogItem(creds, identifier).orElse(null);
                boolean created = false;
                if (item == null) {
                    item = psa.createCatalogItem(creds, new NewCatalogItem(identifier, q.product()
                            + " (monthly, metered)", prices.getOrDefault(q.product(), java.math.BigDecimal.ZERO),
                            creds.catalogSubcategoryId(), creds.catalogTypeId()));
                    created = true;
                }
                ProductMapping m = new ProductMapping(q.product(), item.id(), item.identifier(), created);
                mappings.mapProduct(partnerId, m);
                known.put(q.product(), m);
            }
        }
        return known;
    }

    /** Syncs {@code period} (default: the partner's newest invoiced period). */
    public SyncReport sync(String partnerId, String period) {
        PsaCredentials creds = connections.credentials(connections.require(partnerId));
        String p = period != null ? period : ledger.latestPeriod(partnerId).orElse(null);
        if (p == null) {
            return new SyncReport(partnerId, null, List.of());
        }
        try (SyncStore.SyncLock lock = store.tryLock(partnerId).orElseThrow(() -> ApiException.conflict(
                "sync-in-progress", "a sync of this partner is running"))) {
            return run(creds, partnerId, p);
        }
    }

    private SyncReport run(PsaCredentials creds, String partnerId, String period) {
        Map<String, List<Quantity>> byCustomer = byCustomer(ledger.quantities(partnerId, period));
        Map<String, CustomerMapping> mapped = mappings.customers(partnerId);
        List<CustomerResult> results = new ArrayList<>();
        PsaException connectionFailure = null;
        Map<String, ProductMapping> catalog = Map.of();
        try {
            psa.companies(creds); // the nightly read of companies; also proves the keys still work
            catalog = catalogItems(creds, partnerId, byCustomer);
        } catch (PsaException e) {
            connectionFailure = e;
        }
        for (Map.Entry<String, List<Quantity>> entry : byCustomer.entrySet()) {
            String customerId = entry.getKey();
            String name = entry.getValue().get(0).customerName();
            CustomerMapping m = mapped.get(customerId);
            CustomerResult r;
            if (m == null) {
                r = new CustomerResult(customerId, name, UNMAPPED, 0, 0, 0, "no confirmed PSA company and agreement");
            } else if (connectionFailure != null) {
                r = failed(customerId, name, connectionFailure);
            } else {
                try {
                    r = syncCustomer(creds, partnerId, period, customerId, name, m, entry.getValue(), catalog);
                } catch (PsaException e) {
                    r = failed(customerId, name, e);
                }
            }
            store.status(partnerId, customerId, period, r.status(), r.created(), r.updated(), r.unchanged(),
                    r.error());
            results.add(r);
        }
        LOG.infof("PSA sync of partner %s for %s: %s", partnerId, period, results.stream()
                .map(r -> r.customerId() + "=" + r.status()).toList());
        return new SyncReport(partnerId, period, results);
    }

    private CustomerResult syncCustomer(PsaCredentials creds, String partnerId, String period, String customerId,
            String name, CustomerMapping m, List<Quantity> lines, Map<String, ProductMapping> catalog) {
        Agreement agreement = psa.agreements(creds, m.companyId()).stream().filter(a -> a.id() == m.agreementId())
                .findFirst().orElse(null);
        if (agreement == null || agreement.cancelled()) {
            return new CustomerResult(customerId, name, FAILED, 0, 0, 0, "agreement " + m.agreementId()
                    + (agreement == null ? " is no longer an agreement of PSA company " + m.companyId()
                            : " is cancelled in the PSA"));
        }
        List<Wanted> wanted = new ArrayList<>();
        for (Quantity q : lines) {
            wanted.add(new Wanted(q.product(), catalog.get(q.product()).catalogItemId(), q.quantity(), q.unitPrice(),
                    q.sku() + " " + period + " (" + q.product() + ")"));
        }
        List<Step> steps = AgreementPlan.plan(wanted, psa.additions(creds, m.agreementId()));
        int created = 0;
        int updated = 0;
        int unchanged = 0;
        LocalDate effective = YearMonth.parse(period).atDay(1);
        for (Step s : steps) {
            long additionId;
            long quantity;
            if (s instanceof Create c) {
                Addition a = psa.createAddition(creds, m.agreementId(), new NewAddition(c.catalogItemId(),
                        c.quantity(), c.unitPrice(), effective, c.description()));
                additionId = a.id();
                quantity = c.quantity();
                created++;
            } else if (s instanceof Update u) {
                additionId = psa.updateAdditionQuantity(creds, m.agreementId(), u.additionId(), u.to()).id();
                quantity = u.to();
                updated++;
            } else {
                Keep k = (Keep) s;
                additionId = k.additionId();
                quantity = k.quantity();
                unchanged++;
            }
            store.synced(partnerId, period, customerId, s.product(), m.agreementId(), additionId, quantity);
        }
        return new CustomerResult(customerId, name, OK, created, updated, unchanged, null);
    }

    /** Every product of the period mapped to a catalog item: found by its SKU as identifier, else created. */
    private Map<String, ProductMapping> catalogItems(PsaCredentials creds, String partnerId,
            Map<String, List<Quantity>> byCustomer) {
        Map<String, ProductMapping> known = new LinkedHashMap<>(mappings.products(partnerId));
        for (List<Quantity> lines : byCustomer.values()) {
            for (Quantity q : lines) {
                if (known.containsKey(q.product())) {
                    continue;
                }
                CatalogItem item = psa.findCatalogItem(creds, q.sku()).orElse(null);
                boolean created = false;
                if (item == null) {
                    item = psa.createCatalogItem(creds, new NewCatalogItem(q.sku(), q.product() + " (monthly, metered)",
                            q.unitPrice(), creds.catalogSubcategoryId(), creds.catalogTypeId()));
                    created = true;
                }
                ProductMapping m = new ProductMapping(q.product(), item.id(), item.identifier(), created);
                mappings.mapProduct(partnerId, m);
                known.put(q.product(), m);
            }
        }
        return known;
    }

    /** Invoiced vs synced vs what the PSA agreement holds now, per customer and product of the period. */
    public Reconciliation reconcile(String partnerId, String period) {
        PsaCredentials creds = connections.credentials(connections.require(partnerId));
        List<Quantity> quantities = ledger.quantities(partnerId, period);
        if (quantities.isEmpty()) {
            throw new ApiException(404, "no-invoice", "no invoice of this partner for " + period);
        }
        Map<String, Synced> synced = store.synced(partnerId, period);
        Map<String, CustomerMapping> mapped = mappings.customers(partnerId);
        Map<String, ProductMapping> catalog = mappings.products(partnerId);
        List<ReconciliationLine> out = new ArrayList<>();
        for (Map.Entry<String, List<Quantity>> entry : byCustomer(quantities).entrySet()) {
            CustomerMapping m = mapped.get(entry.getKey());
            List<Addition> additions = null;
            String error = null;
            if (m != null) {
                try {
                    additions = psa.additions(creds, m.agreementId());
                } catch (PsaException e) {
                    error = psaText(e);
                }
            }
            for (Quantity q : entry.getValue()) {
                Synced s = synced.get(q.customerId() + "|" + q.product());
                Long syncedQty = s == null ? null : s.quantity();
                if (m == null || additions == null) {
                    out.add(new ReconciliationLine(q.customerId(), q.customerName(), q.product(), q.sku(), q.quantity(),
                            syncedQty, null, m == null ? "UNMAPPED" : "ERROR", error));
                    continue;
                }
                ProductMapping pm = catalog.get(q.product());
                Long psaQty = pm == null ? null : AgreementPlan.carrying(additions, pm.catalogItemId())
                        .map(Addition::quantity).orElse(null);
                out.add(new ReconciliationLine(q.customerId(), q.customerName(), q.product(), q.sku(), q.quantity(),
                        syncedQty, psaQty, status(q.quantity(), syncedQty, psaQty), null));
            }
        }
        int flagged = (int) out.stream().filter(l -> !"MATCH".equals(l.status())).count();
        return new Reconciliation(partnerId, period, flagged, out);
    }

    /**
     * MATCH: the PSA holds the invoiced quantity; EDITED_ON_PSA: the PSA holds another quantity than the
     * sync wrote; MISSING_ON_PSA: the synced addition is gone; NOT_SYNCED: never synced; DIFFERENT: the PSA
     * holds what was synced but the invoiced quantity has changed since (an adjustment).
     */
    static String status(long invoiced, Long synced, Long psa) {
        if (psa == null) {
            return synced == null ? "NOT_SYNCED" : "MISSING_ON_PSA";
        }
        if (synced != null && psa.longValue() != synced.longValue()) {
            return "EDITED_ON_PSA";
        }
        return psa == invoiced ? "MATCH" : synced == null ? "NOT_SYNCED" : "DIFFERENT";
    }

    private static Map<String, List<Quantity>> byCustomer(List<Quantity> quantities) {
        Map<String, List<Quantity>> out = new LinkedHashMap<>();
        for (Quantity q : quantities) {
            out.computeIfAbsent(q.customerId(), k -> new ArrayList<>()).add(q);
        }
        return out;
    }

    private static CustomerResult failed(String customerId, String name, PsaException e) {
        return new CustomerResult(customerId, name, FAILED, 0, 0, 0, psaText(e));
    }

    private static String psaText(PsaException e) {
        return (e.status() == 0 ? "PSA not reached" : "PSA answered HTTP " + e.status()) + ": " + e.getMessage();
    }
}
