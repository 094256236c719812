package dev.metering.platform.eventstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.metering.contracts.Audit;
import dev.metering.contracts.CloudEvents;
import dev.metering.contracts.EventTypes;
import dev.metering.contracts.Json;
import dev.metering.contracts.MeteringEvent;
import dev.metering.platform.outbox.OutboxRecord;
import dev.metering.platform.outbox.OutboxSignal;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The append-only event store on PostgreSQL ({@code events} table, see the services' V1 migration),
 * through the reactive client. Events are stored as their contract JSON under their versioned type
 * name ({@link EventTypes}), so the store and the wire speak the same language.
 *
 * <p>{@link #append} writes a stream's new events AND their outbox rows in one transaction: an event
 * is published if and only if it was stored. Optimistic concurrency: the append names the version it
 * decided against; a different current version, or a concurrent writer caught by
 * {@code UNIQUE(stream_id, version)}, fails with {@link ConcurrencyConflict}.
 */
@ApplicationScoped
public class EventStore {

    private static final String SELECT = "select global_position, event_id, stream_id, stream_type, version, type,"
            + " data::text as data, recorded_at, actor, actor_role, correlation_id, causation_id from events";
    private static final String INSERT_EVENT = "insert into events(event_id, stream_id, stream_type, version, type,"
            + " data, occurred_at, actor, actor_role, correlation_id, causation_id)"
            + " values ($1, $2, $3, $4, $5, $6::text::jsonb, $7, $8, $9, $10, $11)"
            + " returning global_position, recorded_at";
    private static final String INSERT_OUTBOX = "insert into outbox(event_id, topic, record_key, type, payload,"
            + " actor, actor_role, correlation_id, causation_id) values ($1, $2, $3, $4, $5::text::jsonb, $6, $7, $8, $9)";
    static final String VERSION_CONSTRAINT = "events_stream_version";

    private final Pool pool;
    private final OutboxSignal signal;

    @Inject
    public EventStore(Pool pool, OutboxSignal signal) {
        this.pool = pool;
        this.signal = signal;
    }

    public EventStore(Pool pool) {
        this(pool, new OutboxSignal());
    }

    public Pool pool() {
        return pool;
    }

    /** Every event of the stream in version order (empty for a stream that does not exist). */
    public Uni<List<StoredEvent>> load(String streamId) {
        return pool.preparedQuery(SELECT + " where stream_id = $1 order by version").execute(Tuple.of(streamId))
                .map(rows -> {
                    List<StoredEvent> out = new ArrayList<>();
                    rows.forEach(row -> out.add(decode(row)));
                    return out;
                });
    }

    /** The events of every stream after {@code afterPosition}, in commit-ish order (for rebuilding projections). */
    public Uni<List<StoredEvent>> readAll(long afterPosition, int limit) {
        return pool.preparedQuery(SELECT + " where global_position > $1 order by global_position limit $2")
                .execute(Tuple.of(afterPosition, limit)).map(rows -> {
                    List<StoredEvent> out = new ArrayList<>();
                    rows.forEach(row -> out.add(decode(row)));
                    return out;
                });
    }

    /** Ids of the streams of one type after {@code afterStreamId} (exclusive; "" for the first page), in id order. */
    public Uni<List<String>> streamIds(String streamType, String afterStreamId, int limit) {
        return pool.preparedQuery("select distinct stream_id from events where stream_type = $1 and stream_id > $2"
                + " order by stream_id limit $3").execute(Tuple.of(streamType, afterStreamId, limit)).map(rows -> {
                    List<String> out = new ArrayList<>();
                    rows.forEach(r -> out.add(r.getString(0)));
                    return out;
                });
    }

    /** The stream's current version (0 when it does not exist). */
    public Uni<Integer> version(String streamId) {
        return currentVersion(pool, streamId);
    }

    public Uni<AppendResult> append(String streamId, String streamType, int expectedVersion, List<NewEvent> events,
            List<OutboxRecord> outbox) {
        return append(streamId, streamType, expectedVersion, events, outbox, TransactionStep.NONE);
    }

    /**
     * Appends {@code events} as versions {@code expectedVersion + 1 ...}, writes {@code outbox} and runs
     * {@code step}, all in ONE transaction.
     *
     * @throws ConcurrencyConflict (as the Uni's failure) when the stream is not at {@code expectedVersion}
     */
    public Uni<AppendResult> append(String streamId, String streamType, int expectedVersion, List<NewEvent> events,
            List<OutboxRecord> outbox, TransactionStep step) {
        if (events.isEmpty() && outbox.isEmpty()) {
            return Uni.createFrom().item(new AppendResult(streamId, expectedVersion, List.of()));
        }
        return pool.withTransaction(tx -> currentVersion(tx, streamId).flatMap(current -> {
            if (current != expectedVersion) {
                return Uni.createFrom().failure(new ConcurrencyConflict(streamId, expectedVersion, current));
            }
            return insertEvents(tx, streamId, streamType, expectedVersion, events)
                    .call(stored -> insertOutbox(tx, outbox))
                    .map(stored -> new AppendResult(streamId, expectedVersion + events.size(), stored))
                    .call(result -> step.run(tx, result));
        })).onFailure(EventStore::isVersionClash)
                .transform(e -> new ConcurrencyConflict(streamId, expectedVersion, null))
                .invoke(() -> {
                    if (!outbox.isEmpty()) {
                        signal.rowsCommitted();
                    }
                });
    }

    private Uni<List<StoredEvent>> insertEvents(SqlConnection tx, String streamId, String streamType, int expected,
            List<NewEvent> events) {
        Uni<List<StoredEvent>> chain = Uni.createFrom().item(new ArrayList<>());
        for (int i = 0; i < events.size(); i++) {
            NewEvent e = events.get(i);
            int version = expected + i + 1;
            String type = EventTypes.typeOf(e.event());
            Instant occurred = e.event().occurredAt() == null ? Instant.now() : e.event().occurredAt();
            Tuple params = Tuple.tuple().addUUID(e.eventId()).addString(streamId).addString(streamType)
                    .addInteger(version).addString(type).addString(toJson(e.event()))
                    .addOffsetDateTime(OffsetDateTime.ofInstant(occurred, ZoneOffset.UTC));
            Audit audit = e.audit();
            params.addString(audit == null ? null : audit.actor()).addString(audit == null ? null : audit.actorRole())
                    .addString(audit == null ? null : audit.correlationId())
                    .addString(audit == null ? null : audit.causationId());
            chain = chain.flatMap(list -> tx.preparedQuery(INSERT_EVENT).execute(params).map(rows -> {
                Row row = rows.iterator().next();
                list.add(new StoredEvent(row.getLong("global_position"), e.eventId(), streamId, streamType, version,
                        type, e.event(), row.getOffsetDateTime("recorded_at").toInstant(), e.audit()));
                return list;
            }));
        }
        return chain;
    }

    private static Uni<Void> insertOutbox(SqlConnection tx, List<OutboxRecord> outbox) {
        if (outbox.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> batch = new ArrayList<>();
        for (OutboxRecord r : outbox) {
            batch.add(Tuple.tuple().addUUID(r.eventId()).addString(r.topic()).addString(r.key())
                    .addString(r.envelope().type())
                    .addString(new String(CloudEvents.structuredBytes(r.envelope()), StandardCharsets.UTF_8))
                    .addString(r.envelope().extensions().get(Audit.ACTOR))
                    .addString(r.envelope().extensions().get(Audit.ACTOR_ROLE))
                    .addString(r.envelope().extensions().get(Audit.CORRELATION_ID))
                    .addString(r.envelope().extensions().get(Audit.CAUSATION_ID)));
        }
        return tx.preparedQuery(INSERT_OUTBOX).executeBatch(batch).replaceWithVoid();
    }

    private static Uni<Integer> currentVersion(io.vertx.mutiny.sqlclient.SqlClient client, String streamId) {
        return client.preparedQuery("select coalesce(max(version), 0) from events where stream_id = $1")
                .execute(Tuple.of(streamId)).map(rows -> rows.iterator().next().getInteger(0));
    }

    static boolean isVersionClash(Throwable t) {
        return t instanceof PgException pg && "23505".equals(pg.getSqlState())
                && (VERSION_CONSTRAINT.equals(pg.getConstraint())
                        || String.valueOf(pg.getMessage()).contains(VERSION_CONSTRAINT));
    }

    private static StoredEvent decode(Row row) {
        String type = row.getString("type");
        Class<? extends MeteringEvent> cls = EventTypes.classOf(type);
        if (cls == null) {
            throw new IllegalStateException("event store holds an event type this build does not know: " + type);
        }
        MeteringEvent event;
        try {
            event = Json.mapper().readValue(row.getString("data"), cls);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored event " + row.getUUID("event_id") + " of type " + type
                    + " does not decode: " + e.getOriginalMessage(), e);
        }
        return new StoredEvent(row.getLong("global_position"), row.getUUID("event_id"), row.getString("stream_id"),
                row.getString("stream_type"), row.getInteger("version"), type, event,
                row.getOffsetDateTime("recorded_at").toInstant(), audit(row));
    }

    private static Audit audit(Row row) {
        String actor = row.getString("actor");
        String role = row.getString("actor_role");
        String correlation = row.getString("correlation_id");
        String causation = row.getString("causation_id");
        return actor == null && role == null && correlation == null && causation == null ? null
                : new Audit(actor, role, correlation, causation);
    }

    private static String toJson(MeteringEvent event) {
        try {
            return Json.mapper().writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + event.getClass().getName(), e);
        }
    }
}
