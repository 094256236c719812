package dev.metering.billing.usage;

import dev.metering.billing.account.BillingState;
import dev.metering.contracts.BillingType;
import dev.metering.contracts.ProductCode;
import dev.metering.contracts.ProductFamily;
import dev.metering.contracts.billing.BillingEvent.ProductUsage;
import dev.metering.contracts.billing.BillingEvent.UsageSnapshot;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A customer's real-time usage as a {@link UsageSnapshot}: per product the units active at the instant (R16–R20),
 * resolved exactly like that customer's row of the usage page ({@link UsageReport#rows}), and for firewall
 * products the serial numbers counted (the evidence R26 keeps for invoice lines). Pure.
 */
public final class UsageSnapshots {

    private UsageSnapshots() {
    }

    /** Derived from (customer, instant): re-publishing one snapshot keeps its id. */
    public static String snapshotId(String customerId, Instant at) {
        return "USG-" + UUID.nameUUIDFromBytes((customerId + "|" + at.toEpochMilli()).getBytes(StandardCharsets.UTF_8));
    }

    /** A firewall's unit id is {@code serial:<serial number>} (R26 evidence); the snapshot carries the number. */
    static String serial(String unitId) {
        return unitId.startsWith(SERIAL) ? unitId.substring(SERIAL.length()) : unitId;
    }

    private static final String SERIAL = "serial:";

    /** The snapshot of {@code customerId} at {@code at}, or null when no partner manages it then. */
    public static UsageSnapshot of(String customerId, Instant at, BillingState state, UsageProjection usage) {
        String partnerId = state.partnerAt(customerId, at);
        if (partnerId == null) {
            return null;
        }
        CustomerUnits units = usage.find(customerId);
        Map<ProductCode, List<String>> ids = units == null ? Map.of()
                : units.unitsAt(at.toEpochMilli(), state.resolverAt(customerId, at, false));
        List<ProductUsage> products = new ArrayList<>();
        ids.forEach((product, list) -> {
            if (!list.isEmpty()) {
                List<String> serials = product.family() == ProductFamily.FIREWALL
                        ? list.stream().map(UsageSnapshots::serial).sorted().toList() : List.of();
                products.add(new ProductUsage(product, list.size(), serials));
            }
        });
        BillingType type = state.billingTypeAt(customerId, at);
        String distributor = state.distributorOf(partnerId);
        return new UsageSnapshot(snapshotId(customerId, at), partnerId, distributor == null ? "" : distributor,
                customerId, state.customerName(customerId), type == null ? "" : type.name(), at, List.copyOf(products),
                at);
    }
}
