package dev.metering.ingest.config;

import dev.metering.ingest.heartbeat.BodyParser;
import dev.metering.ingest.heartbeat.HeartbeatValidator;
import dev.metering.ingest.heartbeat.RawRecordProcessor;
import dev.metering.ingest.heartbeat.ValidationRules;
import dev.metering.ingest.key.store.IngestKeyRegistry;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Wires the framework-free ingest logic with its configuration. */
public class IngestBeans {

    @Produces
    @Singleton
    HeartbeatValidator validator(IngestConfig config) {
        return new HeartbeatValidator(new ValidationRules(config.validation().maxFuture(),
                config.validation().maxAge()));
    }

    @Produces
    @Singleton
    BodyParser parser(IngestConfig config) {
        return new BodyParser(config.http().maxItems());
    }

    @Produces
    @Singleton
    RawRecordProcessor rawRecordProcessor(BodyParser parser, HeartbeatValidator validator,
            IngestKeyRegistry keys) {
        return new RawRecordProcessor(parser, validator, keys::isActiveCustomer);
    }
}
