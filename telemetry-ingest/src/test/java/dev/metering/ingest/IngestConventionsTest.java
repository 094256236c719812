package dev.metering.ingest;

import dev.metering.testsupport.arch.KnownViolation;
import dev.metering.testsupport.arch.ServiceConventions.Rule;
import dev.metering.testsupport.arch.ServiceConventionsContract;
import java.util.List;

/** The shared layout, layering and domain purity (docs/architecture.md, "Conventions") hold in telemetry-ingest. */
class IngestConventionsTest extends ServiceConventionsContract {

    @Override
    protected String rootPackage() {
        return "dev.metering.ingest";
    }

    @Override
    protected List<KnownViolation> knownViolations() {
        return List.of(
                KnownViolation.of(Rule.PURE_DOMAIN, "dev.metering.ingest.key.IngestKeyRegistry",
                        "an @ApplicationScoped bean (the in-memory key table) in the key feature's domain package;"
                                + " belongs in key/store (or key/service) with the one-idiom refactor of #17"));
    }
}
