package dev.metering.billing.account;

import dev.metering.billing.usage.ProductResolver;
import dev.metering.contracts.BillingType;
import dev.metering.contracts.MeteringEvent;
import dev.metering.contracts.ProductCode;
import dev.metering.contracts.ProductFamily;
import dev.metering.contracts.customer.CustomerEvent;
import dev.metering.contracts.customer.PartnerEvent;
import dev.metering.contracts.license.LicenseEvent;
import dev.metering.contracts.license.LicenseOwner;
import dev.metering.contracts.telemetry.FirewallSubscription;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What billing needs to know about partners and customers, folded from {@code customers.events} and
 * {@code licenses.events}; every fact keeps its effective time so the state can be asked "at S":
 * billing type (R4, R23), managing partner (R8, R27), selected monthly licence per family (R17a),
 * firewall registrations (R13), term licence ownership (R10), the partner's distributor (R3). Folding is
 * order- and duplicate-independent. Pure, no framework imports; synchronised for the consumer thread
 * writing while REST threads read.
 */
public final class BillingState {

    /** R3: partners in the United Kingdom buy directly from the vendor. */
    public static final String DIRECT = "DIRECT";
    private static final Set<String> UK = Set.of("GB", "UK");

    private final Map<String, Partner> partners = new ConcurrentHashMap<>();
    private final Map<String, Customer> customers = new ConcurrentHashMap<>();
    /** Every partner that ever managed a customer: candidates for "customers of P at S" without a full scan. */
    private final Map<String, Set<String>> everManagedBy = new ConcurrentHashMap<>();
    /** Grows with every folded event (and clear); customers take the value of the last event that touched them. */
    private volatile long version;
    /** The customer the event being applied touched (under the lock). */
    private Customer touched;

    /**
     * Folds one event of {@code customers.events} or {@code licenses.events}; other events are ignored.
     *
     * @return true when the event was one billing folds
     * @throws IllegalArgumentException for an event missing what billing needs (dead-lettered)
     */
    public synchronized boolean apply(MeteringEvent event) {
        try {
            if (event instanceof PartnerEvent p) {
                applyPartner(p);
                return true;
            }
            if (event instanceof CustomerEvent c) {
                applyCustomer(c);
                return true;
            }
            if (event instanceof LicenseEvent l) {
                applyLicense(l);
                return true;
            }
            return false;
        } finally {
            changed(); // also after a rejected event: it may have changed part of the state before failing
        }
    }

    private void changed() {
        long v = version + 1;
        if (touched != null) {
            touched.version = v;
            touched = null;
        }
        version = v;
    }

    // ---- change tracking, for readers that cache answers (the real-time usage page) ----

    /** Grows with every folded event and with {@link #clear()}; a lock-free read. */
    public long version() {
        return version;
    }

    /**
     * Changes whenever an event touching this customer is folded (never repeats, also across {@link #clear()});
     * -1 for an unknown customer. A lock-free read: an answer computed after reading it holds while it is unchanged
     * and until {@link #customerChangeAfter} passes.
     */
    public long customerVersion(String customerId) {
        Customer c = customers.get(customerId);
        return c == null ? -1 : c.version;
    }

    /**
     * The first instant after {@code s} (epoch ms) at which a fact of this customer takes effect (billing type,
     * managing partner, selected licences, firewall registrations, end of a term licence), or
     * {@link Long#MAX_VALUE}: everything this state answers about the customer "at S" is the same for every S in
     * [s, that instant) while {@link #customerVersion} is unchanged.
     */
    public synchronized long customerChangeAfter(String customerId, long s) {
        Customer c = customers.get(customerId);
        if (c == null) {
            return Long.MAX_VALUE;
        }
        long next = Math.min(c.billingType.next(s), c.partner.next(s));
        if (c.selections != null) {
            for (Timeline t : c.selections.values()) {
                next = Math.min(next, t.next(s));
            }
        }
        if (c.firewalls != null) {
            for (Timeline t : c.firewalls.values()) {
                next = Math.min(next, t.next(s));
            }
        }
        if (c.licences != null) {
            for (TermLicence l : c.licences.values()) {
                if (l.endedAt > s) {
                    next = Math.min(next, l.endedAt);
                }
            }
        }
        return next;
    }

    /**
     * The first instant after {@code s} (epoch ms) at which a customer joins or leaves {@code partnerId}
     * ({@link #customersOf}), or {@link Long#MAX_VALUE}; valid while {@link #version()} is unchanged.
     */
    public synchronized long partnerChangeAfter(String partnerId, long s) {
        long next = Long.MAX_VALUE;
        for (String id : everManagedBy.getOrDefault(partnerId, Set.of())) {
            next = Math.min(next, customers.get(id).partner.next(s));
        }
        return next;
    }

    private void applyPartner(PartnerEvent event) {
        Partner p = partner(require(event.partnerId(), "partnerId"));
        long at = time(event.occurredAt());
        if (event instanceof PartnerEvent.PartnerRegistered r) {
            p.name.offer(at, r.name());
            p.distributor.offer(at, r.distributorId());
            p.country.offer(at, r.country());
            p.tier.offer(at, r.tier() == null ? null : r.tier().name());
        } else if (event instanceof PartnerEvent.PartnerFlexApproved f) {
            p.distributor.offer(at, f.distributorId());
            p.tier.offer(at, f.tier() == null ? null : f.tier().name());
        } else if (event instanceof PartnerEvent.PartnerRenamed r) {
            p.name.offer(at, r.name());
        }
    }

    private void applyCustomer(CustomerEvent event) {
        Customer c = customer(require(event.customerId(), "customerId"));
        long at = time(event.occurredAt());
        if (event instanceof CustomerEvent.CustomerCreated created) {
            c.partner.put(at, require(created.partnerId(), "partnerId"));
            index(created.partnerId(), c.id);
            c.billingType.put(at, require(created.billingType(), "billingType").name());
            c.name.offer(at, created.name());
            c.partnerAssistance.offer(at, Boolean.toString(created.partnerAssistance())); // Launch Central Admin
        } else if (event instanceof CustomerEvent.CustomerRenamed r) {
            c.name.offer(at, r.name()); // R7: the new name shows everywhere, also on past periods' new documents
        } else if (event instanceof CustomerEvent.BillingTypeChanged b) {
            c.billingType.put(time(effective(b.effectiveAt(), b.occurredAt())), require(b.to(), "to").name());
        } else if (event instanceof CustomerEvent.CustomerMigrated m) {
            c.partner.put(time(effective(m.effectiveAt(), m.occurredAt())), require(m.partnerId(), "partnerId"));
            index(m.partnerId(), c.id);
        } else if (event instanceof CustomerEvent.PartnerAssistanceChanged a) {
            c.partnerAssistance.offer(at, Boolean.toString(a.enabled()));
        }
        // Contact, ingest keys and migration consents do not change what is billed.
    }

    private void applyLicense(LicenseEvent event) {
        Customer c = customer(require(event.customerId(), "customerId"));
        if (event instanceof LicenseEvent.MonthlyLicenseSelected s) {
            ProductFamily family = require(s.family(), "family");
            if (s.product() != null && s.product().family() != family) {
                throw new IllegalArgumentException(
                        "selected product " + s.product() + " is not of family " + family);
            }
            c.selection(family).put(
                    time(effective(s.effectiveAt(), s.occurredAt())),
                    s.product() == null ? Timeline.CLEARED : s.product().name());
        } else if (event instanceof LicenseEvent.FirewallRegistered r) {
            c.firewall(require(r.serialNumber(), "serialNumber")).put(
                    time(effective(r.effectiveAt(), r.occurredAt())), require(r.subscription(), "subscription").name());
        } else if (event instanceof LicenseEvent.FirewallDeregistered d) {
            c.firewall(require(d.serialNumber(), "serialNumber")).put(
                    time(effective(d.effectiveAt(), d.occurredAt())), Timeline.CLEARED);
        } else if (event instanceof LicenseEvent.LicensingConverted v) {
            // R9/R14: a term customer converted at its renewal instant by license-service. Billing type is a fact
            // with an effective time from either service; the one in force at S decides (R23).
            c.billingType.put(time(effective(v.effectiveAt(), v.occurredAt())), require(v.to(), "to").name());
        } else if (event instanceof LicenseEvent.TermLicenseIssued t) {
            TermLicence l = c.licence(require(t.licenseId(), "licenseId"));
            l.owner.offer(time(t.occurredAt()), t.owner() == null ? LicenseOwner.PARTNER.name() : t.owner().name());
        } else if (event instanceof LicenseEvent.TermLicenseEnded e) {
            TermLicence l = c.licence(require(e.licenseId(), "licenseId"));
            l.endedAt = Math.min(l.endedAt, time(effective(e.effectiveAt(), e.occurredAt())));
        }
        // Trials converted to paid and renewals keep a licence in force; nothing billing-relevant changes.
    }

    // ---- queries ----

    public synchronized BillingType billingTypeAt(String customerId, Instant s) {
        Customer c = customers.get(customerId);
        String v = c == null ? null : c.billingType.at(s.toEpochMilli());
        return v == null ? null : BillingType.valueOf(v);
    }

    /** R27: the partner managing the customer at S. */
    public synchronized String partnerAt(String customerId, Instant s) {
        Customer c = customers.get(customerId);
        return c == null ? null : c.partner.at(s.toEpochMilli());
    }

    public synchronized String customerName(String customerId) {
        Customer c = customers.get(customerId);
        return c == null || c.name.value() == null ? customerId : c.name.value();
    }

    public synchronized boolean partnerAssistance(String customerId) {
        Customer c = customers.get(customerId);
        return c != null && Boolean.parseBoolean(c.partnerAssistance.value());
    }

    public synchronized String partnerName(String partnerId) {
        Partner p = partners.get(partnerId);
        return p == null || p.name.value() == null ? partnerId : p.name.value();
    }

    public synchronized boolean knowsPartner(String partnerId) {
        Partner p = partners.get(partnerId);
        return p != null && p.distributor.value() != null;
    }

    /** R3: the distributor invoicing this partner; {@code DIRECT} for UK partners; null when unknown. */
    public synchronized String distributorOf(String partnerId) {
        Partner p = partners.get(partnerId);
        if (p == null) {
            return null;
        }
        String country = p.country.value();
        if (country != null && UK.contains(country.toUpperCase(java.util.Locale.ROOT))) {
            return DIRECT;
        }
        return p.distributor.value();
    }

    /** Partners whose distributor is {@code distributorId} (for a distributor's view of invoices). */
    public synchronized List<String> partnersOf(String distributorId) {
        List<String> out = new ArrayList<>();
        for (String id : partners.keySet()) {
            if (distributorId.equals(distributorOf(id))) {
                out.add(id);
            }
        }
        out.sort(null);
        return out;
    }

    /** Customer ids managed by {@code partnerId} at S, sorted. */
    public synchronized List<String> customersOf(String partnerId, Instant s) {
        long at = s.toEpochMilli();
        List<String> out = new ArrayList<>();
        for (String id : everManagedBy.getOrDefault(partnerId, Set.of())) {
            if (partnerId.equals(customers.get(id).partner.at(at))) {
                out.add(id);
            }
        }
        out.sort(null);
        return out;
    }

    /** Every partner that manages a customer at S, mapped to its customer ids (sorted). */
    public synchronized Map<String, List<String>> customersByPartner(Instant s) {
        long at = s.toEpochMilli();
        Map<String, List<String>> out = new TreeMap<>();
        for (Customer c : customers.values()) {
            String p = c.partner.at(at);
            if (p != null) {
                out.computeIfAbsent(p, k -> new ArrayList<>()).add(c.id);
            }
        }
        out.values().forEach(l -> l.sort(null));
        return out;
    }

    /** R17a: the selected monthly licence of a family at S, or null. */
    public synchronized ProductCode selectionAt(String customerId, ProductFamily family, Instant s) {
        Customer c = customers.get(customerId);
        Timeline t = c == null || c.selections == null ? null : c.selections.get(family);
        String v = t == null ? null : t.at(s.toEpochMilli());
        return v == null ? null : ProductCode.valueOf(v);
    }

    /** R13: the subscription a firewall is registered for at S, or null. */
    public synchronized FirewallSubscription firewallAt(String customerId, String serial, Instant s) {
        Customer c = customers.get(customerId);
        Timeline t = c == null || c.firewalls == null ? null : c.firewalls.get(serial);
        String v = t == null ? null : t.at(s.toEpochMilli());
        return v == null ? null : FirewallSubscription.valueOf(v);
    }

    /**
     * The product each active unit counts under at S. R17a: the selected monthly licence of the family
     * (none: the reported product). R13: a firewall registered for Flex billing counts under its
     * registered subscription; when {@code invoicing}, an unregistered firewall is not billed.
     */
    public ProductResolver resolverAt(String customerId, Instant s, boolean invoicing) {
        EnumMap<ProductFamily, ProductCode> selected = new EnumMap<>(ProductFamily.class);
        for (ProductFamily f : ProductFamily.values()) {
            ProductCode p = selectionAt(customerId, f, s);
            if (p != null) {
                selected.put(f, p);
            }
        }
        Map<String, ProductCode> firewallCache = new HashMap<>();
        return new ProductResolver() {
            @Override
            public ProductCode resolve(ProductCode reported, String deviceId) {
                if (reported.family() == ProductFamily.FIREWALL) {
                    ProductCode registered = firewallCache.computeIfAbsent(deviceId, serial -> {
                        FirewallSubscription sub = firewallAt(customerId, serial, s);
                        return sub == null ? null : sub.product();
                    });
                    return registered != null ? registered : invoicing ? null : reported;
                }
                ProductCode sel = selected.get(reported.family());
                return sel != null ? sel : reported;
            }

            @Override
            public boolean perDevice(ProductCode reported) {
                return reported.family() == ProductFamily.FIREWALL; // R13: per serial; R17a: per family
            }
        };
    }

    /** R10: whether the customer uses a partner-owned licence at S (monthly ones always are). */
    public synchronized boolean usesPartnerOwned(String customerId, Instant s) {
        return billingTypeAt(customerId, s) == BillingType.MONTHLY || hasLicenceOwnedBy(customerId, LicenseOwner.PARTNER, s);
    }

    public synchronized boolean usesCustomerOwned(String customerId, Instant s) {
        return hasLicenceOwnedBy(customerId, LicenseOwner.CUSTOMER, s);
    }

    private boolean hasLicenceOwnedBy(String customerId, LicenseOwner owner, Instant s) {
        Customer c = customers.get(customerId);
        if (c == null) {
            return false;
        }
        long at = s.toEpochMilli();
        if (c.licences == null) {
            return false;
        }
        for (TermLicence l : c.licences.values()) {
            if (owner.name().equals(l.owner.value()) && l.endedAt > at) {
                return true;
            }
        }
        return false;
    }

    /**
     * Forgets the customers {@code drop} selects (partitions this instance no longer owns); partners stay, every
     * instance knows every partner.
     */
    public synchronized void removeCustomersIf(java.util.function.Predicate<String> drop) {
        customers.keySet().removeIf(drop);
        everManagedBy.values().forEach(ids -> ids.removeIf(drop));
        touched = null;
        changed();
    }

    /** Forgets everything (a restart re-folds from the store). */
    public synchronized void clear() {
        partners.clear();
        customers.clear();
        everManagedBy.clear();
        touched = null;
        changed();
    }

    /** A readable dump for order-independence checks in tests. */
    public synchronized String describe() {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(partners).forEach((id, p) -> sb.append("P ").append(id).append(' ').append(p.name)
                .append(' ').append(p.distributor).append(' ').append(p.country).append(' ').append(p.tier)
                .append('\n'));
        new TreeMap<>(customers).forEach((id, c) -> {
            sb.append("C ").append(id).append(' ').append(c.name).append(" type=").append(c.billingType)
                    .append(" partner=").append(c.partner).append(" pa=").append(c.partnerAssistance)
                    .append(" sel=").append(c.selections == null ? Map.of() : c.selections)
                    .append(" fw=").append(c.firewalls == null ? Map.of() : new TreeMap<>(c.firewalls))
                    .append(" lic=");
            Map<String, TermLicence> licences = c.licences == null ? Map.of() : c.licences;
            new TreeMap<>(licences).forEach((l, t) -> sb.append(l).append(':').append(t.owner).append('/')
                    .append(t.endedAt).append(' '));
            sb.append('\n');
        });
        return sb.toString();
    }

    private void index(String partnerId, String customerId) {
        everManagedBy.computeIfAbsent(partnerId, k -> ConcurrentHashMap.newKeySet()).add(customerId);
    }

    private Partner partner(String id) {
        return partners.computeIfAbsent(id, k -> new Partner());
    }

    private Customer customer(String id) {
        Customer c = customers.computeIfAbsent(id, Customer::new);
        touched = c;
        return c;
    }

    private static Instant effective(Instant effectiveAt, Instant occurredAt) {
        return effectiveAt != null ? effectiveAt : occurredAt;
    }

    private static long time(Instant t) {
        return require(t, "occurredAt").toEpochMilli();
    }

    private static <T> T require(T value, String field) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            throw new IllegalArgumentException("missing " + field);
        }
        return value;
    }

    private static final class Partner {
        final Latest name = new Latest();
        final Latest distributor = new Latest();
        final Latest country = new Latest();
        final Latest tier = new Latest();
    }

    private static final class Customer {
        final String id;
        final Latest name = new Latest();
        final Latest partnerAssistance = new Latest();
        final Timeline billingType = new Timeline();
        final Timeline partner = new Timeline();
        // made on first use: most customers select no licence, register no firewall, hold no term licence
        EnumMap<ProductFamily, Timeline> selections;
        Map<String, Timeline> firewalls;
        Map<String, TermLicence> licences;
        volatile long version;

        Customer(String id) {
            this.id = id;
        }

        Timeline selection(ProductFamily family) {
            if (selections == null) {
                selections = new EnumMap<>(ProductFamily.class);
            }
            return selections.computeIfAbsent(family, f -> new Timeline());
        }

        Timeline firewall(String serial) {
            if (firewalls == null) {
                firewalls = new HashMap<>();
            }
            return firewalls.computeIfAbsent(serial, k -> new Timeline());
        }

        TermLicence licence(String licenseId) {
            if (licences == null) {
                licences = new HashMap<>();
            }
            return licences.computeIfAbsent(licenseId, k -> new TermLicence());
        }
    }

    private static final class TermLicence {
        final Latest owner = new Latest();
        long endedAt = Long.MAX_VALUE;
    }
}
