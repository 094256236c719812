package dev.metering.psa;

import dev.metering.testsupport.RealInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/** Every @QuarkusTest of this module runs against a real Kafka broker and its own real PostgreSQL database. */
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "psa"))
public class TestInfrastructure {
}
