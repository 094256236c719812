package dev.metering.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metering.contracts.CloudEvents;
import dev.metering.contracts.ProductCode;
import dev.metering.contracts.Topics;
import dev.metering.contracts.billing.BillingEvent.InvoiceIssued;
import dev.metering.launcher.simulator.ConsumerLag;
import dev.metering.launcher.simulator.ExpectedBilling;
import dev.metering.launcher.simulator.Scenario;
import dev.metering.launcher.simulator.Simulator;
import dev.metering.launcher.simulator.World;
import dev.metering.launcher.simulator.World.Customer;
import dev.metering.launcher.simulator.World.Partner;
import dev.metering.testsupport.TopicClient;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * {@code bin/platform up --demo [--devices N]}: simulates a month of a managed service provider business
 * through the public APIs, closes it through the operator API and prints each partner's invoice next to
 * the totals the simulator's own model of the rules expects ({@link ExpectedBilling}). Answers 0 when
 * everything matches.
 *
 * <p>The close instant S: billing counts at S what existed at S (R22/R23), so S must come after the
 * setup; ingest only takes heartbeats from the last 35 days (and at most 5 minutes ahead). The demo
 * therefore sets up first, takes S = the next full second, redeploys billing-service with that close
 * instant (R22 allows one per deployment: {@code BILLING_CLOSE_DAY}, {@code BILLING_CLOSE_TIME}), and
 * sends 35 days of heartbeats ending at S. The period closed is the month before S's month.
 */
final class Demo {

    static final long SEED = 20261122L;
    static final String BILLING = "billing-service";

    private Demo() {
    }

    /** Extra environment of billing-service for a demo run: nothing closes by itself; the demo closes. */
    static Map<String, Map<String, String>> platformEnv() {
        return Map.of(BILLING, Map.of("BILLING_CLOSE_AUTO_ENABLED", "false"));
    }

    static int run(LocalPlatform platform, int devices, PrintStream out) {
        long t0 = System.nanoTime();
        out.printf("%n=== Demo: one month of %,d devices, through the public APIs ===%n", devices);
        World w = Scenario.generate(devices, SEED);
        Simulator sim = new Simulator(new Simulator.Endpoints(platform.url("customer-service"),
                platform.url("license-service"), platform.url("telemetry-ingest"), platform.url(BILLING)), out);

        out.println("[1/6] Partners, Flex approvals, customers, licence selections, firewalls, ingest keys");
        sim.setup(w);

        Instant s = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        int day = s.atOffset(ZoneOffset.UTC).getDayOfMonth();
        YearMonth period = YearMonth.from(s.atOffset(ZoneOffset.UTC)).minusMonths(1);
        String time = s.atOffset(ZoneOffset.UTC).toLocalTime().toString();
        out.printf("[2/6] Close instant S = %s: period %s closes on day %d at %s UTC in this deployment (R22);%n"
                + "      redeploying billing-service with BILLING_CLOSE_DAY=%d BILLING_CLOSE_TIME=%s%n", s, period,
                day, time, day, time);
        sleepUntil(s);
        platform.restartAll(BILLING, Map.of("BILLING_CLOSE_DAY", Integer.toString(day), "BILLING_CLOSE_TIME", time,
                "BILLING_CLOSE_AUTO_ENABLED", "false"));

        Scenario.telemetry(w, s, SEED);
        out.printf("[3/6] Sending 35 days of telemetry (%s .. %s) for %,d devices and %d firewalls:%n",
                Scenario.dayStart(s, 0).truncatedTo(ChronoUnit.MINUTES), s, w.fleet.size(), w.firewalls.size());
        out.println("      laptops off at weekends, users with several devices, servers and kiosks without users,"
                + " devices removed and re-installed, a UTM 9 firewall, late and duplicate deliveries");
        Simulator.SendResult sent = sim.send(w, s, SEED);
        out.printf("      %,d items in %,d batches in %.1f s (%,.0f items/s): %,d accepted, %,d rejected %s%n",
                sent.sent(), sent.batches(), sent.seconds(), sent.sent() / Math.max(0.001, sent.seconds()),
                sent.accepted(), sent.rejected(), sent.reasons());
        out.printf("      (%,d re-sent duplicates and %,d late deliveries; expected rejections %s)%n",
                sent.duplicates(), sent.late(), sent.expectedReasons());
        boolean ok = sent.reasons().equals(sent.expectedReasons());

        out.println("[4/6] Waiting for billing-service to fold every record (consumer group lag 0)");
        long w0 = System.nanoTime();
        if (!ConsumerLag.awaitZero(platform.bootstrapServers(), BILLING, Duration.ofMinutes(5))) {
            out.println("      billing-service did not catch up within 5 minutes; see " + platform.services()
                    .get(BILLING).log());
            return 1;
        }
        out.printf("      caught up after %.1f s%n", (System.nanoTime() - w0) / 1e9);

        out.println("[5/6] Real-time usage at S (GET /v1/usage?at=S, before the close) vs the simulator's model");
        ok &= compareUsage(sim, w, s, out);

        out.printf("[6/6] Closing %s (POST /v1/periods/%s/close as operator)%n", period, period);
        JsonNode outcome = sim.close(period.toString());
        out.printf("      issued %s in %s ms%s%n", outcome.get("issued"), outcome.get("millis"),
                outcome.get("problems").isEmpty() ? "" : ", problems " + outcome.get("problems"));
        Map<String, JsonNode> invoices = sim.invoices(period.toString());
        Map<String, ExpectedBilling.Invoice> expected = ExpectedBilling.invoices(w, s);
        ok &= compareInvoices(w, invoices, expected, out);
        ok &= checkTopics(platform, invoices, out);

        out.printf("%nDemo %s in %.0f s (%,d devices, %,d telemetry items).%n",
                ok ? "OK: every invoice equals the simulator's expectation" : "FAILED: see the differences above",
                (System.nanoTime() - t0) / 1e9, w.fleet.size(), sent.sent());
        printPortal(platform, w, out);
        return ok ? 0 : 1;
    }

    /** Where to look at the month in a browser, and how to sign in there. */
    static void printPortal(LocalPlatform platform, World w, PrintStream out) {
        ServiceProcess portal = platform.services().get("partner-portal");
        if (portal == null) {
            return;
        }
        out.printf("%nSee it in a browser: %s/sign-in%n", portal.url());
        out.printf("  sign in as partner %s (Flex) or %s (Connect), distributor %s, or operator; the same URL serves%n",
                w.partners.get(0).id(), w.partners.stream().filter(p -> !p.flex()).map(p -> p.id()).findFirst()
                        .orElse(w.partners.get(0).id()), w.partners.get(0).distributorId());
        out.printf("  the APIs: %s/partner/v1/tenants, %s/v1/usage (one base URL, your own bearer token)%n",
                portal.url(), portal.url());
    }

    private static boolean compareUsage(Simulator sim, World w, Instant s, PrintStream out) {
        int rows = 0;
        List<String> diffs = new ArrayList<>();
        for (Partner p : w.partners) {
            Map<String, Map<ProductCode, Integer>> shown = sim.usage(p, s);
            for (Customer c : w.customers) {
                if (c.partner != p) {
                    continue;
                }
                rows++;
                Map<ProductCode, Integer> model = ExpectedBilling.counts(w, c, s, false);
                Map<ProductCode, Integer> api = shown.getOrDefault(c.id, Map.of());
                if (!model.equals(api)) {
                    diffs.add(c.name + ": platform " + api + ", expected " + model);
                }
            }
        }
        if (diffs.isEmpty()) {
            out.printf("      all %d customers' usage rows equal the model%n", rows);
        } else {
            diffs.forEach(d -> out.println("      DIFFERENT " + d));
        }
        return diffs.isEmpty();
    }

    private static boolean compareInvoices(World w, Map<String, JsonNode> invoices,
            Map<String, ExpectedBilling.Invoice> expected, PrintStream out) {
        boolean ok = true;
        out.println();
        out.println("Invoices: what billing-service issued | what the simulator expects from R16-R19, R17a, R23-R25");
        for (Partner p : w.partners) {
            JsonNode inv = invoices.get(p.id());
            ExpectedBilling.Invoice exp = expected.get(p.id());
            if (inv == null && exp == null) {
                out.printf("%n%s (%s, %s): no invoice | expected none (no MONTHLY customer, R24)  ok%n", p.name(),
                        p.id(), p.flex() ? "FLEX" : "CONNECT");
                continue;
            }
            if (inv == null || exp == null) {
                out.printf("%n%s (%s): %s | %s  DIFFERENT%n", p.name(), p.id(),
                        inv == null ? "no invoice" : "invoice " + inv.get("invoiceId").asText(),
                        exp == null ? "expected none" : "expected one");
                ok = false;
                continue;
            }
            String distributor = inv.get("distributorId").asText();
            String currency = inv.get("currency").asText();
            boolean head = distributor.equals(exp.distributorId()) && currency.equals(exp.currency());
            out.printf("%n%s (%s) -> distributor %s, %s, invoice %s | expected %s, %s  %s%n", p.name(), p.id(),
                    distributor, currency, inv.get("invoiceId").asText(), exp.distributorId(), exp.currency(),
                    head ? "ok" : "DIFFERENT");
            ok &= head;
            Map<ProductCode, BigDecimal[]> issuedTotals = new TreeMap<>();
            for (JsonNode t : inv.get("totals")) {
                issuedTotals.put(ProductCode.valueOf(t.get("product").asText()),
                        new BigDecimal[] { dec(t.get("quantity")), dec(t.get("amount")) });
            }
            out.printf("    %-27s %8s %12s | %8s %12s%n", "product", "units", "amount", "units", "amount");
            java.util.Set<ProductCode> products = new java.util.TreeSet<>(issuedTotals.keySet());
            products.addAll(exp.totals().keySet());
            for (ProductCode product : products) {
                BigDecimal[] i = issuedTotals.get(product);
                ExpectedBilling.Total e = exp.totals().get(product);
                boolean same = i != null && e != null && i[0].longValue() == e.quantity()
                        && i[1].compareTo(e.amount()) == 0;
                out.printf("    %-27s %8s %12s | %8s %12s  %s%n", product, i == null ? "-" : i[0].toPlainString(),
                        i == null ? "-" : money(i[1]), e == null ? "-" : e.quantity(),
                        e == null ? "-" : money(e.amount()), same ? "ok" : "DIFFERENT");
                ok &= same;
            }
            BigDecimal total = dec(inv.get("totalAmount"));
            boolean sameTotal = total.compareTo(exp.totalAmount()) == 0;
            out.printf("    %-27s %8s %12s | %8s %12s  %s%n", "TOTAL " + currency, "", money(total), "",
                    money(exp.totalAmount()), sameTotal ? "ok" : "DIFFERENT");
            ok &= sameTotal;
            ok &= compareLines(inv, exp, out);
        }
        for (String partner : invoices.keySet()) {
            if (w.partners.stream().noneMatch(p -> p.id().equals(partner))) {
                out.println("unexpected invoice for partner " + partner + "  DIFFERENT");
                ok = false;
            }
        }
        return ok;
    }

    /** R26: every issued invoice is on its distributor's topic, where the distributor consumes it. */
    private static boolean checkTopics(LocalPlatform platform, Map<String, JsonNode> invoices, PrintStream out) {
        Map<String, java.util.Set<String>> byTopic = new TreeMap<>();
        invoices.values().forEach(i -> byTopic.computeIfAbsent(Topics.invoicesFor(i.get("distributorId").asText()),
                t -> new java.util.TreeSet<>()).add(i.get("invoiceId").asText()));
        TopicClient kafka = new TopicClient(platform.bootstrapServers());
        boolean ok = true;
        out.println();
        for (Map.Entry<String, java.util.Set<String>> e : byTopic.entrySet()) {
            java.util.Set<String> seen = new java.util.TreeSet<>();
            kafka.readUntil(e.getKey(), records -> {
                seen.clear();
                records.forEach(r -> {
                    if (CloudEvents.unwrap(TopicClient.envelope(r)) instanceof InvoiceIssued i) {
                        seen.add(i.invoiceId());
                    }
                });
                return seen.containsAll(e.getValue());
            }, Duration.ofSeconds(30));
            boolean all = seen.containsAll(e.getValue());
            out.printf("Kafka %-30s %s  %s%n", e.getKey(), seen, all ? "ok" : "MISSING " + e.getValue());
            ok &= all;
        }
        return ok;
    }

    /** Every line (customer, product): quantity, unit price and amount. */
    private static boolean compareLines(JsonNode inv, ExpectedBilling.Invoice exp, PrintStream out) {
        Map<String, String> issued = new LinkedHashMap<>();
        for (JsonNode l : inv.get("lines")) {
            issued.put(l.get("customerId").asText() + " " + l.get("product").asText(), l.get("sku").asText() + " x"
                    + dec(l.get("quantity")).toPlainString() + " @" + money(dec(l.get("unitPrice"))) + " = "
                    + money(dec(l.get("amount"))));
        }
        Map<String, String> expected = new LinkedHashMap<>();
        for (ExpectedBilling.Line l : exp.lines()) {
            expected.put(l.customerId() + " " + l.product(), l.sku() + " x" + l.quantity() + " @"
                    + money(l.unitPrice()) + " = " + money(l.amount()));
        }
        List<String> diffs = new ArrayList<>();
        java.util.Set<String> keys = new java.util.TreeSet<>(issued.keySet());
        keys.addAll(expected.keySet());
        for (String k : keys) {
            if (!Objects.equals(issued.get(k), expected.get(k))) {
                diffs.add(k + ": issued " + issued.get(k) + ", expected " + expected.get(k));
            }
        }
        int customers = (int) exp.lines().stream().map(ExpectedBilling.Line::customerId).distinct().count();
        if (diffs.isEmpty()) {
            out.printf("    %d lines (%d customers x products): every line equals the expected one%n", issued.size(),
                    customers);
        } else {
            out.printf("    %d lines issued, %d expected; %d differ:%n", issued.size(), expected.size(), diffs.size());
            diffs.stream().limit(10).forEach(d -> out.println("      " + d));
        }
        return diffs.isEmpty();
    }

    private static BigDecimal dec(JsonNode n) {
        return new BigDecimal(n.asText());
    }

    private static String money(BigDecimal b) {
        return String.format("%,.2f", b);
    }

    private static void sleepUntil(Instant t) {
        long ms = Duration.between(Instant.now(), t).toMillis() + 50;
        if (ms > 0) {
            LocalPlatform.sleep(ms);
        }
    }
}
