package dev.metering.testsupport;

import dev.metering.contracts.CloudEvent;
import dev.metering.contracts.CloudEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionTimeoutException;

/** Plain Kafka clients for tests: produce records and read a whole topic back from the real broker. */
public final class TopicClient {

    private final String bootstrapServers;
    private final Map<String, String> clientSecurity;

    public TopicClient(String bootstrapServers) {
        this(bootstrapServers, Map.of());
    }

    /** With client settings besides the servers (security.protocol, sasl.*, ssl.*). */
    public TopicClient(String bootstrapServers, Map<String, String> clientSecurity) {
        this.bootstrapServers = bootstrapServers;
        this.clientSecurity = Map.copyOf(clientSecurity);
    }

    /** Produces one binary-mode CloudEvent and waits for the broker's acknowledgement. */
    public void produce(String topic, String key, CloudEvent envelope) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, CloudEvents.dataBytes(envelope));
        CloudEvents.binaryHeaders(envelope).forEach((k, v) -> record.headers().add(k, v));
        produce(record);
    }

    @SafeVarargs
    public final void produce(ProducerRecord<String, byte[]>... records) {
        send(List.of(records));
    }

    /**
     * Produces the records in order with one producer and waits for every acknowledgement; returns where each
     * was written (topic, partition, offset), in the order given.
     */
    public List<RecordMetadata> send(List<ProducerRecord<String, byte[]>> records) {
        Properties p = new Properties();
        p.putAll(clientSecurity);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            List<java.util.concurrent.Future<RecordMetadata>> acks = new ArrayList<>();
            for (ProducerRecord<String, byte[]> r : records) {
                acks.add(producer.send(r));
            }
            List<RecordMetadata> written = new ArrayList<>();
            for (var ack : acks) {
                written.add(ack.get(30, TimeUnit.SECONDS));
            }
            return written;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("produce failed: " + e, e);
        }
    }

    /** Every record currently in the topic (all partitions, from the beginning). */
    public List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        return readUntil(topic, records -> true, Duration.ZERO);
    }

    /**
     * Reads the topic from the beginning until {@code done} holds for everything read so far, or the
     * timeout passes; returns what was read (the caller asserts on it).
     */
    public List<ConsumerRecord<String, byte[]>> readUntil(String topic,
            Predicate<List<ConsumerRecord<String, byte[]>>> done, Duration timeout) {
        Properties p = new Properties();
        p.putAll(clientSecurity);
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            readToEnd(consumer, partitions, out);
            if (!done.test(out) && !timeout.isZero() && !timeout.isNegative()) {
                try {
                    Waits.await("records of " + topic).atMost(timeout).until(() -> {
                        readToEnd(consumer, partitions, out);
                        return done.test(out);
                    });
                } catch (ConditionTimeoutException notYet) {
                    // what was read is returned all the same: the caller's assertion says what is missing
                }
            }
            return out;
        }
    }

    /** Polls until the consumer's position is the end of every partition as it was when called. */
    private static void readToEnd(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions,
            List<ConsumerRecord<String, byte[]>> out) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        boolean caughtUp;
        do {
            consumer.poll(Duration.ofMillis(100)).forEach(out::add);
            caughtUp = partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
        } while (!caughtUp);
    }

    public static Map<String, byte[]> headers(ConsumerRecord<?, ?> r) {
        Map<String, byte[]> headers = new HashMap<>();
        for (Header h : r.headers()) {
            headers.put(h.key(), h.value());
        }
        return headers;
    }

    public static CloudEvent envelope(ConsumerRecord<String, byte[]> r) {
        return CloudEvents.read(headers(r), r.value());
    }
}
