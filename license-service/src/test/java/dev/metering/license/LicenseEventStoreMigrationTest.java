package dev.metering.license;

import dev.metering.testsupport.EventStoreMigrationContract;

/** license-service's databases, migrated when the event store's files were its own copies, still validate. */
class LicenseEventStoreMigrationTest extends EventStoreMigrationContract {
}
