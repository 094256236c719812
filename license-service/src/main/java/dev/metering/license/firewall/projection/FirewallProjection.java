package dev.metering.license.firewall.projection;

import dev.metering.contracts.license.LicenseEvent;
import dev.metering.contracts.license.LicenseEvent.FirewallDeregistered;
import dev.metering.contracts.license.LicenseEvent.FirewallRegistered;
import dev.metering.contracts.telemetry.FirewallSubscription;
import dev.metering.license.firewall.FirewallState;
import dev.metering.platform.eventstore.ProjectionStep;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** The {@code firewalls} read model (R13, R15), written in the append's transaction. */
@ApplicationScoped
public class FirewallProjection {

    private final Pool pool;

    public FirewallProjection(Pool pool) {
        this.pool = pool;
    }

    public record FirewallRow(String serialNumber, String customerId, FirewallSubscription subscription,
            Instant registeredAt) {
    }

    public ProjectionStep<FirewallState, LicenseEvent> step() {
        return (tx, streamId, state, version, events) -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (LicenseEvent e : events) {
                if (e instanceof FirewallRegistered r) {
                    chain = chain.call(() -> tx.preparedQuery("insert into firewalls(serial_number, customer_id,"
                            + " subscription, registered_at) values ($1, $2, $3, $4) on conflict (serial_number) do"
                            + " update set customer_id = excluded.customer_id, subscription = excluded.subscription,"
                            + " registered_at = excluded.registered_at")
                            .execute(Tuple.of(r.serialNumber(), r.customerId(), r.subscription().name(),
                                    OffsetDateTime.ofInstant(r.effectiveAt(), ZoneOffset.UTC))));
                } else if (e instanceof FirewallDeregistered d) {
                    chain = chain.call(() -> tx.preparedQuery("delete from firewalls where serial_number = $1"
                            + " and customer_id = $2").execute(Tuple.of(d.serialNumber(), d.customerId())));
                }
            }
            return chain;
        };
    }

    public Uni<List<FirewallRow>> ofCustomer(String customerId) {
        return pool.preparedQuery("select serial_number, customer_id, subscription, registered_at from firewalls"
                + " where customer_id = $1 order by serial_number").execute(Tuple.of(customerId)).map(rows -> {
                    List<FirewallRow> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new FirewallRow(r.getString(0), r.getString(1),
                            FirewallSubscription.valueOf(r.getString(2)), r.getOffsetDateTime(3).toInstant())));
                    return out;
                });
    }
}
