package dev.metering.platform.eventstore;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Extra work done in the append's own transaction, after the events and outbox rows are written
 * (typically: upserting a read model, so the read model is never behind or ahead of the store).
 */
@FunctionalInterface
public interface TransactionStep {

    TransactionStep NONE = (tx, result) -> Uni.createFrom().voidItem();

    Uni<Void> run(SqlConnection tx, AppendResult result);
}
