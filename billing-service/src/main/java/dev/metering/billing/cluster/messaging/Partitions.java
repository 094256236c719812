package dev.metering.billing.cluster.messaging;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Which partition of the customer-keyed topics holds a customer: exactly what Kafka's default partitioner
 * computes for the record key (murmur2 of the key's UTF-8 bytes). {@code telemetry.heartbeats},
 * {@code customers.events} and {@code licenses.events} have the same partition count and are all keyed by
 * customer id, so partition p of each holds the same customers and one instance can own all of them.
 */
public final class Partitions {

    private Partitions() {
    }

    public static int of(String customerId, int partitionCount) {
        if (partitionCount <= 0) {
            throw new IllegalArgumentException("partition count must be positive: " + partitionCount);
        }
        return Utils.toPositive(Utils.murmur2(customerId.getBytes(StandardCharsets.UTF_8))) % partitionCount;
    }
}
