package dev.metering.launcher;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metering.contracts.CloudEvent;
import dev.metering.contracts.CloudEvents;
import dev.metering.contracts.Json;
import dev.metering.contracts.MeteringEvent;
import dev.metering.contracts.ProductCode;
import dev.metering.contracts.Topics;
import dev.metering.contracts.telemetry.DeviceHeartbeat;
import dev.metering.contracts.telemetry.DeviceKind;
import dev.metering.contracts.telemetry.TelemetryEvent;
import dev.metering.testsupport.TestTokens;
import dev.metering.testsupport.TopicClient;
import dev.metering.testsupport.Waits;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Utils;

/**
 * What the launcher's billing tests share: records as customer-service's outbox and telemetry-ingest write them
 * (binary CloudEvents keyed by customer id), and calls to a billing process's REST API.
 */
final class BillingCalls {

    /** Records handed to one producer at a time when producing many. */
    private static final int CHUNK = 20_000;

    private BillingCalls() {
    }

    static DeviceHeartbeat heartbeat(String customer, String device, Instant at) {
        return new DeviceHeartbeat(UUID.randomUUID().toString(), customer, device, DeviceKind.WORKSTATION,
                Set.of(ProductCode.ENDPOINT_STANDARD), null, device + ".local", "2026.1", at, at);
    }

    /** The record a service publishes for {@code e}: telemetry to telemetry.heartbeats, the rest customers.events. */
    static ProducerRecord<String, byte[]> record(MeteringEvent e) {
        String topic = e instanceof TelemetryEvent ? Topics.TELEMETRY_HEARTBEATS : Topics.CUSTOMERS_EVENTS;
        String id = e instanceof TelemetryEvent t ? t.eventId() : UUID.randomUUID().toString();
        CloudEvent envelope = CloudEvents.wrap(id, "/launcher-test", e);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, e.subject(),
                CloudEvents.dataBytes(envelope));
        CloudEvents.binaryHeaders(envelope).forEach((k, v) -> record.headers().add(k, v));
        return record;
    }

    /** Produces one event and waits for the broker's acknowledgement (acks=all). */
    static void produce(TopicClient topics, MeteringEvent e) {
        topics.produce(record(e));
    }

    /** Produces the events in order (per key), a chunk per producer, each acknowledged before the next. */
    @SuppressWarnings("unchecked")
    static void produceAll(TopicClient topics, List<? extends MeteringEvent> events) {
        for (int from = 0; from < events.size(); from += CHUNK) {
            List<ProducerRecord<String, byte[]>> chunk = new ArrayList<>();
            for (MeteringEvent e : events.subList(from, Math.min(events.size(), from + CHUNK))) {
                chunk.add(record(e));
            }
            topics.produce(chunk.toArray(new ProducerRecord[0]));
        }
    }

    /** The partition Kafka's default partitioner gives a customer id key. */
    static int partitionOf(String customerId, int partitions) {
        return Utils.toPositive(Utils.murmur2(customerId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** The operator's close of a period on one instance. */
    static Response close(String url, YearMonth period) {
        return given().baseUri(url).auth().oauth2(TestTokens.operator()).post("/v1/periods/" + period + "/close");
    }

    /** One value of the instance's Prometheus metrics (the first series of that name). */
    static double metric(String url, String name) {
        String text = given().baseUri(url).get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : text.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no metric " + name + " at " + url);
    }

    /** Whether the instance answers ready (false while it is not listening). */
    static boolean ready(String url) {
        try {
            return given().baseUri(url).get("/q/health/ready").statusCode() == 200;
        } catch (Exception e) {
            return false; // not listening yet (RestAssured rethrows the ConnectException as it is)
        }
    }

    static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** The project's wait, polled every 250 ms: a poll here asks whole running services, often several. */
    static void await(String what, Duration timeout, BooleanSupplier condition) {
        Waits.await(what).atMost(timeout).pollInterval(Duration.ofMillis(250)).until(condition::getAsBoolean);
    }
}
