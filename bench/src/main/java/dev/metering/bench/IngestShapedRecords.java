package dev.metering.bench;

import dev.metering.contracts.Topics;
import dev.metering.contracts.telemetry.DeviceHeartbeat;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Makes Kafka's producer tool send what telemetry-ingest sends (#16, like for like): an interceptor
 * ({@code interceptor.classes}) that swaps each of the tool's random payloads for the next pre-built record of
 * the ingest stage's slice, exactly as ingest writes it to {@code telemetry.heartbeats} (binary-mode CloudEvent,
 * key and subject = the ingest customer, id = {@code customerId:eventId}, the contracts' JSON as value), so the
 * broker stores the same bytes and billing can fold them live. The records are built in {@link #configure},
 * before the tool starts its clock; the system property {@code bench.cpu.start.ns} marks the end of that work
 * so {@link WithCpu} counts only the sending.
 *
 * <p>Producer properties: {@code bench.workload} = customers,devicesPerCustomer,heartbeatsPerDevice,closeAt,seed;
 * {@code bench.from} / {@code bench.to} = the slice; {@code bench.customers} = the ingest customers (comma
 * separated), heartbeat i belongs to customer (i / 1000) mod n (a batch per customer, as the load generator sends);
 * {@code bench.topic} = the topic the records go to.
 */
public final class IngestShapedRecords implements ProducerInterceptor<byte[], byte[]> {

    private ProducerRecord<byte[], byte[]>[] records;
    private int next;

    @Override
    @SuppressWarnings("unchecked")
    public void configure(Map<String, ?> configs) {
        String[] w = String.valueOf(configs.get("bench.workload")).split(",");
        Workload workload = new Workload(Integer.parseInt(w[0]), Integer.parseInt(w[1]), Integer.parseInt(w[2]),
                Instant.parse(w[3]), Long.parseLong(w[4]));
        long from = Long.parseLong(String.valueOf(configs.get("bench.from")));
        long to = Long.parseLong(String.valueOf(configs.get("bench.to")));
        String[] customers = String.valueOf(configs.get("bench.customers")).split(",");
        Object named = configs.get("bench.topic");
        String topic = named == null ? Topics.TELEMETRY_HEARTBEATS : String.valueOf(named);
        records = new ProducerRecord[(int) (to - from)];
        for (long i = from; i < to; i++) {
            DeviceHeartbeat hb = workload.heartbeat(i);
            String customer = customers[(int) ((i / IngestStage.BATCH) % customers.length)];
            DeviceHeartbeat asIngested = new DeviceHeartbeat(hb.eventId(), customer, hb.deviceId(), hb.deviceKind(),
                    hb.products(), hb.userId(), hb.hostname(), hb.agentVersion(), hb.occurredAt(), hb.receivedAt());
            ProducerRecord<String, byte[]> r = TopicFiller.record(topic, customer + ":" + hb.eventId(),
                    "/telemetry-ingest", asIngested);
            records[(int) (i - from)] = new ProducerRecord<>(topic, null, r.key().getBytes(StandardCharsets.UTF_8),
                    r.value(), r.headers());
        }
        System.setProperty("bench.cpu.start.ns", Long.toString(((com.sun.management.OperatingSystemMXBean)
                ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime()));
        System.out.println("PREPARED " + records.length + " ingest-shaped records for " + topic);
    }

    @Override
    public ProducerRecord<byte[], byte[]> onSend(ProducerRecord<byte[], byte[]> record) {
        ProducerRecord<byte[], byte[]> r = records[next];
        next = next + 1 == records.length ? 0 : next + 1;
        return r;
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
    }

    @Override
    public void close() {
    }
}
