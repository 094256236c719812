package dev.metering.license.licence;

/**
 * The {@code reason} values of {@code TermLicenseEnded}. Billing and the usage page read them as
 * constants; they are part of the published contract of licenses.events.
 */
public final class EndReason {
    /** A paid term licence reached the end of its last day (R10). */
    public static final String EXPIRED = "expired";
    /** A trial was not converted to paid within its 30 days (R12). */
    public static final String TRIAL_EXPIRED = "trial-expired";
    /** A term licence ended because the customer converted to monthly at its renewal date (R9, R14). */
    public static final String CONVERTED_TO_MONTHLY = "converted-to-monthly";
    /** Converting a trial (or term) customer to monthly ends all its trials (R4). */
    public static final String TRIAL_ENDED_BY_MONTHLY = "trial-ended-by-monthly-conversion";

    private EndReason() {
    }
}
