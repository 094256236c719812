package dev.metering.psa;

import dev.metering.testsupport.arch.ServiceConventionsContract;

/** The shared layout, layering and domain purity (docs/architecture.md, "Conventions") hold in psa-connector. */
class PsaConventionsTest extends ServiceConventionsContract {

    @Override
    protected String rootPackage() {
        return "dev.metering.psa";
    }
}
