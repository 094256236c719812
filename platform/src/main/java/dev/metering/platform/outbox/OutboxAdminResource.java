package dev.metering.platform.outbox;

import dev.metering.platform.security.Roles;
import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /v1/admin/outbox/dead-letters} (operator): the outbox rows Kafka kept refusing, which the
 * relay moved aside so it could go on (issue #14). Present in services built with an outbox relay.
 */
@Path("/v1/admin/outbox/dead-letters")
@RolesAllowed(Roles.OPERATOR)
@Produces(MediaType.APPLICATION_JSON)
@IfBuildProperty(name = "metering.outbox.relay", stringValue = "true")
public class OutboxAdminResource {

    /** One dead-lettered row: what it was, how often Kafka refused it and why (never its payload). */
    public record DeadLetter(long position, String eventId, String topic, String key, String type,
            Instant createdAt, int refusals, String lastError, Instant deadLetteredAt) {
    }

    private final Pool pool;

    public OutboxAdminResource(Pool pool) {
        this.pool = pool;
    }

    @GET
    /** Newest first, at most 1000. */
    public Uni<List<DeadLetter>> deadLetters() {
        return pool.query("select position, event_id::text as event_id, topic, record_key, type, created_at,"
                + " refusals, last_error, dead_lettered_at from outbox_dead_letters order by position desc limit 1000")
                .execute().map(rows -> {
                    List<DeadLetter> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new DeadLetter(r.getLong("position"), r.getString("event_id"), r.getString("topic"),
                                r.getString("record_key"), r.getString("type"),
                                r.getOffsetDateTime("created_at").toInstant(), r.getInteger("refusals"),
                                r.getString("last_error"), r.getOffsetDateTime("dead_lettered_at").toInstant()));
                    }
                    return out;
                });
    }
}
