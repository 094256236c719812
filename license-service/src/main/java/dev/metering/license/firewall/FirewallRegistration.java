package dev.metering.license.firewall;

import static dev.metering.platform.error.DomainException.Kind.CONFLICT;
import static dev.metering.platform.error.DomainException.Kind.INVALID;
import static dev.metering.platform.error.DomainException.Kind.NOT_FOUND;

import dev.metering.contracts.BillingType;
import dev.metering.contracts.license.LicenseEvent;
import dev.metering.contracts.license.LicenseEvent.FirewallDeregistered;
import dev.metering.contracts.license.LicenseEvent.FirewallRegistered;
import dev.metering.license.firewall.FirewallCommand.DeregisterFirewall;
import dev.metering.license.firewall.FirewallCommand.RegisterFirewall;
import dev.metering.license.firewall.FirewallState.Registered;
import dev.metering.license.firewall.FirewallState.Unregistered;
import dev.metering.platform.error.DomainException;
import dev.metering.platform.eventstore.Decider;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The decider of one appliance's Flex registration (R13, R15). One stream per serial number, so
 * "registered to one customer at a time" is enforced by the event store's optimistic concurrency even
 * when two customers race for the same serial. Pure.
 */
public final class FirewallRegistration implements Decider<FirewallCommand, FirewallState, LicenseEvent> {

    public static final FirewallRegistration INSTANCE = new FirewallRegistration();

    public static final String STREAM_TYPE = "firewall";
    public static final Set<Class<? extends LicenseEvent>> EVENT_TYPES = Set.of(FirewallRegistered.class,
            FirewallDeregistered.class);

    private static final Pattern SERIAL = Pattern.compile("[A-Z0-9][A-Z0-9-]{3,63}");

    /** Serial numbers are compared upper-case without surrounding blanks. */
    public static String normalise(String serialNumber) {
        return serialNumber == null ? null : serialNumber.trim().toUpperCase(Locale.ROOT);
    }

    public static String streamId(String serialNumber) {
        return "firewall-" + normalise(serialNumber);
    }

    @Override
    public FirewallState initialState() {
        return new Unregistered();
    }

    @Override
    public FirewallState evolve(FirewallState state, LicenseEvent event) {
        if (event instanceof FirewallRegistered e) {
            return new Registered(e.serialNumber(), e.customerId(), e.partnerId(), e.subscription(), e.effectiveAt());
        } else if (event instanceof FirewallDeregistered) {
            return new Unregistered();
        }
        throw new IllegalArgumentException("a firewall stream does not hold " + event.getClass().getName());
    }

    @Override
    public List<LicenseEvent> decide(FirewallCommand command, FirewallState state) {
        if (command instanceof RegisterFirewall c) {
            return register(c, state);
        } else if (command instanceof DeregisterFirewall c) {
            return deregister(c, state);
        }
        throw new IllegalArgumentException("unknown command " + command.getClass().getName());
    }

    private List<LicenseEvent> register(RegisterFirewall c, FirewallState state) {
        String serial = validSerial(c.serialNumber());
        FirewallPlatform platform = FirewallPlatform.ofFirmware(c.firmwareVersion());
        if (platform == FirewallPlatform.UTM9) {
            throw new DomainException(INVALID, "unsupported-platform", "firewall " + serial + " runs UTM 9.x ("
                    + c.firmwareVersion() + "): only SFOS appliances (the XG platform) can be metered and billed (R15)");
        }
        if (platform != FirewallPlatform.SFOS) {
            throw new DomainException(INVALID, "unsupported-platform", "firmwareVersion must name SFOS, e.g."
                    + " \"SFOS 21.0.0\"; only SFOS appliances take part in Flex billing (R15)");
        }
        FlexFirewallKey key = FlexFirewallKey.ofSku(c.sku()).orElseThrow(() -> new DomainException(INVALID,
                "not-a-flex-firewall-sku", "apply the key of a zero-cost EnterpriseGuard or FullGuard monthly SKU"
                        + " (R13): one of " + Arrays.stream(FlexFirewallKey.values()).map(FlexFirewallKey::sku)
                                .collect(Collectors.joining(", "))));
        if (c.customer().billingType() != BillingType.MONTHLY) {
            throw new DomainException(CONFLICT, "customer-not-monthly", "customer " + c.customer().customerId()
                    + " is billed " + c.customer().billingType() + ": Flex firewalls are billed monthly (R13, R24);"
                    + " convert the customer to monthly first");
        }
        if (state instanceof Registered r) {
            if (!r.customerId().equals(c.customer().customerId())) {
                if (!r.partnerId().equals(c.customer().partnerId())) {
                    // another partner's registration: nothing of it is revealed (issue 14 finding 8)
                    throw new DomainException(CONFLICT, "serial-unavailable", "firewall " + serial
                            + " cannot be registered to this customer");
                }
                throw new DomainException(CONFLICT, "serial-registered-elsewhere", "firewall " + serial
                        + " is registered to your customer " + r.customerId() + "; a serial is registered to one"
                        + " customer at a time (deregister it there first)");
            }
            if (r.subscription() == key.subscription()) {
                return List.of();
            }
        }
        return List.of(new FirewallRegistered(c.customer().customerId(), c.customer().partnerId(), serial,
                key.subscription(), c.now(), c.now()));
    }

    private List<LicenseEvent> deregister(DeregisterFirewall c, FirewallState state) {
        String serial = validSerial(c.serialNumber());
        if (!(state instanceof Registered r) || !r.customerId().equals(c.customer().customerId())) {
            // another customer's registration answers like no registration: nothing of it is revealed
            throw new DomainException(NOT_FOUND, "firewall-not-registered", "firewall " + serial
                    + " is not registered to customer " + c.customer().customerId());
        }
        return List.of(new FirewallDeregistered(c.customer().customerId(), c.customer().partnerId(), serial, c.now(),
                c.now()));
    }

    private static String validSerial(String serialNumber) {
        String serial = normalise(serialNumber);
        if (serial == null || !SERIAL.matcher(serial).matches()) {
            throw new DomainException(INVALID, "invalid-serial", "serialNumber must be 4-64 letters, digits or '-'");
        }
        return serial;
    }
}
