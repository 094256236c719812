package dev.metering.psa.deadletter.store;

import dev.metering.contracts.CloudEvent;
import dev.metering.platform.kafka.ConsumedText;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

/** Records a consumed Kafka record this service cannot use, with its reason; the consumer goes on. */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private final DataSource db;

    public DeadLetters(DataSource db) {
        this.db = db;
    }

    public void record(ConsumerRecord<String, byte[]> record, String reason, String detail) {
        LOG.warnf("dead letter from %s-%d@%d: %s (%s)", record.topic(), record.partition(), record.offset(), reason,
                detail);
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("insert into dead_letters("
                + "topic, partition, record_offset, record_key, reason, detail, payload) values (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, record.topic());
            ps.setInt(2, record.partition());
            ps.setLong(3, record.offset());
            // whatever the record held, its dead letter is storable: NUL and lone surrogates become U+FFFD
            ps.setString(4, ConsumedText.storable(record.key()));
            ps.setString(5, reason);
            ps.setString(6, detail == null ? "" : ConsumedText.storable(detail));
            ps.setString(7, record.value() == null ? null
                    : ConsumedText.storable(new String(record.value(), StandardCharsets.UTF_8)));
            ps.executeUpdate();
        } catch (SQLException e) {
            LOG.errorf("could not store dead letter of %s-%d@%d: %s", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
        }
    }

    /**
     * Null when the event's data and id follow the platform's text rule with ids PostgreSQL can index (#14),
     * otherwise what is wrong: such a record is a dead letter ({@code invalid-characters}).
     */
    public static String textProblem(CloudEvent envelope) {
        String problem = ConsumedText.problem(envelope.data());
        if (problem == null && ConsumedText.idProblem(envelope.id()) != null) {
            problem = "id " + ConsumedText.idProblem(envelope.id());
        }
        return problem;
    }

    public static Map<String, byte[]> headers(ConsumerRecord<?, ?> record) {
        Map<String, byte[]> out = new HashMap<>();
        for (Header h : record.headers()) {
            out.put(h.key(), h.value());
        }
        return out;
    }
}
