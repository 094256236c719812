package dev.metering.ingest;

import dev.metering.testsupport.arch.ServiceConventionsContract;

/** The shared layout, layering and domain purity (docs/architecture.md, "Conventions") hold in telemetry-ingest. */
class IngestConventionsTest extends ServiceConventionsContract {

    @Override
    protected String rootPackage() {
        return "dev.metering.ingest";
    }
}
