package dev.metering.billing;

import dev.metering.testsupport.arch.KnownViolation;
import dev.metering.testsupport.arch.ServiceConventions.Rule;
import dev.metering.testsupport.arch.ServiceConventionsContract;
import java.util.List;

/** The shared layout, layering and domain purity (docs/architecture.md, "Conventions") hold in billing-service. */
class BillingConventionsTest extends ServiceConventionsContract {

    @Override
    protected String rootPackage() {
        return "dev.metering.billing";
    }

    @Override
    protected List<KnownViolation> knownViolations() {
        return List.of(
                KnownViolation.of(Rule.LAYOUT, "dev.metering.billing.invoice.close..",
                        "the period close's service classes (PeriodCloser, AdjustmentService, ClosedPeriods) and its"
                                + " scheduler sit in invoice/close, not a shared layer; they belong in invoice/service"
                                + " and invoice/scheduling once the billing rewrite lands (#17)"));
    }
}
