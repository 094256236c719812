package dev.metering.customer;

import dev.metering.testsupport.arch.KnownViolation;
import dev.metering.testsupport.arch.ServiceConventions.Rule;
import dev.metering.testsupport.arch.ServiceConventionsContract;
import java.util.List;

/** The shared layout, layering and domain purity (docs/architecture.md, "Conventions") hold in customer-service. */
class CustomerConventionsTest extends ServiceConventionsContract {

    @Override
    protected String rootPackage() {
        return "dev.metering.customer";
    }

    @Override
    protected List<KnownViolation> knownViolations() {
        return List.of(
                KnownViolation.of(Rule.PURE_DOMAIN, "dev.metering.customer.managed.CustomerService",
                        "application service (CDI, Mutiny, projection, config) in the feature's domain package;"
                                + " moves to managed/service with the one-idiom refactor of #17"),
                KnownViolation.of(Rule.PURE_DOMAIN, "dev.metering.customer.partner.PartnerService",
                        "application service in the feature's domain package; moves to partner/service (#17)"),
                KnownViolation.of(Rule.PURE_DOMAIN, "dev.metering.customer.admin.ProjectionRebuilder",
                        "application service in the admin feature's package; moves to admin/service (#17)"));
    }
}
