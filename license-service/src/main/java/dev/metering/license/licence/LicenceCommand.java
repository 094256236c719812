package dev.metering.license.licence;

import dev.metering.contracts.ProductCode;
import dev.metering.contracts.ProductFamily;
import dev.metering.contracts.license.LicenseOwner;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** What can be asked of a customer's licences. {@code now} is the decision's clock (no clock inside). */
public sealed interface LicenceCommand {

    CustomerFacts customer();

    Instant now();

    /** R10, R12: a term licence; a trial runs 30 days (leave {@code endDate} null). */
    record IssueTermLicence(CustomerFacts customer, String licenseId, String sku, ProductCode product, int quantity,
            LocalDate startDate, LocalDate endDate, LicenseOwner owner, boolean trial, Instant now)
            implements LicenceCommand {
    }

    /** R12; {@code endDate} null: one year from the trial's start. */
    record ConvertTrialToPaid(CustomerFacts customer, String licenseId, LocalDate endDate, Instant now)
            implements LicenceCommand {
    }

    record RenewTermLicence(CustomerFacts customer, String licenseId, LocalDate endDate, Instant now)
            implements LicenceCommand {
    }

    /** R11: always refused. */
    record TransferTermLicence(CustomerFacts customer, String licenseId, String toCustomerId, Instant now)
            implements LicenceCommand {
    }

    /** R17a; {@code product} null clears the family's selection; {@code effectiveAt} null means now. */
    record SelectMonthlyLicence(CustomerFacts customer, ProductFamily family, ProductCode product,
            Instant effectiveAt, Instant now) implements LicenceCommand {
    }

    /** R4, R9, R14: trial customers at once; term customers at their renewal instant. */
    record ConvertToMonthly(CustomerFacts customer, List<ProductCode> selections, Instant now)
            implements LicenceCommand {
    }

    record CancelMonthlyConversion(CustomerFacts customer, Instant now) implements LicenceCommand {
    }

    /** R4: a monthly customer becomes term again when a licence key is applied. */
    record ConvertToTerm(CustomerFacts customer, String licenseId, String sku, ProductCode product, int quantity,
            LocalDate startDate, LocalDate endDate, LicenseOwner owner, Instant now) implements LicenceCommand {
    }

    /**
     * R4, R14: customer-service converted the customer to monthly at {@code effectiveAt}
     * (BillingTypeChanged); its trials and term licences end then.
     */
    record FollowConversionToMonthly(CustomerFacts customer, Instant effectiveAt, Instant now)
            implements LicenceCommand {
    }

    /** The scheduler's tick: a due scheduled conversion first, then every licence past its end. */
    record ProcessDue(CustomerFacts customer, Instant now) implements LicenceCommand {
    }
}
