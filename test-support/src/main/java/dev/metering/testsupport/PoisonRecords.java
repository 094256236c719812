package dev.metering.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metering.contracts.CloudEvent;
import dev.metering.contracts.CloudEvents;
import dev.metering.contracts.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Seeded generator of poison records for the property tests of every service's consumers (#14, finding 2):
 * random bytes, NUL and other control characters, lone surrogates, ids beyond PostgreSQL's index limit
 * (8 191 bytes), huge values, tombstones, odd record keys and headers. The seed comes from
 * {@code -Dpoison.seed=N} or the clock and is printed, so a failing run can be replayed.
 */
public final class PoisonRecords {

    private static final String MARK = "\u2603poison\u2603";
    /** The C0 control characters the platform's text rule refuses: all but tab, line feed and carriage return. */
    private static final String C0_CONTROLS;

    static {
        StringBuilder b = new StringBuilder();
        for (char c = 1; c < 0x20; c++) {
            if (c != '\t' && c != '\n' && c != '\r') {
                b.append(c);
            }
        }
        C0_CONTROLS = b.toString();
    }

    private final Random random;

    public PoisonRecords(Random random) {
        this.random = random;
    }

    /** A generator seeded from {@code -Dpoison.seed} or the clock; prints the seed for {@code test}. */
    public static PoisonRecords seeded(String test) {
        long seed = Long.getLong("poison.seed", System.nanoTime());
        System.out.println("[" + test + "] seed " + seed + " (-Dpoison.seed=" + seed + " to replay)");
        return new PoisonRecords(new Random(seed));
    }

    public Random random() {
        return random;
    }

    /** NUL, another control character, a lone surrogate, or an id far beyond PostgreSQL's index limit. */
    public String poisonString() {
        return random.nextInt(6) == 5 ? "id-" + random.nextInt(1000) + "x".repeat(8_192 + random.nextInt(20_000))
                : badCharacters();
    }

    /** A short text holding NUL, another control character or a lone surrogate. */
    public String badCharacters() {
        String base = "id-" + random.nextInt(1000);
        return switch (random.nextInt(5)) {
            case 0 -> "id\u0000" + base;
            case 1 -> "\u0000";
            case 2 -> base + (random.nextBoolean() ? C0_CONTROLS.charAt(random.nextInt(C0_CONTROLS.length()))
                    : (char) (0x7f + random.nextInt(33))) + "x";
            case 3 -> base + "\ud800";
            default -> "\udc00" + base;
        };
    }

    /**
     * A record that can never be a valid {@code event}: its value is random bytes, huge, absent, or the event's
     * JSON with one of {@code fields} (names of string members of the event's data) poisoned; its headers are
     * the event's binary CloudEvent headers, sometimes without a type or with a random one; key and headers are
     * sometimes odd. A member named {@code ...Id} is an id and gets any poison (an id beyond PostgreSQL's index
     * limit too); another member is text and gets bad characters (a long name is no poison).
     *
     * @param key the key the service's producer would use (customer or partner id)
     */
    public ProducerRecord<String, byte[]> poisonEvent(String topic, String key, CloudEvent event, List<String> fields) {
        byte[] value;
        boolean damagedEnvelope = false;
        int shape = random.nextInt(12);
        if (shape == 0) {
            value = randomBytes(random.nextInt(2000));
        } else if (shape == 1) {
            value = huge(random.nextBoolean() ? '[' : '{');
        } else if (shape == 2) {
            value = null;
        } else if (shape == 3) {
            value = CloudEvents.dataBytes(event);
            damagedEnvelope = true;
        } else {
            String field = fields.get(random.nextInt(fields.size()));
            value = withPoisonedField(CloudEvents.dataBytes(event), field,
                    field.endsWith("Id") ? poisonString() : badCharacters());
        }
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, oddKey(key), value);
        CloudEvents.binaryHeaders(event).forEach((k, v) -> record.headers().add(k, v));
        if (damagedEnvelope) {
            damageEnvelope(record);
        }
        oddHeaders(record);
        return record;
    }

    /**
     * The event's CloudEvent type removed (the value is then neither binary nor structured mode) or random (an
     * unknown type: a tolerant reader may skip it, see {@link #unknownType}).
     */
    private void damageEnvelope(ProducerRecord<String, byte[]> record) {
        record.headers().remove(CloudEvents.HEADER_PREFIX + "type");
        if (random.nextBoolean()) {
            record.headers().add(CloudEvents.HEADER_PREFIX + "type", randomBytes(40));
        }
    }

    /** Whether the record's CloudEvent type is one no service knows (tolerant readers skip such records). */
    public static boolean unknownType(ProducerRecord<String, byte[]> record) {
        org.apache.kafka.common.header.Header type = record.headers().lastHeader(CloudEvents.HEADER_PREFIX + "type");
        return type != null && type.value() != null
                && dev.metering.contracts.EventTypes.classOf(new String(type.value(), StandardCharsets.UTF_8)) == null;
    }

    /** {@code json} (an object) with the string member {@code field} set to {@code poison}, escaped as JSON does. */
    public static byte[] withPoisonedField(byte[] json, String field, String poison) {
        try {
            JsonNode node = Json.mapper().readTree(json);
            if (!(node instanceof ObjectNode object) || !object.has(field)) {
                throw new IllegalArgumentException("no member " + field + " in " + new String(json,
                        StandardCharsets.UTF_8));
            }
            object.put(field, MARK);
            String text = Json.mapper().writeValueAsString(object);
            return bytes(text.replace("\"" + MARK + "\"", quote(poison)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JSON string literal that keeps NUL, controls and lone surrogates as \\u escapes. */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c < 0x20 || c == '"' || c == '\\' || c >= 0x7f && c < 0xa0 || Character.isSurrogate(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /** Usually {@code good}; sometimes no key, a key with NUL, or a 10 000-character key. */
    public String oddKey(String good) {
        return switch (random.nextInt(6)) {
            case 0 -> null;
            case 1 -> good + "\u0000";
            case 2 -> "k".repeat(10_000);
            default -> good;
        };
    }

    /** Sometimes adds an odd header: a null value, NUL in the name, a hundred headers, a 20 kB header. */
    public void oddHeaders(ProducerRecord<String, byte[]> record) {
        switch (random.nextInt(5)) {
            case 0 -> record.headers().add("ce_id", null);
            case 1 -> record.headers().add("x-\u0000-odd", randomBytes(100));
            case 2 -> {
                for (int h = 0; h < 100; h++) {
                    record.headers().add("h" + h, randomBytes(50));
                }
            }
            case 3 -> record.headers().add("big", randomBytes(20_000));
            default -> {
            }
        }
    }

    public byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** 300 to 600 kB of one character: far more than any event, well under the broker's record limit. */
    public byte[] huge(char fill) {
        byte[] b = new byte[300_000 + random.nextInt(300_000)];
        Arrays.fill(b, (byte) fill);
        return b;
    }

    /** The partition Kafka's default partitioner gives a record keyed {@code key}. */
    public static int partitionOf(String key, int partitions) {
        return org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(
                bytes(key))) % partitions;
    }

    /** One key per partition: {@code prefix-0}, {@code prefix-1}, ... chosen so each lands on another partition. */
    public static java.util.List<String> keyPerPartition(String prefix, int partitions) {
        String[] keys = new String[partitions];
        int found = 0;
        for (int i = 0; found < partitions; i++) {
            String key = prefix + "-" + i;
            int p = partitionOf(key, partitions);
            if (keys[p] == null) {
                keys[p] = key;
                found++;
            }
        }
        return java.util.List.of(keys);
    }

    public static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * topic/partition@offset → reason, for the dead letters (with a non-blank reason) that a service's
     * {@code dead_letters} table holds for these records; {@code offsetColumn} names its offset column.
     */
    public static java.util.Map<String, String> deadLetters(String offsetColumn,
            List<org.apache.kafka.clients.producer.RecordMetadata> records) {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        try (java.sql.Connection conn = ServiceFoundationContract.jdbc();
                java.sql.PreparedStatement ps = conn.prepareStatement("select reason from dead_letters where topic = ?"
                        + " and partition = ? and " + offsetColumn + " = ? and reason <> ''")) {
            for (org.apache.kafka.clients.producer.RecordMetadata m : records) {
                ps.setString(1, m.topic());
                ps.setInt(2, m.partition());
                ps.setLong(3, m.offset());
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        out.put(m.topic() + "/" + m.partition() + "@" + m.offset(), rs.getString(1));
                    }
                }
            }
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
        return out;
    }
}
