package dev.metering.license.licence;

import dev.metering.contracts.BillingType;
import dev.metering.contracts.ProductCode;
import dev.metering.contracts.ProductFamily;
import dev.metering.contracts.license.LicenseOwner;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * R10, for the usage page: which of a customer's licences in force at {@code at} are partner-owned and
 * which customer-owned. Monthly licences are always the partner's, so a monthly customer counts as
 * "using partner-owned licences"; term licences count by their owner.
 */
public record LicenceOverview(String customerId, BillingType billingType, int partnerOwnedTermLicences,
        int customerOwnedTermLicences, Map<ProductFamily, ProductCode> monthlySelections, boolean usingPartnerOwned,
        boolean usingCustomerOwned) {

    public static LicenceOverview of(String customerId, BillingType billingType, LicenceBook book, Instant at) {
        int partner = 0;
        int customer = 0;
        for (TermLicence l : book.licences().values()) {
            if (inForce(l, at)) {
                if (l.owner() == LicenseOwner.PARTNER) {
                    partner++;
                } else {
                    customer++;
                }
            }
        }
        Map<ProductFamily, ProductCode> selections = billingType == BillingType.MONTHLY ? book.selectionsAt(at)
                : Map.of();
        return new LicenceOverview(customerId, billingType, partner, customer, selections,
                billingType == BillingType.MONTHLY || partner > 0, customer > 0);
    }

    /** From counts already made (the partner-wide list reads them from the {@code licences} read model). */
    public static LicenceOverview counted(String customerId, BillingType billingType, int partnerOwned,
            int customerOwned) {
        return new LicenceOverview(customerId, billingType, partnerOwned, customerOwned, Map.of(),
                billingType == BillingType.MONTHLY || partnerOwned > 0, customerOwned > 0);
    }

    /** A licence counts from its issue until it ended (or ran past its end date). */
    static boolean inForce(TermLicence l, Instant at) {
        return (l.endedAt() == null || l.endedAt().isAfter(at)) && l.expiresAt().isAfter(at);
    }

    /** The usage page's header counts over many customers. */
    public record Totals(int customers, int usingPartnerOwned, int usingCustomerOwned) {

        public static Totals of(Collection<LicenceOverview> overviews) {
            return new Totals(overviews.size(), (int) overviews.stream().filter(LicenceOverview::usingPartnerOwned)
                    .count(), (int) overviews.stream().filter(LicenceOverview::usingCustomerOwned).count());
        }
    }
}
