package dev.metering.license.licence;

import static dev.metering.platform.error.DomainException.Kind.CONFLICT;
import static dev.metering.platform.error.DomainException.Kind.INVALID;
import static dev.metering.platform.error.DomainException.Kind.NOT_FOUND;

import dev.metering.contracts.BillingType;
import dev.metering.contracts.ProductCode;
import dev.metering.contracts.ProductFamily;
import dev.metering.contracts.license.LicenseEvent;
import dev.metering.contracts.license.LicenseEvent.LicensingConverted;
import dev.metering.contracts.license.LicenseEvent.MonthlyConversionCancelled;
import dev.metering.contracts.license.LicenseEvent.MonthlyConversionScheduled;
import dev.metering.contracts.license.LicenseEvent.MonthlyLicenseSelected;
import dev.metering.contracts.license.LicenseEvent.TermLicenseEnded;
import dev.metering.contracts.license.LicenseEvent.TermLicenseIssued;
import dev.metering.contracts.license.LicenseEvent.TermLicenseRenewed;
import dev.metering.contracts.license.LicenseEvent.TrialConvertedToPaid;
import dev.metering.contracts.license.LicenseOwner;
import dev.metering.license.licence.LicenceBook.ScheduledConversion;
import dev.metering.license.licence.LicenceCommand.CancelMonthlyConversion;
import dev.metering.license.licence.LicenceCommand.ConvertToMonthly;
import dev.metering.license.licence.LicenceCommand.ConvertToTerm;
import dev.metering.license.licence.LicenceCommand.ConvertTrialToPaid;
import dev.metering.license.licence.LicenceCommand.FollowConversionToMonthly;
import dev.metering.license.licence.LicenceCommand.IssueTermLicence;
import dev.metering.license.licence.LicenceCommand.ProcessDue;
import dev.metering.license.licence.LicenceCommand.RenewTermLicence;
import dev.metering.license.licence.LicenceCommand.SelectMonthlyLicence;
import dev.metering.license.licence.LicenceCommand.TransferTermLicence;
import dev.metering.platform.error.DomainException;
import dev.metering.platform.error.EffectiveTimes;
import dev.metering.platform.eventstore.Decider;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The decider of one customer's licences (stream {@code licences-<customerId>}): term licences and
 * trials (R10–R12), monthly licence selections (R17a) and conversions (R4, R9, R14). One stream per
 * customer, so a conversion that ends several licences is one atomic append. Pure: no I/O, no clock.
 */
public final class CustomerLicences implements Decider<LicenceCommand, LicenceBook, LicenseEvent> {

    public static final CustomerLicences INSTANCE = new CustomerLicences();

    public static final String STREAM_TYPE = "customer-licences";
    /** R12 (project rule): a trial covers 30 days from its start date. */
    public static final int TRIAL_DAYS = 30;

    private static final Pattern LICENSE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}");

    /** The event types this aggregate's stream holds; {@link #evolve} handles exactly these. */
    public static final Set<Class<? extends LicenseEvent>> EVENT_TYPES = Set.of(TermLicenseIssued.class,
            TrialConvertedToPaid.class, TermLicenseRenewed.class, TermLicenseEnded.class,
            MonthlyLicenseSelected.class, MonthlyConversionScheduled.class, MonthlyConversionCancelled.class,
            LicensingConverted.class);

    public static String streamId(String customerId) {
        return "licences-" + customerId;
    }

    @Override
    public LicenceBook initialState() {
        return LicenceBook.EMPTY;
    }

    @Override
    public LicenceBook evolve(LicenceBook state, LicenseEvent event) {
        LicenceBook s = state.identified(event.customerId(), event.partnerId());
        if (event instanceof TermLicenseIssued e) {
            return s.withLicence(new TermLicence(e.licenseId(), e.sku(), e.product(), e.quantity(), e.startDate(),
                    e.endDate(), e.owner(), e.trial(), e.occurredAt(), null, null));
        } else if (event instanceof TrialConvertedToPaid e) {
            return s.withLicence(existing(s, e.licenseId()).paid(e.endDate()));
        } else if (event instanceof TermLicenseRenewed e) {
            return s.withLicence(existing(s, e.licenseId()).renewed(e.endDate()));
        } else if (event instanceof TermLicenseEnded e) {
            return s.withLicence(existing(s, e.licenseId()).ended(e.effectiveAt(), e.reason()));
        } else if (event instanceof MonthlyLicenseSelected e) {
            return s.withSelection(new MonthlySelection(e.family(), e.product(), e.effectiveAt()));
        } else if (event instanceof MonthlyConversionScheduled e) {
            return s.withScheduledConversion(new ScheduledConversion(e.selections(), e.effectiveAt()));
        } else if (event instanceof MonthlyConversionCancelled) {
            return s.withScheduledConversion(null);
        } else if (event instanceof LicensingConverted e) {
            return s.withConversion(new Conversion(e.from(), e.to(), e.effectiveAt()));
        }
        throw new IllegalArgumentException("a customer's licence stream does not hold " + event.getClass().getName());
    }

    private static TermLicence existing(LicenceBook s, String licenseId) {
        return s.licence(licenseId).orElseThrow(
                () -> new IllegalStateException("event refers to unknown licence " + licenseId));
    }

    @Override
    public List<LicenseEvent> decide(LicenceCommand command, LicenceBook state) {
        if (command instanceof IssueTermLicence c) {
            return issue(c, state);
        } else if (command instanceof ConvertTrialToPaid c) {
            return convertTrialToPaid(c, state);
        } else if (command instanceof RenewTermLicence c) {
            return renew(c, state);
        } else if (command instanceof TransferTermLicence c) {
            return transfer(c, state);
        } else if (command instanceof SelectMonthlyLicence c) {
            return select(c, state);
        } else if (command instanceof ConvertToMonthly c) {
            return convertToMonthly(c, state);
        } else if (command instanceof CancelMonthlyConversion c) {
            return cancelConversion(c, state);
        } else if (command instanceof ConvertToTerm c) {
            return convertToTerm(c, state);
        } else if (command instanceof FollowConversionToMonthly c) {
            return followConversion(c, state);
        } else if (command instanceof ProcessDue c) {
            return processDue(c, state);
        }
        throw new IllegalArgumentException("unknown command " + command.getClass().getName());
    }

    // --- term licences (R10–R12) ---

    private List<LicenseEvent> issue(IssueTermLicence c, LicenceBook s) {
        if (c.customer().billingType() == BillingType.MONTHLY) {
            throw new DomainException(CONFLICT, "customer-is-monthly", "customer " + c.customer().customerId()
                    + " is billed monthly: apply the licence key with a conversion to term instead (R4)");
        }
        LocalDate endDate = validTerm(c.licenseId(), c.sku(), c.product(), c.quantity(), c.startDate(), c.endDate(),
                c.owner(), c.trial());
        refuseDuplicate(s, c.licenseId());
        return List.of(new TermLicenseIssued(c.customer().customerId(), c.customer().partnerId(), c.licenseId(),
                c.sku(), c.product(), c.quantity(), c.startDate(), endDate, c.owner(), c.trial(), c.now()));
    }

    /** Validates a term licence and returns its end date (a trial's is computed: 30 days, R12). */
    private static LocalDate validTerm(String licenseId, String sku, ProductCode product, int quantity,
            LocalDate startDate, LocalDate endDate, LicenseOwner owner, boolean trial) {
        if (licenseId == null || !LICENSE_ID.matcher(licenseId).matches()) {
            throw new DomainException(INVALID, "invalid-license-id",
                    "licenseId must be 1-100 letters, digits or . _ : - (starting with a letter or digit)");
        }
        if (sku == null || sku.isBlank()) {
            throw new DomainException(INVALID, "invalid-sku", "sku is required");
        }
        if (product == null) {
            throw new DomainException(INVALID, "invalid-product", "product is required");
        }
        if (quantity < 1) {
            throw new DomainException(INVALID, "invalid-quantity", "quantity must be at least 1, was " + quantity);
        }
        if (owner == null) {
            throw new DomainException(INVALID, "invalid-owner", "owner must be PARTNER or CUSTOMER (R10)");
        }
        if (startDate == null) {
            throw new DomainException(INVALID, "invalid-term", "startDate is required");
        }
        if (trial) {
            LocalDate trialEnd = startDate.plusDays(TRIAL_DAYS - 1L);
            if (endDate != null && !endDate.equals(trialEnd)) {
                throw new DomainException(INVALID, "trial-length", "a trial lasts " + TRIAL_DAYS
                        + " days (R12): leave endDate out or give " + trialEnd);
            }
            return trialEnd;
        }
        if (endDate == null || endDate.isBefore(startDate)) {
            throw new DomainException(INVALID, "invalid-term",
                    "a paid term licence needs an endDate on or after its startDate");
        }
        return endDate;
    }

    private static void refuseDuplicate(LicenceBook s, String licenseId) {
        if (s.licences().containsKey(licenseId)) {
            throw new DomainException(CONFLICT, "licence-exists", "licence " + licenseId
                    + " is already issued to this customer");
        }
    }

    private static TermLicence found(LicenceBook s, String licenseId) {
        return s.licence(licenseId).orElseThrow(() -> new DomainException(NOT_FOUND, "licence-not-found",
                "licence " + licenseId + " not found"));
    }

    private static void refuseEnded(TermLicence l) {
        if (!l.active()) {
            throw new DomainException(CONFLICT, "licence-ended", "licence " + l.licenseId() + " ended at "
                    + l.endedAt() + " (" + l.endedReason() + "); issue a new licence instead");
        }
    }

    private List<LicenseEvent> convertTrialToPaid(ConvertTrialToPaid c, LicenceBook s) {
        TermLicence l = found(s, c.licenseId());
        if (!l.trial()) {
            throw new DomainException(CONFLICT, "not-a-trial", "licence " + l.licenseId() + " is already paid");
        }
        refuseEnded(l);
        LocalDate endDate = c.endDate() != null ? c.endDate() : l.startDate().plusYears(1).minusDays(1);
        if (endDate.isBefore(today(c.now()))) {
            throw new DomainException(INVALID, "invalid-term", "the paid term must end today or later, not "
                    + endDate);
        }
        return List.of(new TrialConvertedToPaid(c.customer().customerId(), c.customer().partnerId(), l.licenseId(),
                endDate, c.now()));
    }

    private List<LicenseEvent> renew(RenewTermLicence c, LicenceBook s) {
        TermLicence l = found(s, c.licenseId());
        if (l.trial()) {
            throw new DomainException(CONFLICT, "trial-not-paid", "licence " + l.licenseId()
                    + " is a trial: convert it to paid before renewing it (R12)");
        }
        refuseEnded(l);
        if (c.endDate() == null || !c.endDate().isAfter(l.endDate())) {
            throw new DomainException(INVALID, "renewal-not-later", "a renewal must end after the current end date "
                    + l.endDate());
        }
        return List.of(new TermLicenseRenewed(c.customer().customerId(), c.customer().partnerId(), l.licenseId(),
                c.endDate(), c.now()));
    }

    private List<LicenseEvent> transfer(TransferTermLicence c, LicenceBook s) {
        TermLicence l = found(s, c.licenseId());
        throw new DomainException(CONFLICT, "licence-not-transferable", "term licence " + l.licenseId()
                + " belongs to customer " + c.customer().customerId()
                + " and cannot be transferred to another customer (R11); issue a new licence to the other customer");
    }

    // --- monthly licences (R10, R17a) ---

    private List<LicenseEvent> select(SelectMonthlyLicence c, LicenceBook s) {
        if (c.customer().billingType() != BillingType.MONTHLY) {
            throw new DomainException(CONFLICT, "customer-not-monthly", "customer " + c.customer().customerId()
                    + " is billed " + c.customer().billingType() + ": monthly licences are for monthly customers"
                    + " (R10); convert it to monthly first");
        }
        ProductFamily family = validFamily(c.family(), c.product());
        Instant effectiveAt = c.effectiveAt() == null ? c.now() : c.effectiveAt();
        if (effectiveAt.isBefore(c.now())) {
            throw new DomainException(INVALID, "effective-in-past", "a selection cannot take effect in the past ("
                    + effectiveAt + "): closed periods are never re-billed (R28)");
        }
        if (effectiveAt.isAfter(EffectiveTimes.latest(c.now()))) {
            throw new DomainException(INVALID, "effective-too-far-in-future", "a selection takes effect at most "
                    + EffectiveTimes.MAX_AHEAD_DAYS + " days ahead, not at " + effectiveAt);
        }
        MonthlySelection latest = s.latestSelection(family).orElse(null);
        boolean unchanged = latest == null ? c.product() == null
                : latest.product() == c.product() && !latest.effectiveAt().isAfter(effectiveAt);
        if (unchanged) {
            return List.of();
        }
        return List.of(new MonthlyLicenseSelected(c.customer().customerId(), c.customer().partnerId(), family,
                c.product(), effectiveAt, c.now()));
    }

    private static ProductFamily validFamily(ProductFamily family, ProductCode product) {
        ProductFamily f = family != null ? family : product == null ? null : product.family();
        if (f == null) {
            throw new DomainException(INVALID, "invalid-family", "family (or product) is required");
        }
        if (f == ProductFamily.FIREWALL) {
            throw new DomainException(INVALID, "firewall-uses-registration", "firewalls are billed monthly by"
                    + " registering their serial number with a Flex SKU key (R13), not by a selection");
        }
        if (product != null && product.family() != f) {
            throw new DomainException(INVALID, "product-not-in-family", product + " is not a product of the " + f
                    + " family");
        }
        return f;
    }

    // --- conversions (R4, R9, R14, R23) ---

    private List<LicenseEvent> convertToMonthly(ConvertToMonthly c, LicenceBook s) {
        BillingType type = c.customer().billingType();
        if (type == BillingType.MONTHLY) {
            throw new DomainException(CONFLICT, "already-monthly", "customer " + c.customer().customerId()
                    + " is already billed monthly");
        }
        if (s.scheduledConversion() != null) {
            throw new DomainException(CONFLICT, "conversion-already-scheduled", "a conversion to monthly is"
                    + " already scheduled at " + s.scheduledConversion().effectiveAt() + "; cancel it first");
        }
        List<ProductCode> selections = validSelections(c.selections());
        if (type == BillingType.TRIAL) {
            return convertNow(c.customer(), s, BillingType.TRIAL, selections, c.now(), c.now());
        }
        List<TermLicence> paid = s.activeLicences().stream().filter(l -> !l.trial()).toList();
        Instant renewal = paid.stream().map(TermLicence::expiresAt).max(Instant::compareTo).orElse(null);
        if (renewal != null && c.now().isBefore(renewal)) {
            // R9, R14: a term customer converts at its renewal date; the scheduler completes it exactly then
            return List.of(new MonthlyConversionScheduled(c.customer().customerId(), c.customer().partnerId(),
                    selections, renewal, c.now()));
        }
        // on (or after) the renewal date, or no running term licence: at once
        return convertNow(c.customer(), s, BillingType.TERM, selections, c.now(), c.now());
    }

    private static List<ProductCode> validSelections(List<ProductCode> selections) {
        if (selections == null) {
            return List.of();
        }
        Set<ProductFamily> seen = EnumSet.noneOf(ProductFamily.class);
        for (ProductCode p : selections) {
            ProductFamily f = validFamily(null, p);
            if (!seen.add(f)) {
                throw new DomainException(INVALID, "duplicate-family", "one selection per product family: " + f
                        + " is named twice");
            }
        }
        return List.copyOf(selections);
    }

    /**
     * The licence side of a conversion to monthly, all effective at {@code effectiveAt}: every running
     * licence ends (trials with R4's reason), the selections take effect, then {@link LicensingConverted}.
     */
    private static List<LicenseEvent> convertNow(CustomerFacts customer, LicenceBook s, BillingType from,
            List<ProductCode> selections, Instant effectiveAt, Instant now) {
        List<LicenseEvent> out = new ArrayList<>();
        for (TermLicence l : s.activeLicences()) {
            out.add(new TermLicenseEnded(customer.customerId(), customer.partnerId(), l.licenseId(),
                    l.trial() ? EndReason.TRIAL_ENDED_BY_MONTHLY : EndReason.CONVERTED_TO_MONTHLY, effectiveAt, now));
        }
        for (ProductCode p : selections) {
            out.add(new MonthlyLicenseSelected(customer.customerId(), customer.partnerId(), p.family(), p,
                    effectiveAt, now));
        }
        out.add(new LicensingConverted(customer.customerId(), customer.partnerId(), from, BillingType.MONTHLY,
                effectiveAt, now));
        return out;
    }

    private List<LicenseEvent> cancelConversion(CancelMonthlyConversion c, LicenceBook s) {
        if (s.scheduledConversion() == null) {
            throw new DomainException(CONFLICT, "no-conversion-scheduled", "no conversion to monthly is scheduled"
                    + " for customer " + c.customer().customerId());
        }
        return List.of(new MonthlyConversionCancelled(c.customer().customerId(), c.customer().partnerId(),
                s.scheduledConversion().effectiveAt(), c.now()));
    }

    private List<LicenseEvent> convertToTerm(ConvertToTerm c, LicenceBook s) {
        if (c.customer().billingType() != BillingType.MONTHLY) {
            throw new DomainException(CONFLICT, "customer-not-monthly", "customer " + c.customer().customerId()
                    + " is billed " + c.customer().billingType() + "; only a monthly customer converts to term");
        }
        LocalDate endDate = validTerm(c.licenseId(), c.sku(), c.product(), c.quantity(), c.startDate(), c.endDate(),
                c.owner(), false);
        refuseDuplicate(s, c.licenseId());
        String customerId = c.customer().customerId();
        String partnerId = c.customer().partnerId();
        List<LicenseEvent> out = new ArrayList<>();
        for (ProductFamily f : ProductFamily.values()) {
            // clear the selection in force now, and one scheduled for later at its own instant (a tie is won
            // by the later-recorded event), so no monthly selection survives the conversion
            if (s.selectionAt(f, c.now()).isPresent()) {
                out.add(new MonthlyLicenseSelected(customerId, partnerId, f, null, c.now(), c.now()));
            }
            MonthlySelection latest = s.latestSelection(f).orElse(null);
            if (latest != null && latest.product() != null && latest.effectiveAt().isAfter(c.now())) {
                out.add(new MonthlyLicenseSelected(customerId, partnerId, f, null, latest.effectiveAt(), c.now()));
            }
        }
        out.add(new TermLicenseIssued(customerId, partnerId, c.licenseId(), c.sku(), c.product(), c.quantity(),
                c.startDate(), endDate, c.owner(), false, c.now()));
        out.add(new LicensingConverted(customerId, partnerId, BillingType.MONTHLY, BillingType.TERM, c.now(),
                c.now()));
        return out;
    }

    /**
     * customer-service recorded a conversion to monthly (BillingTypeChanged): the licence side follows it.
     * Due now: every running licence ends at its effective instant (trials with R4's reason). In the
     * future: it is scheduled like a renewal-date conversion. Already followed: nothing.
     */
    private List<LicenseEvent> followConversion(FollowConversionToMonthly c, LicenceBook s) {
        if (c.effectiveAt().isAfter(c.now())) {
            if (s.scheduledConversion() != null) {
                return List.of();
            }
            return List.of(new MonthlyConversionScheduled(c.customer().customerId(), c.customer().partnerId(),
                    List.of(), c.effectiveAt(), c.now()));
        }
        List<LicenseEvent> out = new ArrayList<>();
        for (TermLicence l : s.activeLicences()) {
            out.add(new TermLicenseEnded(c.customer().customerId(), c.customer().partnerId(), l.licenseId(),
                    l.trial() ? EndReason.TRIAL_ENDED_BY_MONTHLY : EndReason.CONVERTED_TO_MONTHLY, c.effectiveAt(),
                    c.now()));
        }
        return out;
    }

    // --- the scheduler's tick ---

    private List<LicenseEvent> processDue(ProcessDue c, LicenceBook s) {
        List<LicenseEvent> out = new ArrayList<>();
        LicenceBook state = s;
        ScheduledConversion scheduled = s.scheduledConversion();
        if (scheduled != null && !c.now().isBefore(scheduled.effectiveAt())) {
            // exactly at the scheduled instant, however late the tick runs (R14, R23)
            out.addAll(convertNow(c.customer(), s, BillingType.TERM, scheduled.selections(),
                    scheduled.effectiveAt(), c.now()));
            for (LicenseEvent e : out) {
                state = evolve(state, e);
            }
        }
        for (TermLicence l : state.activeLicences()) {
            if (!c.now().isBefore(l.expiresAt())) {
                out.add(new TermLicenseEnded(c.customer().customerId(), c.customer().partnerId(), l.licenseId(),
                        l.trial() ? EndReason.TRIAL_EXPIRED : EndReason.EXPIRED, l.expiresAt(), c.now()));
            }
        }
        return out;
    }

    /** When the customer next needs the scheduler: a scheduled conversion or the earliest expiry. */
    public Instant nextDue(LicenceBook s) {
        Instant next = s.scheduledConversion() == null ? null : s.scheduledConversion().effectiveAt();
        for (TermLicence l : s.activeLicences()) {
            if (next == null || l.expiresAt().isBefore(next)) {
                next = l.expiresAt();
            }
        }
        return next;
    }

    private static LocalDate today(Instant now) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC);
    }
}
