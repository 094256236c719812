package dev.metering.customer;

import dev.metering.testsupport.EventStoreMigrationContract;

/** customer-service's databases, migrated when the event store's files were its own copies, still validate. */
class CustomerEventStoreMigrationTest extends EventStoreMigrationContract {
}
