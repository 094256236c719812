package dev.metering.license;

import dev.metering.testsupport.arch.KnownViolation;
import dev.metering.testsupport.arch.ServiceConventions.Rule;
import dev.metering.testsupport.arch.ServiceConventionsContract;
import java.util.List;

/** The shared layout, layering and domain purity (docs/architecture.md, "Conventions") hold in license-service. */
class LicenseConventionsTest extends ServiceConventionsContract {

    @Override
    protected String rootPackage() {
        return "dev.metering.license";
    }

    @Override
    protected List<KnownViolation> knownViolations() {
        return List.of(
                KnownViolation.of(Rule.PURE_DOMAIN, "dev.metering.license.licence.LicenceService",
                        "application service (CDI, Mutiny, projection, config) in the feature's domain package;"
                                + " moves to licence/service with the one-idiom refactor of #17"),
                KnownViolation.of(Rule.PURE_DOMAIN, "dev.metering.license.firewall.FirewallService",
                        "application service in the feature's domain package; moves to firewall/service (#17)"));
    }
}
