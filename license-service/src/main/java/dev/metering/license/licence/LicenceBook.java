package dev.metering.license.licence;

import dev.metering.contracts.ProductCode;
import dev.metering.contracts.ProductFamily;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The state of one customer's licences (the fold of its {@code licences-<customerId>} stream): its term
 * licences and trials, the history of its monthly licence selections (R17a), a scheduled conversion to
 * monthly (R9, R14) and the conversions already made. Immutable.
 */
public record LicenceBook(String customerId, String partnerId, Map<String, TermLicence> licences,
        List<MonthlySelection> selections, ScheduledConversion scheduledConversion, List<Conversion> conversions) {

    public static final LicenceBook EMPTY = new LicenceBook(null, null, Map.of(), List.of(), null, List.of());

    /** R9, R14: a conversion to monthly waiting for its effective instant. */
    public record ScheduledConversion(List<ProductCode> selections, Instant effectiveAt) {
    }

    public LicenceBook {
        licences = Collections.unmodifiableMap(new LinkedHashMap<>(licences));
        selections = List.copyOf(selections);
        conversions = List.copyOf(conversions);
    }

    public Optional<TermLicence> licence(String licenseId) {
        return Optional.ofNullable(licences.get(licenseId));
    }

    public List<TermLicence> activeLicences() {
        return licences.values().stream().filter(TermLicence::active).toList();
    }

    /**
     * R17a: the product selected for {@code family} that is in force at {@code at}: the selection with the
     * latest effective instant not after {@code at} (a later-recorded one wins a tie). Empty when none, or
     * when the one in force cleared the selection. This is what billing applies at a period close.
     */
    public Optional<ProductCode> selectionAt(ProductFamily family, Instant at) {
        MonthlySelection inForce = null;
        for (MonthlySelection s : selections) {
            if (s.family() == family && !s.effectiveAt().isAfter(at)
                    && (inForce == null || !s.effectiveAt().isBefore(inForce.effectiveAt()))) {
                inForce = s;
            }
        }
        return inForce == null ? Optional.empty() : Optional.ofNullable(inForce.product());
    }

    /** Every family's selection in force at {@code at}. */
    public Map<ProductFamily, ProductCode> selectionsAt(Instant at) {
        Map<ProductFamily, ProductCode> out = new EnumMap<>(ProductFamily.class);
        for (ProductFamily f : ProductFamily.values()) {
            selectionAt(f, at).ifPresent(p -> out.put(f, p));
        }
        return out;
    }

    /** The latest selection recorded for the family at any effective time (also future ones). */
    Optional<MonthlySelection> latestSelection(ProductFamily family) {
        MonthlySelection latest = null;
        for (MonthlySelection s : selections) {
            if (s.family() == family && (latest == null || !s.effectiveAt().isBefore(latest.effectiveAt()))) {
                latest = s;
            }
        }
        return Optional.ofNullable(latest);
    }

    LicenceBook identified(String customer, String partner) {
        return new LicenceBook(customer, partner, licences, selections, scheduledConversion, conversions);
    }

    LicenceBook withLicence(TermLicence licence) {
        Map<String, TermLicence> next = new LinkedHashMap<>(licences);
        next.put(licence.licenseId(), licence);
        return new LicenceBook(customerId, partnerId, next, selections, scheduledConversion, conversions);
    }

    LicenceBook withSelection(MonthlySelection selection) {
        List<MonthlySelection> next = new java.util.ArrayList<>(selections);
        next.add(selection);
        return new LicenceBook(customerId, partnerId, licences, next, scheduledConversion, conversions);
    }

    LicenceBook withScheduledConversion(ScheduledConversion scheduled) {
        return new LicenceBook(customerId, partnerId, licences, selections, scheduled, conversions);
    }

    LicenceBook withConversion(Conversion conversion) {
        List<Conversion> next = new java.util.ArrayList<>(conversions);
        next.add(conversion);
        return new LicenceBook(customerId, partnerId, licences, selections, null, next);
    }
}
