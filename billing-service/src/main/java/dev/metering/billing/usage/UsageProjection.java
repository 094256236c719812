package dev.metering.billing.usage;

import dev.metering.contracts.ProductCode;
import dev.metering.contracts.telemetry.DeviceHeartbeat;
import dev.metering.contracts.telemetry.DeviceRemoved;
import dev.metering.contracts.telemetry.FirewallHeartbeat;
import dev.metering.contracts.telemetry.FirewallSubscription;
import dev.metering.contracts.telemetry.TelemetryEvent;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every customer's {@link CustomerUnits}: the fold of {@code telemetry.heartbeats} (R16–R21). Pure;
 * the messaging layer feeds it and persists the customers it touched.
 */
public final class UsageProjection {

    private static final ProductCode[] PRODUCTS = ProductCode.values();

    private final ActivityWindow window;
    private final ConcurrentHashMap<String, CustomerUnits> customers = new ConcurrentHashMap<>();
    /**
     * Grows AFTER every change of which {@link CustomerUnits} object a customer id maps to (one added, replaced,
     * forgotten): a reader that read it before looking customers up holds the same objects while it is unchanged.
     */
    private final AtomicLong structure = new AtomicLong();

    public UsageProjection(ActivityWindow window) {
        this.window = window;
    }

    public ActivityWindow window() {
        return window;
    }

    /**
     * Folds one telemetry event; returns the customer id it touched.
     *
     * @throws IllegalArgumentException when a required field is missing (the caller dead-letters it)
     */
    public String apply(TelemetryEvent event) {
        String customerId = require(event.customerId(), "customerId");
        require(event.occurredAt(), "occurredAt");
        long at = event.occurredAt().toEpochMilli();
        if (event instanceof DeviceHeartbeat h) {
            require(h.deviceId(), "deviceId");
            if (h.products() == null || h.products().isEmpty()) {
                throw new IllegalArgumentException("heartbeat " + h.eventId() + " names no product");
            }
            CustomerUnits units = customer(customerId);
            for (ProductCode p : h.products()) {
                units.heartbeat(h.deviceId(), require(p, "products[]"), blankToNull(h.userId()), at);
            }
        } else if (event instanceof FirewallHeartbeat f) {
            require(f.serialNumber(), "serialNumber");
            if (f.subscriptions() == null || f.subscriptions().isEmpty()) {
                throw new IllegalArgumentException("firewall heartbeat " + f.eventId() + " names no subscription");
            }
            CustomerUnits units = customer(customerId);
            for (FirewallSubscription s : f.subscriptions()) {
                units.heartbeat(f.serialNumber(), require(s, "subscriptions[]").product(), null, at);
            }
        } else if (event instanceof DeviceRemoved r) {
            customer(customerId).removed(require(r.deviceId(), "deviceId"), at);
        } else {
            throw new IllegalArgumentException("unhandled telemetry event " + event.getClass().getSimpleName());
        }
        return customerId;
    }

    /**
     * The fold of a device heartbeat the caller has already decoded and validated: what
     * {@link #apply} does for a {@link DeviceHeartbeat} with these fields. {@code products} holds bit
     * {@code 1 << ordinal} per {@link ProductCode} (folded in ordinal order, like an {@code EnumSet}).
     *
     * @throws IllegalArgumentException when an id is blank or no product is named
     */
    public CustomerUnits heartbeat(String customerId, String deviceId, int products, String userId, long occurredAt) {
        require(customerId, "customerId");
        require(deviceId, "deviceId");
        if (products == 0) {
            throw new IllegalArgumentException("heartbeat names no product");
        }
        CustomerUnits units = customer(customerId);
        String user = blankToNull(userId);
        for (int bits = products; bits != 0; bits &= bits - 1) {
            units.heartbeat(deviceId, PRODUCTS[Integer.numberOfTrailingZeros(bits)], user, occurredAt);
        }
        return units;
    }

    public CustomerUnits customer(String customerId) {
        CustomerUnits units = customers.get(customerId);
        if (units != null) {
            return units;
        }
        units = customers.computeIfAbsent(customerId, id -> new CustomerUnits(id, window));
        structure.incrementAndGet(); // after the new object is visible (a spare increment when another thread won)
        return units;
    }

    /** See {@link #structure}: unchanged means every customer id still maps to the same object (or to none). */
    public long structure() {
        return structure.get();
    }

    /** The customer's projection, or null when it never sent telemetry. */
    public CustomerUnits find(String customerId) {
        return customers.get(customerId);
    }

    public void put(CustomerUnits units) {
        customers.put(units.customerId(), units);
        structure.incrementAndGet();
    }

    /** Forgets the customers {@code drop} selects (partitions this instance no longer owns). */
    public void removeIf(java.util.function.Predicate<String> drop) {
        customers.keySet().removeIf(drop);
        structure.incrementAndGet();
    }

    /** Forgets everything (a restart re-loads from the store). */
    public void clear() {
        customers.clear();
        structure.incrementAndGet();
    }

    public Collection<CustomerUnits> all() {
        return customers.values();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static <T> T require(T value, String field) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            throw new IllegalArgumentException("missing " + field);
        }
        return value;
    }
}
