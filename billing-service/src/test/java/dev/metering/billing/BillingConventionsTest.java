package dev.metering.billing;

import dev.metering.testsupport.arch.ServiceConventionsContract;

/**
 * The shared layout, layering, domain purity and constructor injection (docs/architecture.md, "Conventions") hold
 * in billing-service, with no known violation.
 */
class BillingConventionsTest extends ServiceConventionsContract {

    @Override
    protected String rootPackage() {
        return "dev.metering.billing";
    }

}
