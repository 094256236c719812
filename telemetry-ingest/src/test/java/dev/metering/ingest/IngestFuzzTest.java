package dev.metering.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metering.contracts.ProductCode;
import dev.metering.contracts.ProductFamily;
import dev.metering.contracts.Topics;
import dev.metering.testsupport.ServiceFoundationContract;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Property/fuzz test: thousands of random and malformed bodies (bad JSON, random bytes, huge strings,
 * wrong types, deep nesting, invalid UTF-8, truncation) never yield a 5xx; in every readable body each
 * valid item is accepted, and every accepted item is on telemetry.heartbeats (nothing acknowledged is lost).
 * Seed: {@code -Dfuzz.seed=...}; count: {@code -Dfuzz.bodies=...}.
 */
@QuarkusTest
class IngestFuzzTest {

    static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final String[] CONTENT_TYPES = { "application/json", "application/x-ndjson", "application/cloudevents+json",
            "application/cloudevents-batch+json", "text/plain", "application/xml", "", "application/json; charset=utf-8" };

    final long seed = Long.getLong("fuzz.seed", System.nanoTime());
    final int bodies = Integer.getInteger("fuzz.bodies", 2500);
    final Random random = new Random(seed);
    final String customer = "fuzz-" + UUID.randomUUID();
    int counter;
    final Set<String> acknowledged = new HashSet<>();
    final Set<String> validSent = new HashSet<>();

    /** One item we generated, and whether it is certainly valid. */
    record Gen(JsonNode node, String eventId, boolean valid) {
    }

    @Test
    void randomAndMalformedBodiesNeverYield5xxAndNeverLoseAValidItem() {
        IngestClient client = new IngestClient(ServiceFoundationContract.topics());
        IngestClient.Key key = client.issueKey(customer);
        int[] statuses = new int[600];
        for (int i = 0; i < bodies; i++) {
            int shape = random.nextInt(100);
            String description;
            IngestClient.Answer answer;
            List<Gen> items = null;
            boolean readable = false;
            if (shape < 30) {
                items = items(1 + random.nextInt(20));
                description = "json array";
                readable = true;
                answer = IngestClient.post(key.plaintext(), "application/json", json(array(items)));
            } else if (shape < 45) {
                items = items(1 + random.nextInt(20));
                description = "ndjson";
                readable = true;
                answer = IngestClient.post(key.plaintext(), "application/x-ndjson", ndjson(items));
            } else if (shape < 52) {
                items = items(1 + random.nextInt(10));
                description = "cloudevents batch";
                readable = true;
                answer = IngestClient.post(key.plaintext(), "application/cloudevents-batch+json",
                        json(cloudEvents(items)));
            } else if (shape < 62) {
                byte[] garbage = new byte[random.nextInt(3000)];
                random.nextBytes(garbage);
                description = "random bytes";
                answer = IngestClient.post(key.plaintext(), pick(CONTENT_TYPES), garbage);
            } else if (shape < 70) {
                items = items(1 + random.nextInt(10));
                byte[] full = json(array(items));
                description = "truncated";
                answer = IngestClient.post(key.plaintext(), "application/json",
                        java.util.Arrays.copyOf(full, random.nextInt(full.length)));
                items = null;
            } else if (shape < 75) {
                int depth = 33 + random.nextInt(random.nextBoolean() ? 100 : 50_000);
                description = "deep nesting " + depth;
                String open = random.nextBoolean() ? "[" : "{\"a\":";
                answer = IngestClient.post(key.plaintext(), pick(CONTENT_TYPES), (open.repeat(depth)).getBytes());
            } else if (shape < 80) {
                items = items(1 + random.nextInt(10));
                byte[] body = json(array(items));
                mutateBytes(body, 1 + random.nextInt(5));
                description = "flipped bytes";
                answer = IngestClient.post(key.plaintext(), "application/json", body);
                items = null;
            } else if (shape < 85) {
                description = "invalid utf-8 in a string";
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.writeBytes("[{\"kind\":\"device-heartbeat\",\"eventId\":\"".getBytes());
                out.writeBytes(new byte[] { (byte) 0xC3, (byte) 0x28, (byte) 0xA0, (byte) 0xFF });
                out.writeBytes("\"}]".getBytes());
                answer = IngestClient.post(key.plaintext(), "application/json", out.toByteArray());
            } else if (shape < 90) {
                JsonNode top = pickTopLevel();
                description = "top-level " + top.getNodeType();
                answer = IngestClient.post(key.plaintext(), pick(CONTENT_TYPES), json(top));
            } else if (shape < 92) {
                items = new ArrayList<>(items(2));
                ObjectNode huge = validItem();
                huge.put("hostname", "h".repeat(1_000_000 + random.nextInt(2_000_000)));
                items.add(new Gen(huge, huge.get("eventId").textValue(), false));
                description = "huge string";
                readable = true;
                answer = IngestClient.post(key.plaintext(), "application/json", json(array(items)));
            } else if (shape < 96) {
                items = items(3);
                description = "wrong or missing key";
                answer = IngestClient.post(random.nextBoolean() ? null : "fuzz-key-" + random.nextInt(),
                        "application/json", json(array(items)));
                assertThat(answer.status()).isEqualTo(401);
                items = null;
            } else {
                items = items(1);
                description = "single structured cloudevent";
                readable = true;
                answer = IngestClient.post(key.plaintext(), "application/cloudevents+json",
                        json(cloudEvents(items).get(0)));
            }
            statuses[answer.status()]++;
            String context = "seed " + seed + ", body " + i + " (" + description + "): " + abbreviate(answer.raw().body());
            assertThat(answer.status()).as(context).isLessThan(500);
            if (answer.status() >= 400) {
                assertThat(answer.body()).as(context).isNotNull();
                assertThat(answer.body().path("code").isTextual()).as(context).isTrue();
            }
            if (readable) {
                assertThat(answer.status()).as(context).isEqualTo(200);
                JsonNode results = answer.body().get("results");
                assertThat(results.size()).as(context).isEqualTo(items.size());
                for (int j = 0; j < items.size(); j++) {
                    if (items.get(j).valid()) {
                        validSent.add(items.get(j).eventId());
                        assertThat(results.get(j).get("status").textValue()).as(context + " item " + j)
                                .isEqualTo("accepted");
                    }
                }
            }
            if (answer.status() == 200) {
                for (JsonNode r : answer.body().get("results")) {
                    if ("accepted".equals(r.get("status").textValue())) {
                        acknowledged.add(r.get("eventId").textValue());
                    }
                }
            }
        }
        System.out.printf("[fuzz] seed %d: %d bodies, %d valid items sent, %d acknowledged; 200=%d 400=%d 401=%d "
                + "413=%d 415=%d%n", seed, bodies, validSent.size(), acknowledged.size(), statuses[200], statuses[400],
                statuses[401], statuses[413], statuses[415]);
        assertThat(acknowledged).containsAll(validSent);

        List<ConsumerRecord<String, byte[]>> records = client.recordsFor(Topics.TELEMETRY_HEARTBEATS, customer,
                rs -> ids(rs).containsAll(acknowledged), Duration.ofSeconds(60));
        assertThat(ids(records)).as("every acknowledged item is in Kafka").containsAll(acknowledged);
    }

    Set<String> ids(List<ConsumerRecord<String, byte[]>> records) {
        String prefix = customer + ":";
        return records.stream().map(r -> IngestClient.header(r, "ce_id")).filter(id -> id != null && id.startsWith(prefix))
                .map(id -> id.substring(prefix.length())).collect(Collectors.toSet());
    }

    List<Gen> items(int n) {
        List<Gen> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ObjectNode item = validItem();
            String id = item.get("eventId").textValue();
            if (random.nextInt(100) < 45) {
                out.add(new Gen(item, id, true));
            } else {
                out.add(new Gen(invalidate(item), id, false));
            }
        }
        return out;
    }

    ObjectNode validItem() {
        String id = "fz-" + seed + "-" + (counter++);
        Instant occurred = Instant.now().minusSeconds(random.nextInt(34 * 24 * 3600)).plusSeconds(random.nextInt(200));
        ObjectNode n = F.objectNode();
        int kind = random.nextInt(3);
        if (kind == 0) {
            n.put("kind", "device-heartbeat").put("eventId", id).put("deviceId", " Dev-" + random.nextInt(1000) + " ")
                    .put("deviceKind", pick(new String[] { "WORKSTATION", "server", "Mobile" }));
            ArrayNode products = n.putArray("products");
            for (ProductCode p : ProductCode.values()) {
                if (p.family() != ProductFamily.FIREWALL && random.nextInt(4) == 0) {
                    products.add(random.nextBoolean() ? p.name() : p.name().toLowerCase().replace('_', '-'));
                }
            }
            if (random.nextBoolean()) {
                n.put("userId", "user-" + random.nextInt(50) + "@Example.com");
            }
            if (random.nextBoolean()) {
                n.put("hostname", "Host-ü-😀-" + random.nextInt(99));
            }
            if (random.nextBoolean()) {
                n.put("agentVersion", "2026." + random.nextInt(12));
            }
        } else if (kind == 1) {
            n.put("kind", "firewall-heartbeat").put("eventId", id).put("serialNumber", "c01" + random.nextInt(100000))
                    .put("model", "XGS " + (100 + random.nextInt(4000)))
                    .put("firmwareVersion", pick(new String[] { "SFOS 21.0.0 GA", "20.0.1 MR-1", "19.5.3" }));
            ArrayNode subs = n.putArray("subscriptions");
            if (random.nextBoolean()) {
                subs.add(pick(new String[] { "EnterpriseGuard", "FullGuard", "FULL_GUARD", "enterprise-guard" }));
            }
        } else {
            n.put("kind", "device-removed").put("eventId", id).put("deviceId", "dev-" + random.nextInt(1000))
                    .put("reason", pick(new String[] { "UNINSTALLED", "deleted" }));
        }
        n.put("occurredAt", occurred.toString());
        if (random.nextInt(5) == 0) {
            n.put("customerId", customer);
        }
        if (random.nextInt(5) == 0) {
            n.set("junk", nested(1 + random.nextInt(10))); // unknown fields are ignored, even nested ones
        }
        return n;
    }

    /** Makes an item certainly invalid, one of many ways. */
    JsonNode invalidate(ObjectNode item) {
        String kind = item.get("kind").textValue();
        String required = kind.equals("device-heartbeat")
                ? pick(new String[] { "eventId", "deviceId", "deviceKind", "products", "occurredAt", "kind" })
                : kind.equals("firewall-heartbeat")
                        ? pick(new String[] { "eventId", "serialNumber", "model", "firmwareVersion", "occurredAt" })
                        : pick(new String[] { "eventId", "reason", "occurredAt", "kind" });
        switch (random.nextInt(11)) {
            case 0 -> item.remove(required);
            case 1 -> item.put(required, random.nextInt());
            case 2 -> item.set(required, nested(1 + random.nextInt(5)));
            case 3 -> item.put(required.equals("products") ? "eventId" : required,
                    "x".repeat(300 + random.nextInt(200_000)));
            case 4 -> item.put("eventId", "ctl-\u0000-" + random.nextInt());
            case 5 -> item.put("occurredAt", Instant.now().plus(Duration.ofDays(1 + random.nextInt(1000))).toString());
            case 6 -> item.put("occurredAt", Instant.now().minus(Duration.ofDays(36 + random.nextInt(5000))).toString());
            case 7 -> item.put("customerId", "someone-else");
            case 8 -> item.put("kind", "kind-" + random.nextInt(5));
            case 9 -> {
                return pick(new JsonNode[] { F.numberNode(random.nextInt()), F.textNode("item"), F.nullNode(),
                        F.arrayNode().add(item), F.booleanNode(true) });
            }
            default -> item.put("occurredAt", pick(new String[] { "yesterday", "2026-02-30T00:00:00Z", "", "1e9" }));
        }
        return item;
    }

    JsonNode nested(int depth) {
        JsonNode n = F.textNode("leaf");
        for (int i = 0; i < depth; i++) {
            n = random.nextBoolean() ? F.arrayNode().add(n) : F.objectNode().set("n", n);
        }
        return n;
    }

    JsonNode pickTopLevel() {
        return pick(new JsonNode[] { F.numberNode(42), F.textNode("str"), F.nullNode(), F.booleanNode(false),
                F.objectNode(), F.arrayNode(), F.arrayNode().add(F.arrayNode()), validItem() });
    }

    static ArrayNode array(List<Gen> items) {
        ArrayNode a = F.arrayNode();
        items.forEach(g -> a.add(g.node()));
        return a;
    }

    static ArrayNode cloudEvents(List<Gen> items) {
        ArrayNode a = F.arrayNode();
        for (Gen g : items) {
            JsonNode node = g.node();
            if (!node.isObject() || !node.path("kind").isTextual() || !node.get("kind").textValue().matches(
                    "device-heartbeat|firewall-heartbeat|device-removed")) {
                a.add(F.objectNode().put("specversion", "1.0").put("id", "x").put("type", "not.a.telemetry.type")
                        .set("data", node));
                continue;
            }
            ObjectNode data = ((ObjectNode) node).deepCopy();
            String kind = data.remove("kind").textValue();
            ObjectNode ce = F.objectNode().put("specversion", "1.0").put("id", "ce-" + g.eventId())
                    .put("source", "/fuzz").put("type", "metering.telemetry.v1." + kind);
            ce.set("data", data);
            a.add(ce);
        }
        return a;
    }

    byte[] ndjson(List<Gen> items) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Gen> withGarbage = new ArrayList<>();
        for (Gen g : items) {
            out.writeBytes(json(g.node()));
            out.write('\n');
            withGarbage.add(g);
            if (random.nextInt(4) == 0) {
                byte[] garbage = new byte[random.nextInt(50)];
                random.nextBytes(garbage);
                for (int k = 0; k < garbage.length; k++) {
                    if (garbage[k] == '\n') {
                        garbage[k] = 'x';
                    }
                }
                out.writeBytes(new byte[] { '{' });
                out.writeBytes(garbage);
                out.write('\n');
                withGarbage.add(null);
            }
        }
        // garbage lines are items too (rejected): keep the expected list aligned with the body's lines
        items.clear();
        for (Gen g : withGarbage) {
            items.add(g == null ? new Gen(null, null, false) : g);
        }
        return out.toByteArray();
    }

    void mutateBytes(byte[] body, int flips) {
        for (int k = 0; k < flips && body.length > 0; k++) {
            body[random.nextInt(body.length)] = (byte) random.nextInt(256);
        }
    }

    static byte[] json(JsonNode node) {
        try {
            return IngestClient.MAPPER.writeValueAsBytes(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }

    static String abbreviate(String s) {
        return s == null ? "" : s.length() > 4000 ? s.substring(0, 4000) + "..." : s;
    }
}
