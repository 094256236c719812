package dev.metering.billing;

import static dev.metering.billing.Facts.heartbeat;
import static dev.metering.contracts.ProductCode.SERVER_ADVANCED;
import static dev.metering.testsupport.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.billing.usage.ProductResolver;
import dev.metering.billing.usage.UsageProjection;
import dev.metering.billing.usage.messaging.FoldingConsumer;
import dev.metering.contracts.CloudEvent;
import dev.metering.contracts.CloudEvents;
import dev.metering.contracts.Topics;
import dev.metering.contracts.telemetry.DeviceHeartbeat;
import dev.metering.testsupport.ServiceFoundationContract;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The two-thread fold (poll → hot-path scanner or general decoder → batch stored with its offsets)
 * through the REAL broker and PostgreSQL: poison records in the middle of one batch are dead-lettered
 * with their precise reason while every good record around them folds (R16–R21), and records the
 * hot path declines but that are valid still fold.
 */
@QuarkusTest
class FoldingPipelineTest {

    static final Instant S = Instant.parse("2026-11-01T00:00:00Z");

    @Inject
    UsageProjection usage;
    @Inject
    FoldingConsumer consumer;

    final String run = UUID.randomUUID().toString().substring(0, 8);

    static ProducerRecord<String, byte[]> record(String key, CloudEvent envelope, byte[] value) {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(Topics.TELEMETRY_HEARTBEATS, key, value);
        CloudEvents.binaryHeaders(envelope).forEach((k, v) -> r.headers().add(k, v));
        return r;
    }

    static ProducerRecord<String, byte[]> plain(String key, DeviceHeartbeat hb) {
        CloudEvent e = CloudEvents.wrap(hb.eventId(), "/test", hb);
        return record(key, e, CloudEvents.dataBytes(e));
    }

    static ProducerRecord<String, byte[]> withValue(String key, DeviceHeartbeat hb, String json) {
        return record(key, CloudEvents.wrap(hb.eventId(), "/test", hb), json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void poisonInTheMiddleOfABatchIsDeadLetteredWhileTheGoodRecordsAroundItFold() {
        String c = "cp-" + run;
        long deadBefore = consumer.deadLettered();
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            records.add(plain(c, heartbeat(c, "d-" + i, SERVER_ADVANCED, null, "2026-10-20T00:00:00Z")));
            if (i == 150) { // not JSON at all
                records.add(withValue(c, heartbeat(c, "x", SERVER_ADVANCED, null, "2026-10-20T00:00:00Z"), "not json"));
            }
            if (i == 300) { // the plain shape, but no device: the fold refuses it
                records.add(withValue(c, heartbeat(c, "x", SERVER_ADVANCED, null, "2026-10-20T00:00:00Z"),
                        "{\"customerId\":\"" + c + "\",\"deviceId\":\" \",\"products\":[\"SERVER_ADVANCED\"],"
                                + "\"occurredAt\":\"2026-10-20T00:00:00Z\"}"));
            }
            if (i == 450) { // no product
                records.add(withValue(c, heartbeat(c, "x", SERVER_ADVANCED, null, "2026-10-20T00:00:00Z"),
                        "{\"eventId\":\"np-" + run + "\",\"customerId\":\"" + c + "\",\"deviceId\":\"x\","
                                + "\"products\":[],\"occurredAt\":\"2026-10-20T00:00:00Z\"}"));
            }
            if (i == 500) { // valid, but not what the hot path takes: escapes, a nested unknown field, pretty-printed
                records.add(withValue(c, heartbeat(c, "x", SERVER_ADVANCED, null, "2026-10-20T00:00:00Z"),
                        "{\n  \"customerId\" : \"" + c + "\",\n  \"deviceId\" : \"d-\\u00e9\",\n"
                                + "  \"products\" : [ \"SERVER_ADVANCED\" ],\n  \"extra\" : { \"a\" : [ 1, 2 ] },\n"
                                + "  \"occurredAt\" : \"2026-10-20T00:00:00.000000001Z\"\n}"));
            }
        }
        ServiceFoundationContract.topics().produce(records.toArray(ProducerRecord[]::new));

        await("the good records", () -> usage.find(c) != null
                && usage.find(c).countsAt(S.toEpochMilli(), ProductResolver.AS_REPORTED)
                        .getOrDefault(SERVER_ADVANCED, 0) == 601);
        assertThat(usage.find(c).isActive("d-é", SERVER_ADVANCED, S.toEpochMilli())).isTrue();
        assertThat(usage.find(c).isActive("d-599", SERVER_ADVANCED, S.toEpochMilli())).isTrue();
        await("dead letters stored", () -> deadLetters(c).size() == 3);
        TreeMap<String, String> dead = new TreeMap<>();
        deadLetters(c).forEach(d -> dead.merge(d[0], d[1], (a, b) -> a + " | " + b));
        assertThat(dead.keySet()).containsExactly("bad-json", "invalid-event");
        assertThat(dead.get("invalid-event")).contains("missing deviceId").contains("np-" + run + " names no product");
        assertThat(consumer.deadLettered() - deadBefore).isEqualTo(3);
    }

    /**
     * Operators (and the demo) read billing's progress as the consumer group's lag: after a restart the
     * group's committed offsets must reach the end of the topics without any new record arriving (the
     * offsets that count are stored in PostgreSQL with each batch; Kafka's copy must not stay behind).
     */
    @Test
    void afterARestartTheGroupsCommittedOffsetsReachTheEndOfTheTopics() throws Exception {
        String c = "cr-" + run;
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            records.add(plain(c, heartbeat(c, "d-" + i, SERVER_ADVANCED, null, "2026-10-20T00:00:00Z")));
        }
        ServiceFoundationContract.topics().produce(records.toArray(ProducerRecord[]::new));
        await("folded", () -> usage.find(c) != null
                && usage.find(c).countsAt(S.toEpochMilli(), ProductResolver.AS_REPORTED)
                        .getOrDefault(SERVER_ADVANCED, 0) == 200);

        consumer.restartFromStore(); // at once: the last batch may just have been stored

        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        await("group lag 0 on " + Topics.TELEMETRY_HEARTBEATS, () -> lag(bootstrap) == 0);
        assertThat(lag(bootstrap)).isZero();
        assertThat(usage.find(c).countsAt(S.toEpochMilli(), ProductResolver.AS_REPORTED).get(SERVER_ADVANCED))
                .as("nothing counted twice after the restart (R21)").isEqualTo(200);
    }

    static long lag(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("billing-service")
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            admin.describeTopics(List.of(Topics.TELEMETRY_HEARTBEATS)).allTopicNames().get(10, TimeUnit.SECONDS)
                    .forEach((name, d) -> d.partitions().forEach(info -> request.put(
                            new TopicPartition(name, info.partition()), OffsetSpec.latest())));
            long lag = 0;
            for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e : admin.listOffsets(request).all()
                    .get(10, TimeUnit.SECONDS).entrySet()) {
                OffsetAndMetadata at = committed.get(e.getKey());
                lag += e.getValue().offset() - (at == null ? 0 : at.offset());
            }
            return lag;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    List<String[]> deadLetters(String key) {
        List<String[]> out = new ArrayList<>();
        try (Connection conn = ServiceFoundationContract.jdbc();
                var ps = conn.prepareStatement("select reason, detail from dead_letters where record_key = ?")) {
            ps.setString(1, key);
            ResultSet rs = ps.executeQuery();
            while (rs.next()) {
                out.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return out;
    }
}
