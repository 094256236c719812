package dev.metering.launcher.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metering.contracts.BillingType;
import dev.metering.contracts.ProductCode;
import dev.metering.contracts.ProductFamily;
import dev.metering.launcher.simulator.Http.Answer;
import dev.metering.launcher.simulator.World.Customer;
import dev.metering.launcher.simulator.World.Firewall;
import dev.metering.launcher.simulator.World.Item;
import dev.metering.launcher.simulator.World.Partner;
import dev.metering.testsupport.TestTokens;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives a {@link World} through the platform's public REST APIs only: customer-service (partners,
 * Flex approval, customers, conversions, ingest keys), license-service (monthly licence selections,
 * firewall registration), telemetry-ingest (batches of heartbeats) and billing-service (real-time usage,
 * the operator's close, invoices). Tokens come from {@link TestTokens}.
 */
public final class Simulator {

    public record Endpoints(String customers, String licenses, String ingest, String billing) {
    }

    static final Duration CONSISTENCY = Duration.ofSeconds(60);
    static final int BATCH = 1000;
    static final int CONNECTIONS = 4;

    private final Endpoints urls;
    private final PrintStream out;
    private final Http http = new Http(CONNECTIONS + 2);
    private final String operator = TestTokens.operator();

    public Simulator(Endpoints urls, PrintStream out) {
        this.urls = urls;
        this.out = out;
    }

    // ---------------------------------------------------------------- setup

    /** Partners, Flex approvals, customers, conversions, selections, firewalls and ingest keys. */
    public void setup(World w) {
        for (Partner p : w.partners) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("partnerId", p.id());
            body.put("name", p.name());
            body.put("country", p.country());
            if (p.distributorId() != null) {
                body.put("distributorId", p.distributorId());
            }
            http.expect("POST", urls.customers() + "/v1/partners", operator, body, 201);
            if (p.flex()) {
                // R2: only the partner's own distributor approves it for Flex (DIRECT for the UK, R3)
                http.expect("POST", urls.customers() + "/v1/partners/" + p.id() + "/flex-approval",
                        TestTokens.distributor(p.invoicedDistributor()), null, 200);
            }
            out.printf("  partner %-10s %-28s %s  %-8s distributor %s%n", p.id(), p.name(), p.country(),
                    p.flex() ? "FLEX" : "CONNECT", p.invoicedDistributor());
        }
        // R5: a Connect partner cannot create monthly accounts
        Partner connect = w.partners.stream().filter(p -> !p.flex()).findFirst().orElseThrow();
        Answer refused = http.call("POST", urls.customers() + "/v1/customers", TestTokens.partner(connect.id()),
                Map.of("name", "Not allowed", "dataGeography", "DE", "billingType", "MONTHLY"));
        out.printf("  %s tries to create a MONTHLY customer: %d %s (R5)%n", connect.id(), refused.status(),
                refused.code());

        for (Customer c : w.customers) {
            String token = TestTokens.partner(c.partner.id());
            JsonNode created = http.expect("POST", urls.customers() + "/v1/customers", token,
                    Map.of("name", c.name, "dataGeography", c.geography, "billingType", c.created.name()), 201);
            c.id = created.get("id").asText();
            c.ingestKey = http.expect("POST", urls.customers() + "/v1/customers/" + c.id + "/ingest-keys", token,
                    null, 201).get("key").asText();
        }
        for (Customer c : w.customers) {
            String token = TestTokens.partner(c.partner.id());
            if (c.created != c.atClose) {
                // R4/R23: a trial converted to monthly before the close is billed for the whole month
                http.expect("PUT", urls.customers() + "/v1/customers/" + c.id + "/billing-type", token,
                        Map.of("billingType", c.atClose.name()), 200);
            }
            for (Map.Entry<ProductFamily, ProductCode> s : c.selections.entrySet()) {
                Map<String, Object> body = new HashMap<>();
                body.put("product", s.getValue().name());
                http.eventually("PUT", urls.licenses() + "/v1/customers/" + c.id + "/monthly-licenses/"
                        + s.getKey().name(), token, body, Set.of(404), CONSISTENCY, 200);
            }
        }
        for (Firewall f : w.firewalls) {
            String token = TestTokens.partner(f.customer().partner.id());
            String sku = f.reported().name().startsWith("FULL") ? "XG-FLEX-FG-MONTHLY-0" : "XG-FLEX-EG-MONTHLY-0";
            String url = urls.licenses() + "/v1/customers/" + f.customer().id + "/firewalls/" + f.serial();
            Map<String, Object> body = Map.of("sku", sku, "firmwareVersion", f.firmware());
            if (f.utm9()) {
                Answer a = http.call("PUT", url, token, body);
                long deadline = System.nanoTime() + CONSISTENCY.toNanos();
                while (a.status() == 404 && System.nanoTime() < deadline) {
                    Http.sleep(100);
                    a = http.call("PUT", url, token, body);
                }
                out.printf("  firewall %s (%s, %s) registration refused: %d %s (R15)%n", f.serial(), f.model(),
                        f.firmware(), a.status(), a.code());
                if (a.status() != 400) {
                    throw new Http.CallFailed("registering the UTM 9 firewall " + f.serial(), a);
                }
            } else if (f.registered() != null) {
                http.eventually("PUT", url, token, body, Set.of(404), CONSISTENCY, 200);
            }
        }
        out.printf("  %d customers (%d MONTHLY at the close, %d TERM, %d TRIAL), %d licence selections, "
                + "%d firewalls registered for Flex, %d ingest keys%n", w.customers.size(),
                w.customers.stream().filter(c -> c.atClose == BillingType.MONTHLY).count(),
                w.customers.stream().filter(c -> c.atClose == BillingType.TERM).count(),
                w.customers.stream().filter(c -> c.atClose == BillingType.TRIAL).count(),
                w.customers.stream().mapToInt(c -> c.selections.size()).sum(),
                w.firewalls.stream().filter(f -> f.registered() != null).count(), w.customers.size());
    }

    // ---------------------------------------------------------------- telemetry

    public record SendResult(long sent, long accepted, long rejected, Map<String, Long> reasons,
            Map<String, Long> expectedReasons, long batches, long duplicates, long late, double seconds) {
    }

    /**
     * Sends every item through {@code POST /v1/heartbeats} in batches of about 1000 per customer (the
     * ingest key names the customer) over {@link #CONNECTIONS} connections, mostly in order of occurrence;
     * 2% of the items are delivered late (at the end), 1% twice, and every 40th batch is re-sent whole
     * (a client retry). Shows a progress bar.
     */
    public SendResult send(World w, Instant s, long seed) {
        Random rnd = new Random(seed);
        List<Item> onTime = new ArrayList<>();
        List<Item> late = new ArrayList<>();
        List<Item> duplicates = new ArrayList<>();
        for (Item i : w.items) {
            double r = rnd.nextDouble();
            if (r < 0.02 && i.expectedReject() == null && i.occurredAt().isAfter(s.minus(Duration.ofDays(15)))) {
                late.add(i);
            } else {
                onTime.add(i);
            }
            if (r > 0.99 && i.expectedReject() == null) {
                duplicates.add(i);
            }
        }
        Collections.shuffle(late, rnd);
        List<List<Item>> batches = new ArrayList<>();
        batch(onTime, batches);
        batch(duplicates, batches);
        batch(late, batches);
        long total = batches.stream().mapToLong(List::size).sum();
        List<List<Item>> retries = new ArrayList<>();
        for (int b = 39; b < batches.size(); b += 40) {
            retries.add(batches.get(b));
        }
        batches.addAll(retries);
        total += retries.stream().mapToLong(List::size).sum();
        Map<String, Long> expectedReasons = new java.util.TreeMap<>();
        batches.forEach(b -> b.stream().filter(i -> i.expectedReject() != null)
                .forEach(i -> expectedReasons.merge(i.expectedReject(), 1L, Long::sum)));

        AtomicLong sent = new AtomicLong();
        AtomicLong accepted = new AtomicLong();
        AtomicLong rejected = new AtomicLong();
        Map<String, Long> reasons = new java.util.concurrent.ConcurrentHashMap<>();
        Progress bar = new Progress(out, total);
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (List<Item> batch : batches) {
                futures.add(pool.submit(() -> {
                    JsonNode answer = post(batch);
                    accepted.addAndGet(answer.get("accepted").asLong());
                    rejected.addAndGet(answer.get("rejected").asLong());
                    for (JsonNode r : answer.get("results")) {
                        if ("rejected".equals(r.path("status").asText())) {
                            reasons.merge(r.path("reason").asText(), 1L, Long::sum);
                        }
                    }
                    bar.update(sent.addAndGet(batch.size()));
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("sending heartbeats failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            pool.shutdownNow();
            bar.finish();
        }
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new SendResult(sent.get(), accepted.get(), rejected.get(), new java.util.TreeMap<>(reasons),
                expectedReasons, batches.size(),
                duplicates.size() + retries.stream().mapToLong(List::size).sum(), late.size(),
                (System.nanoTime() - t0) / 1e9);
    }

    /** Splits into per-customer batches of at most {@link #BATCH} items, keeping the order within a customer. */
    private static void batch(List<Item> items, List<List<Item>> out) {
        Map<Customer, List<Item>> open = new LinkedHashMap<>();
        for (Item i : items) {
            List<Item> b = open.computeIfAbsent(i.customer(), k -> new ArrayList<>());
            b.add(i);
            if (b.size() >= BATCH) {
                out.add(b);
                open.remove(i.customer());
            }
        }
        out.addAll(open.values());
    }

    private JsonNode post(List<Item> batch) {
        Customer c = batch.get(0).customer();
        List<Map<String, Object>> body = batch.stream().map(Item::json).toList();
        long deadline = System.nanoTime() + CONSISTENCY.toNanos();
        while (true) {
            Answer a = http.call("POST", urls.ingest() + "/v1/heartbeats", null, c.ingestKey, body,
                    "application/json");
            if (a.status() == 200) {
                return a.body();
            }
            // 401: ingest has not consumed the key's IngestKeyIssued yet; 503: broker busy, retry later
            boolean retry = (a.status() == 401 || a.status() == 503) && System.nanoTime() < deadline;
            if (!retry) {
                throw new Http.CallFailed("POST /v1/heartbeats for " + c.key, a);
            }
            Http.sleep(a.status() == 503 ? 1000 : 200);
        }
    }

    // ---------------------------------------------------------------- billing

    /** The usage page rows at {@code at}: customer id to counts per product (R20). */
    public Map<String, Map<ProductCode, Integer>> usage(Partner p, Instant at) {
        JsonNode page = http.expect("GET", urls.billing() + "/v1/usage?size=1000&at=" + at,
                TestTokens.partner(p.id()), null, 200);
        Map<String, Map<ProductCode, Integer>> out = new LinkedHashMap<>();
        for (JsonNode row : page.get("rows")) {
            Map<ProductCode, Integer> counts = new java.util.EnumMap<>(ProductCode.class);
            row.get("products").fields().forEachRemaining(e -> {
                if (e.getValue().asInt() != 0) {
                    counts.put(ProductCode.valueOf(e.getKey()), e.getValue().asInt());
                }
            });
            out.put(row.get("customerId").asText(), counts);
        }
        return out;
    }

    /** The operator's close of a period (R22); answers the outcome. */
    public JsonNode close(String period) {
        return http.expect("POST", urls.billing() + "/v1/periods/" + period + "/close", operator, null, 200);
    }

    /** Every invoice of a period (operator view), by partner id. */
    public Map<String, JsonNode> invoices(String period) {
        JsonNode list = http.expect("GET", urls.billing() + "/v1/invoices?period=" + period, operator, null, 200);
        Map<String, JsonNode> out = new java.util.TreeMap<>();
        for (JsonNode i : list) {
            out.put(i.get("partnerId").asText(), i);
        }
        return out;
    }
}
