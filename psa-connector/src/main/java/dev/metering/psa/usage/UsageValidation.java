package dev.metering.psa.usage;

import dev.metering.contracts.ProductFamily;
import dev.metering.contracts.billing.BillingEvent.ProductUsage;
import dev.metering.contracts.billing.BillingEvent.UsageSnapshot;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a usage snapshot before it is stored: ids present and the record keyed by its customer, an instant,
 * every product named once with a quantity of 0 or more, serial numbers only on firewall products and no more
 * of them than the quantity. Returns the reason, or {@code null} when the snapshot is usable.
 */
public final class UsageValidation {

    private UsageValidation() {
    }

    public static String problem(String key, UsageSnapshot s) {
        if (blank(s.snapshotId()) || blank(s.partnerId()) || blank(s.customerId()) || s.at() == null) {
            return "snapshotId, partnerId, customerId and at are required";
        }
        if (key != null && !key.equals(s.customerId())) {
            return "snapshot of customer " + s.customerId() + " keyed " + key;
        }
        if (s.products() == null) {
            return "products are required";
        }
        Set<dev.metering.contracts.ProductCode> seen = EnumSet.noneOf(dev.metering.contracts.ProductCode.class);
        for (int i = 0; i < s.products().size(); i++) {
            ProductUsage u = s.products().get(i);
            if (u == null || u.product() == null || u.quantity() < 0) {
                return "product " + i + " needs a product and a quantity of 0 or more";
            }
            if (!seen.add(u.product())) {
                return "product " + u.product() + " is named twice";
            }
            List<String> serials = u.serialNumbers();
            if (serials == null || serials.stream().anyMatch(UsageValidation::blank)) {
                return "product " + u.product() + " needs a list of non-blank serial numbers";
            }
            if (!serials.isEmpty() && (u.product().family() != ProductFamily.FIREWALL
                    || serials.size() > u.quantity())) {
                return "product " + u.product() + " carries serial numbers it cannot have counted";
            }
        }
        return null;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
