package dev.metering.billing.usage.store;

import dev.metering.billing.account.BillingState;
import dev.metering.billing.usage.CustomerUnits;
import dev.metering.billing.usage.UsageProjection;
import dev.metering.contracts.CloudEvent;
import dev.metering.contracts.CloudEvents;
import dev.metering.contracts.Json;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Stores what one consumed batch changed, in ONE transaction: the snapshots of the customers it
 * touched, the billing facts it read, its dead letters and the next offsets. Offsets are read back
 * from here on start, so a restart resumes exactly after the last stored batch (no loss); a batch
 * that was folded but not stored is simply read again, and folding is idempotent (no double count).
 */
@ApplicationScoped
public class FoldStore {

    private static final Logger LOG = Logger.getLogger(FoldStore.class);

    @Inject
    AgroalDataSource dataSource;

    public record Fact(String eventId, String topic, String type, String subject, String json) {
    }

    public record DeadLetter(String topic, int partition, long offset, String key, String reason, String detail,
            String headersJson, byte[] payload) {
    }

    public record Batch(Collection<CustomerUnits> touched, List<Fact> facts, List<DeadLetter> deadLetters,
            Map<TopicPartition, Long> nextOffsets) {
    }

    public void store(Batch batch) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!batch.touched().isEmpty()) {
                    try (PreparedStatement ps = c.prepareStatement("insert into customer_units (customer_id, "
                            + "snapshot, updated_at) values (?, ?, now()) on conflict (customer_id) do update set "
                            + "snapshot = excluded.snapshot, updated_at = now()")) {
                        for (CustomerUnits u : batch.touched()) {
                            ps.setString(1, u.customerId());
                            ps.setBytes(2, snapshot(u));
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                }
                if (!batch.facts().isEmpty()) {
                    try (PreparedStatement ps = c.prepareStatement("insert into billing_facts (event_id, topic, "
                            + "event_type, subject, data) values (?, ?, ?, ?, ?::jsonb) on conflict do nothing")) {
                        for (Fact f : batch.facts()) {
                            ps.setString(1, f.eventId());
                            ps.setString(2, f.topic());
                            ps.setString(3, f.type());
                            ps.setString(4, f.subject());
                            ps.setString(5, f.json());
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                }
                if (!batch.deadLetters().isEmpty()) {
                    try (PreparedStatement ps = c.prepareStatement("insert into dead_letters (topic, partition, "
                            + "kafka_offset, record_key, reason, detail, headers, payload) values (?, ?, ?, ?, ?, ?, "
                            + "?::jsonb, ?) on conflict do nothing")) {
                        for (DeadLetter d : batch.deadLetters()) {
                            ps.setString(1, d.topic());
                            ps.setInt(2, d.partition());
                            ps.setLong(3, d.offset());
                            ps.setString(4, d.key());
                            ps.setString(5, d.reason());
                            ps.setString(6, d.detail());
                            ps.setString(7, d.headersJson());
                            ps.setBytes(8, d.payload());
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("insert into consumer_offsets (topic, partition, "
                        + "next_offset) values (?, ?, ?) on conflict (topic, partition) do update set "
                        + "next_offset = greatest(consumer_offsets.next_offset, excluded.next_offset)")) {
                    for (Map.Entry<TopicPartition, Long> e : batch.nextOffsets().entrySet()) {
                        ps.setString(1, e.getKey().topic());
                        ps.setInt(2, e.getKey().partition());
                        ps.setLong(3, e.getValue());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    public Map<TopicPartition, Long> offsets() throws SQLException {
        Map<TopicPartition, Long> out = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                ResultSet rs = c.createStatement().executeQuery(
                        "select topic, partition, next_offset from consumer_offsets")) {
            while (rs.next()) {
                out.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
            }
        }
        return out;
    }

    /** Rebuilds the in-memory projections from the stored snapshots and facts. */
    public void load(UsageProjection usage, BillingState state) throws SQLException {
        int customers = 0;
        int facts = 0;
        try (Connection c = dataSource.getConnection()) {
            try (ResultSet rs = c.createStatement().executeQuery("select customer_id, snapshot from customer_units")) {
                while (rs.next()) {
                    usage.put(CustomerUnits.readFrom(rs.getString(1), usage.window(),
                            new DataInputStream(new ByteArrayInputStream(rs.getBytes(2)))));
                    customers++;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try (ResultSet rs = c.createStatement().executeQuery(
                    "select event_id, event_type, subject, data::text from billing_facts")) {
                while (rs.next()) {
                    CloudEvent envelope = new CloudEvent(CloudEvent.SPEC_VERSION, rs.getString(1), "/billing/replay",
                            rs.getString(2), rs.getString(3), null, CloudEvent.JSON,
                            Json.mapper().readTree(rs.getString(4)));
                    state.apply(CloudEvents.unwrap(envelope));
                    facts++;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        LOG.infof("loaded %d customer projections and %d billing facts", customers, facts);
    }

    private static byte[] snapshot(CustomerUnits units) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try {
            units.writeTo(new DataOutputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
