package dev.metering.billing.usage.store;

import dev.metering.billing.account.BillingState;
import dev.metering.billing.usage.CustomerUnits;
import dev.metering.billing.usage.UsageProjection;
import dev.metering.contracts.CloudEvent;
import dev.metering.contracts.CloudEvents;
import dev.metering.contracts.Json;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
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
import java.util.ArrayList;
import java.util.Collection;
import java.util.Set;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
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

    /** Rows a start-up load holds at a time (a customer's snapshot is a few kB at 100 devices). */
    static final int LOAD_FETCH_ROWS = 500;

    private final AgroalDataSource dataSource;

    public FoldStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public record Fact(String eventId, String topic, int partition, String type, String subject, String json) {
    }

    public record DeadLetter(String topic, int partition, long offset, String key, String reason, String detail,
            String headersJson, byte[] payload) {
    }

    /**
     * What one batch changed. {@code expectedOffsets} are the positions this instance last stored (or loaded)
     * for the batch's partitions, absent for a partition nothing was stored for yet: the store succeeds only
     * while they are still the stored ones (see {@link Fenced}).
     */
    public record Batch(Collection<CustomerUnits> touched, List<Fact> facts, List<DeadLetter> deadLetters,
            Map<TopicPartition, Long> nextOffsets, Map<TopicPartition, Long> expectedOffsets) {
    }

    /**
     * Another instance has stored a partition of this batch since this instance loaded it: this instance no
     * longer owns it (a rebalance it has not seen yet, or a pause longer than the session timeout). The batch
     * is rolled back as a whole, so a stale owner can never overwrite a newer owner's snapshots.
     */
    public static final class Fenced extends RuntimeException {
        public Fenced(String message) {
            super(message);
        }
    }

    /**
     * The partition of a customer id (Kafka's partitioner over the topics' partition count), set once the topics
     * are described at start.
     */
    private volatile ToIntFunction<String> partitioner = id -> 0;

    public void partitioner(ToIntFunction<String> partitionOfCustomer) {
        this.partitioner = partitionOfCustomer;
    }

    public void store(Batch batch) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!batch.touched().isEmpty()) {
                    ToIntFunction<String> partitionOf = partitioner;
                    try (PreparedStatement ps = c.prepareStatement("insert into customer_units (customer_id, "
                            + "snapshot, part, updated_at) values (?, ?, ?, now()) on conflict (customer_id) do update "
                            + "set snapshot = excluded.snapshot, part = excluded.part, updated_at = now()")) {
                        for (CustomerUnits u : batch.touched()) {
                            ps.setString(1, u.customerId());
                            ps.setBytes(2, snapshot(u));
                            ps.setInt(3, partitionOf.applyAsInt(u.customerId()));
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                }
                if (!batch.facts().isEmpty()) {
                    try (PreparedStatement ps = c.prepareStatement("insert into billing_facts (event_id, topic, "
                            + "part, event_type, subject, data) values (?, ?, ?, ?, ?, ?::jsonb) on conflict do nothing")) {
                        for (Fact f : batch.facts()) {
                            ps.setString(1, f.eventId());
                            ps.setString(2, f.topic());
                            ps.setInt(3, f.partition());
                            ps.setString(4, f.type());
                            ps.setString(5, f.subject());
                            ps.setString(6, f.json());
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
                storeOffsets(c, batch);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * The batch's next offsets, each written only if the stored one is still the one this instance expects
     * (compare-and-set per partition): the fence against a stale owner.
     */
    private static void storeOffsets(Connection c, Batch batch) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("update consumer_offsets set next_offset = ? "
                + "where topic = ? and partition = ? and next_offset = ?");
                PreparedStatement insert = c.prepareStatement("insert into consumer_offsets (topic, partition, "
                        + "next_offset) values (?, ?, ?) on conflict (topic, partition) do nothing")) {
            for (Map.Entry<TopicPartition, Long> e : batch.nextOffsets().entrySet()) {
                TopicPartition tp = e.getKey();
                Long expected = batch.expectedOffsets().get(tp);
                int rows;
                if (expected == null) {
                    insert.setString(1, tp.topic());
                    insert.setInt(2, tp.partition());
                    insert.setLong(3, e.getValue());
                    rows = insert.executeUpdate();
                } else {
                    update.setLong(1, e.getValue());
                    update.setString(2, tp.topic());
                    update.setInt(3, tp.partition());
                    update.setLong(4, expected);
                    rows = update.executeUpdate();
                }
                if (rows != 1) {
                    throw new Fenced(tp + " was stored by another instance since this one loaded it (expected "
                            + (expected == null ? "nothing stored" : "next offset " + expected) + ")");
                }
            }
        }
    }

    /** Every stored next offset. */
    public Map<TopicPartition, Long> offsets() throws SQLException {
        return offsets(null);
    }

    /** The stored next offsets of these partitions (every topic); all when {@code parts} is null. */
    public Map<TopicPartition, Long> offsets(Set<Integer> parts) throws SQLException {
        Map<TopicPartition, Long> out = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                ResultSet rs = c.createStatement().executeQuery(
                        "select topic, partition, next_offset from consumer_offsets")) {
            while (rs.next()) {
                if (parts == null || parts.contains(rs.getInt(2))) {
                    out.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
                }
            }
        }
        return out;
    }

    /**
     * Names the partition of every row written before rows named it (V4), with the {@link #partitioner} over the
     * key (customer id; a billing fact's subject, its record key).
     */
    public void nameMissingPartitions() throws SQLException {
        int units = 0;
        int facts = 0;
        try (Connection c = dataSource.getConnection()) {
            units = fill(c, "select customer_id from customer_units where part is null",
                    "update customer_units set part = ? where customer_id = ?", partitioner);
            facts = fill(c, "select distinct subject from billing_facts where part is null and subject is not null",
                    "update billing_facts set part = ? where subject = ? and part is null", partitioner);
        }
        if (units + facts > 0) {
            LOG.infof("named the partition of %d stored customer projections and %d fact subjects", units, facts);
        }
    }

    private static int fill(Connection c, String select, String update,
            ToIntFunction<String> partitionOf) throws SQLException {
        List<String> keys = new ArrayList<>();
        try (ResultSet rs = c.createStatement().executeQuery(select)) {
            while (rs.next()) {
                keys.add(rs.getString(1));
            }
        }
        try (PreparedStatement ps = c.prepareStatement(update)) {
            for (String k : keys) {
                ps.setInt(1, partitionOf.applyAsInt(k));
                ps.setString(2, k);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return keys.size();
    }

    /** Every stored projection and fact (a single instance owning every partition; tests). */
    public void load(UsageProjection usage, BillingState state) throws SQLException {
        load(null, usage, state);
    }

    /**
     * Adds to the in-memory projections the stored snapshots and facts of these partitions ({@code null}: all).
     */
    public void load(Set<Integer> parts, UsageProjection usage, BillingState state) throws SQLException {
        int customers = 0;
        int facts = 0;
        String where = parts == null ? "" : " where part = any(?)";
        try (Connection c = dataSource.getConnection()) {
            // a cursor (a fetch size inside a transaction): without it the driver holds every row of the result
            // before the first is read, at the design point (10 M devices, #16) every snapshot at once beside the
            // state being built from them
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("select customer_id, snapshot from customer_units"
                        + where)) {
                    ps.setFetchSize(LOAD_FETCH_ROWS);
                    bindParts(c, ps, parts);
                    ResultSet rs = ps.executeQuery();
                    while (rs.next()) {
                        usage.put(CustomerUnits.readFrom(rs.getString(1), usage.window(),
                                new DataInputStream(new ByteArrayInputStream(rs.getBytes(2)))));
                        customers++;
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "select event_id, event_type, subject, data::text from billing_facts" + where)) {
                    ps.setFetchSize(LOAD_FETCH_ROWS);
                    bindParts(c, ps, parts);
                    ResultSet rs = ps.executeQuery();
                    while (rs.next()) {
                        CloudEvent envelope = new CloudEvent(CloudEvent.SPEC_VERSION, rs.getString(1),
                                "/billing/replay", rs.getString(2), rs.getString(3), null, CloudEvent.JSON,
                                Json.mapper().readTree(rs.getString(4)));
                        state.apply(CloudEvents.unwrap(envelope));
                        facts++;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                c.rollback(); // it only read
                c.setAutoCommit(autoCommit);
            }
        }
        LOG.infof("loaded %d customer projections and %d billing facts of partitions %s", customers, facts,
                parts == null ? "all" : new java.util.TreeSet<>(parts));
    }

    private static void bindParts(Connection c, PreparedStatement ps, Set<Integer> parts) throws SQLException {
        if (parts != null) {
            ps.setArray(1, c.createArrayOf("int4", parts.toArray()));
        }
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
