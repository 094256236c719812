package dev.metering.license.licence;

import dev.metering.contracts.ProductCode;
import dev.metering.contracts.ProductFamily;
import dev.metering.contracts.license.LicenseEvent;
import dev.metering.contracts.license.LicenseOwner;
import dev.metering.license.config.EventStreams;
import dev.metering.license.customer.KnownCustomer;
import dev.metering.license.customer.store.CustomerDirectory;
import dev.metering.license.licence.projection.LicenceProjection;
import dev.metering.contracts.Audit;
import dev.metering.platform.error.ApiException;
import dev.metering.platform.eventstore.CommandExecutor;
import dev.metering.platform.eventstore.Decision;
import dev.metering.platform.eventstore.Loaded;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Runs licence commands through the event store, scoped to the caller's partner: a customer that
 * license-service has not seen on customers.events, or that another partner manages, is 404.
 */
@ApplicationScoped
public class LicenceService {

    private final CommandExecutor executor;
    private final EventStreams streams;
    private final CustomerDirectory customers;
    private final LicenceProjection projection;
    private final Clock clock;

    public LicenceService(CommandExecutor executor, EventStreams streams, CustomerDirectory customers,
            LicenceProjection projection) {
        this.executor = executor;
        this.streams = streams;
        this.customers = customers;
        this.projection = projection;
        this.clock = Clock.systemUTC();
    }

    public record NewTermLicence(String licenseId, String sku, ProductCode product, int quantity, LocalDate startDate,
            LocalDate endDate, LicenseOwner owner, boolean trial) {
    }

    public Instant now() {
        return clock.instant();
    }

    /** The customer's licence state, scoped ({@code partnerId} null: any partner, for internal callers). */
    public Uni<Scoped> load(String customerId, String partnerId) {
        return customers.require(customerId, partnerId).flatMap(c -> executor.load(streams.licences(),
                CustomerLicences.streamId(customerId)).map(l -> new Scoped(c, l)));
    }

    public record Scoped(KnownCustomer customer, Loaded<LicenceBook> loaded) {
    }

    public Uni<Decision<LicenceBook, LicenseEvent>> issue(String customerId, String partnerId, NewTermLicence l) {
        String licenseId = l.licenseId() == null || l.licenseId().isBlank() ? "LIC-" + UUID.randomUUID()
                : l.licenseId().trim();
        return refuseHeldElsewhere(customerId, partnerId, licenseId).flatMap(x -> run(customerId, partnerId, null,
                c -> new LicenceCommand.IssueTermLicence(c, licenseId, l.sku(), l.product(), l.quantity(),
                        l.startDate(), l.endDate(), l.owner(), l.trial(), now())));
    }

    public Uni<Decision<LicenceBook, LicenseEvent>> convertTrialToPaid(String customerId, String partnerId,
            Integer ifMatch, String licenseId, LocalDate endDate) {
        return run(customerId, partnerId, ifMatch, c -> new LicenceCommand.ConvertTrialToPaid(c, licenseId, endDate,
                now()));
    }

    public Uni<Decision<LicenceBook, LicenseEvent>> renew(String customerId, String partnerId, Integer ifMatch,
            String licenseId, LocalDate endDate) {
        return run(customerId, partnerId, ifMatch, c -> new LicenceCommand.RenewTermLicence(c, licenseId, endDate,
                now()));
    }

    /** R11: always refused by the decider; the target customer is checked first so its 404 is honest. */
    public Uni<Decision<LicenceBook, LicenseEvent>> transfer(String customerId, String partnerId, String licenseId,
            String toCustomerId) {
        if (toCustomerId == null || toCustomerId.isBlank()) {
            return Uni.createFrom().failure(ApiException.invalidField("toCustomerId", "required",
                    "toCustomerId is required"));
        }
        return run(customerId, partnerId, null, c -> new LicenceCommand.TransferTermLicence(c, licenseId,
                toCustomerId, now()));
    }

    public Uni<Decision<LicenceBook, LicenseEvent>> select(String customerId, String partnerId, ProductFamily family,
            ProductCode product, Instant effectiveAt) {
        return run(customerId, partnerId, null, c -> new LicenceCommand.SelectMonthlyLicence(c, family, product,
                effectiveAt, now()));
    }

    public Uni<Decision<LicenceBook, LicenseEvent>> convertToMonthly(String customerId, String partnerId,
            List<ProductCode> selections) {
        return run(customerId, partnerId, null, c -> new LicenceCommand.ConvertToMonthly(c, selections, now()));
    }

    public Uni<Decision<LicenceBook, LicenseEvent>> cancelConversion(String customerId, String partnerId) {
        return run(customerId, partnerId, null, c -> new LicenceCommand.CancelMonthlyConversion(c, now()));
    }

    public Uni<Decision<LicenceBook, LicenseEvent>> convertToTerm(String customerId, String partnerId,
            NewTermLicence l) {
        String licenseId = l.licenseId() == null || l.licenseId().isBlank() ? null : l.licenseId().trim();
        if (licenseId == null) {
            return Uni.createFrom().failure(ApiException.invalidField("licenseId", "required",
                    "a monthly customer becomes term when a licence key is applied: licenseId is required (R4)"));
        }
        return refuseHeldElsewhere(customerId, partnerId, licenseId).flatMap(x -> run(customerId, partnerId, null,
                c -> new LicenceCommand.ConvertToTerm(c, licenseId, l.sku(), l.product(), l.quantity(),
                        l.startDate(), l.endDate(), l.owner(), now())));
    }

    /** From customers.events: customer-service converted the customer to monthly (R4, R14). */
    public Uni<Decision<LicenceBook, LicenseEvent>> followConversionToMonthly(String customerId, Instant effectiveAt,
            Audit cause) {
        return customers.require(customerId, null).flatMap(c -> executor.execute(streams.licences(),
                CustomerLicences.streamId(customerId), null,
                loaded -> new LicenceCommand.FollowConversionToMonthly(c.facts(), effectiveAt, now()),
                projection.step(), cause));
    }

    /** The scheduler's tick for one customer at {@code at}: a due conversion, then expiries. */
    public Uni<Decision<LicenceBook, LicenseEvent>> processDue(String customerId, Instant at) {
        return run(customerId, null, null, c -> new LicenceCommand.ProcessDue(c, at));
    }

    /**
     * R11: a licence id already held by another customer cannot be issued again. The caller's own customer
     * is checked FIRST (404 for an unknown or foreign customer), so this can never be asked about a customer
     * the caller does not manage. Held by another customer of the same partner: 409
     * {@code licence-not-transferable} (the partner knows both). Held by another partner's customer: 409
     * {@code licence-id-unavailable}, naming no customer, partner or state of the holder (issue 14 finding 8).
     */
    private Uni<Void> refuseHeldElsewhere(String customerId, String partnerId, String licenseId) {
        return customers.require(customerId, partnerId).flatMap(own -> projection.holderOf(licenseId)
                .flatMap(holder -> holder == null || holder.equals(customerId) ? Uni.createFrom().voidItem()
                        : customers.find(holder).map(h -> {
                            if (h != null && h.partnerId().equals(own.partnerId())) {
                                throw new ApiException(409, "licence-not-transferable", "licence " + licenseId
                                        + " is issued to your customer " + holder + "; a term licence can never be"
                                        + " transferred to another customer (R11)");
                            }
                            throw new ApiException(409, "licence-id-unavailable", "licence id " + licenseId
                                    + " cannot be issued to this customer; use another licence id");
                        })));
    }

    private Uni<Decision<LicenceBook, LicenseEvent>> run(String customerId, String partnerId, Integer ifMatch,
            Function<CustomerFacts, LicenceCommand> command) {
        return customers.require(customerId, partnerId).flatMap(c -> executor.execute(streams.licences(),
                CustomerLicences.streamId(customerId), ifMatch, loaded -> command.apply(c.facts()),
                projection.step()));
    }
}
