package dev.metering.portal.customers;

import dev.metering.contracts.ProductCode;
import dev.metering.contracts.ProductFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The monthly licence selection of License Details (R10, R17a): one choice per product family, offering that
 * family's products (or none), with the product in force now. Firewalls have no selection: they are billed by
 * registering their serial numbers with a Flex SKU key (R13), and license-service refuses a FIREWALL selection.
 * Pure logic.
 */
public final class MonthlyChoices {

    /** One family's form: {@code selected} is the product in force now, null when none. */
    public record Family(String family, List<String> products, String selected) {
    }

    private MonthlyChoices() {
    }

    /** {@code inForce}: license-service's {@code monthlySelections} (family name to product code). */
    public static List<Family> of(Map<String, String> inForce) {
        List<Family> out = new ArrayList<>();
        for (ProductFamily family : ProductFamily.values()) {
            if (family == ProductFamily.FIREWALL) {
                continue;
            }
            List<String> products = new ArrayList<>();
            for (ProductCode p : ProductCode.values()) {
                if (p.family() == family) {
                    products.add(p.name());
                }
            }
            out.add(new Family(family.name(), List.copyOf(products),
                    inForce == null ? null : inForce.get(family.name())));
        }
        return List.copyOf(out);
    }
}
