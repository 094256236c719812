package dev.metering.customer.partner;

import dev.metering.contracts.PartnerTier;
import dev.metering.contracts.customer.PartnerEvent;
import dev.metering.contracts.customer.PartnerEvent.PartnerFlexApproved;
import dev.metering.contracts.customer.PartnerEvent.PartnerRegistered;
import dev.metering.contracts.customer.PartnerEvent.PartnerRenamed;
import dev.metering.customer.partner.PartnerState.Registered;
import dev.metering.customer.partner.PartnerState.Unregistered;
import dev.metering.customer.shared.DeciderRules;
import dev.metering.platform.error.DomainException;
import dev.metering.platform.error.DomainException.Kind;
import dev.metering.platform.eventstore.Decider;
import java.util.List;
import java.util.regex.Pattern;

/** Partners (R1–R3), as pure functions. */
public final class PartnerDecider implements Decider<PartnerCommand, PartnerState, PartnerEvent> {

    /** R3 (project rule): the distributor id of partners who buy directly from the vendor. */
    public static final String DIRECT = "DIRECT";
    /** R3: the United Kingdom buys directly. */
    public static final String UNITED_KINGDOM = "GB";
    private static final Pattern DISTRIBUTOR = Pattern.compile("[A-Za-z0-9_-]{1,100}");

    public static final PartnerDecider INSTANCE = new PartnerDecider();

    /** Before its registration a partner is {@link Unregistered}. */
    private static final PartnerState INITIAL = new Unregistered();

    @Override
    public PartnerState initialState() {
        return INITIAL;
    }

    @Override
    public PartnerState evolve(PartnerState state, PartnerEvent event) {
        return event instanceof PartnerRegistered e
                ? new Registered(e.partnerId(), e.name(), e.tier(), e.distributorId(), e.country())
                : evolveRegistered((Registered) state, event);
    }

    private static PartnerState evolveRegistered(Registered partner, PartnerEvent event) {
        if (event instanceof PartnerFlexApproved e) {
            return partner.withTier(e.tier());
        }
        if (event instanceof PartnerRenamed e) {
            return partner.withName(e.name());
        }
        throw new IllegalArgumentException("unhandled partner event " + event.getClass().getName());
    }

    @Override
    public List<PartnerEvent> decide(PartnerCommand command, PartnerState state) {
        if (command instanceof PartnerCommand.Register c) {
            return register(c, state);
        }
        Registered partner = DeciderRules.existing(state, Registered.class, "partner");
        return command instanceof PartnerCommand.ApproveFlex c ? approveFlex(c, partner)
                : command instanceof PartnerCommand.Rename c ? rename(c, partner)
                : unhandled(command);
    }

    private static List<PartnerEvent> rename(PartnerCommand.Rename c, Registered partner) {
        String name = DeciderRules.requireName(c.name());
        return name.equals(partner.name()) ? List.of() : List.of(new PartnerRenamed(partner.partnerId(), name, c.at()));
    }

    private static List<PartnerEvent> unhandled(PartnerCommand command) {
        throw new IllegalArgumentException("unhandled partner command " + command.getClass().getName());
    }

    private static List<PartnerEvent> register(PartnerCommand.Register c, PartnerState state) {
        DeciderRules.absent(state, Registered.class, "partner-exists", "partner " + c.partnerId()
                + " is already registered");
        String name = DeciderRules.requireName(c.name());
        String country = DeciderRules.twoLetterCode(c.country(), "invalid-country",
                "country must be an ISO 3166-1 alpha-2 code such as DE or GB: ");
        String distributor = c.distributorId() == null || c.distributorId().isBlank() ? null : c.distributorId().trim();
        if (UNITED_KINGDOM.equals(country)) {
            // R3: UK partners buy from the vendor directly, never through a distributor
            if (distributor != null && !DIRECT.equals(distributor)) {
                throw new DomainException(Kind.INVALID, "uk-buys-direct", "partners in the United Kingdom buy"
                        + " directly from the vendor (distributor DIRECT), not through " + distributor);
            }
            distributor = DIRECT;
        } else if (distributor == null) {
            throw new DomainException(Kind.INVALID, "distributor-required",
                    "every partner outside the United Kingdom buys through a distributor: distributorId is required");
        } else if (DIRECT.equals(distributor)) {
            throw new DomainException(Kind.INVALID, "direct-only-for-uk",
                    "only partners in the United Kingdom buy directly (DIRECT); " + country + " needs a distributor");
        } else if (!DISTRIBUTOR.matcher(distributor).matches()) {
            throw new DomainException(Kind.INVALID, "invalid-distributor",
                    "distributorId may hold letters, digits, '-' and '_' only (1-100)");
        }
        // R2: every partner starts as CONNECT; Flex comes only from its distributor's approval
        return List.of(new PartnerRegistered(c.partnerId(), name, PartnerTier.CONNECT, distributor, country, c.at()));
    }

    private static List<PartnerEvent> approveFlex(PartnerCommand.ApproveFlex c, Registered partner) {
        if (!partner.distributorId().equals(c.approvingDistributorId())) {
            // R2: only the partner's own distributor approves. Another distributor learns nothing about the
            // partner, not even that it exists: the same answer as for an unknown partner id.
            throw new DomainException(Kind.NOT_FOUND, "not-found", "partner not found");
        }
        if (partner.isFlex()) {
            throw new DomainException(Kind.CONFLICT, "already-flex", "partner " + partner.partnerId()
                    + " is already CONNECT_FLEX");
        }
        return List.of(new PartnerFlexApproved(partner.partnerId(), partner.distributorId(), PartnerTier.CONNECT_FLEX,
                c.at()));
    }
}
