package dev.metering.platform.eventstore;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.util.List;

/**
 * Updates a read model inside the append's transaction, from the state after the command and the
 * events it caused. Run only when events were appended.
 */
@FunctionalInterface
public interface ProjectionStep<S, E> {

    Uni<Void> apply(SqlConnection tx, String streamId, S stateAfter, int versionAfter, List<E> newEvents);

    static <S, E> ProjectionStep<S, E> none() {
        return (tx, id, state, version, events) -> Uni.createFrom().voidItem();
    }
}
