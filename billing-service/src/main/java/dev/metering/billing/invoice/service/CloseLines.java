package dev.metering.billing.invoice.service;

import dev.metering.billing.account.BillingState;
import dev.metering.billing.cluster.service.Ownership;
import dev.metering.billing.cluster.messaging.Partitions;
import dev.metering.billing.cluster.service.Peers;
import dev.metering.billing.config.BillingConfig;
import dev.metering.billing.invoice.MonthlyClose;
import dev.metering.billing.usage.UsageProjection;
import dev.metering.billing.usage.messaging.FoldingConsumer;
import dev.metering.contracts.Json;
import dev.metering.platform.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * The customer part of a close across owners (R21, R22): the instance closing takes the end offsets of every
 * partition of the three topics at one moment, every owner waits until it has folded AND stored its partitions
 * up to them, computes the {@link MonthlyClose.CustomerLines} of its customers at S and hands them back; the
 * closer checks that every partition answered exactly once. Nothing is stored until every line is in.
 */
@ApplicationScoped
public class CloseLines {

    static final String PATH = "/internal/v1/periods/%s/lines";

    private final Ownership ownership;
    private final FoldingConsumer consumer;
    private final BillingState state;
    private final UsageProjection usage;
    private final Peers peers;
    private final BillingConfig config;

    public CloseLines(Ownership ownership, FoldingConsumer consumer, BillingState state, UsageProjection usage,
            Peers peers, BillingConfig config) {
        this.ownership = ownership;
        this.consumer = consumer;
        this.state = state;
        this.usage = usage;
        this.peers = peers;
        this.config = config;
    }

    /** What the closer asks an owner: the snapshot instant and the end offsets ("topic/partition" → offset). */
    public record Request(Instant s, Map<String, Long> endOffsets) {
    }

    /** An owner's answer: the partitions it answered for and its customers' lines. */
    public record Lines(Set<Integer> partitions, List<MonthlyClose.CustomerLines> customers) {
    }

    /** Every partition's lines, with the instant the end offsets were taken (the close's run instant). */
    public record All(Instant askedAt, List<MonthlyClose.CustomerLines> customers) {
    }

    public All all(YearMonth period, Instant s) {
        if (!config.consumer().enabled()) {
            return new All(Instant.now(), MonthlyClose.customerLines(s, state, usage, id -> true));
        }
        Ownership.View view = ownership.view();
        if (!view.settled() || !view.complete()) {
            throw Peers.unavailable("partitions-rebalancing",
                    "not every partition of billing has a settled owner (rebalance or failover); retry the close");
        }
        Instant askedAt = Instant.now();
        Map<TopicPartition, Long> ends;
        try {
            ends = consumer.endOffsets(view.partitions());
        } catch (Exception e) {
            throw Peers.unavailable("broker-unavailable", "cannot read the topics' end offsets: " + e.getMessage());
        }
        Map<String, Long> wire = new HashMap<>();
        ends.forEach((tp, o) -> wire.put(tp.topic() + "/" + tp.partition(), o));
        byte[] body = json(new Request(s, wire));
        List<CompletableFuture<Peers.Answer>> calls = new ArrayList<>();
        List<String> urls = new ArrayList<>();
        view.byOwner().forEach((url, parts) -> {
            if (!view.mine().containsAll(parts)) {
                urls.add(url);
                calls.add(peers.post(url, String.format(PATH, period), peers.secretHeader(), body));
            }
        });
        List<Lines> answers = new ArrayList<>();
        answers.add(own(s, ends));
        long deadline = System.nanoTime() + config.cluster().closeWait().plus(config.cluster().peerTimeout()).toNanos();
        for (int i = 0; i < calls.size(); i++) {
            answers.add(Peers.await(urls.get(i), calls.get(i), deadline, Lines.class));
        }
        Set<Integer> covered = new TreeSet<>();
        List<MonthlyClose.CustomerLines> customers = new ArrayList<>();
        for (Lines l : answers) {
            for (int p : l.partitions()) {
                if (!covered.add(p)) {
                    throw Peers.unavailable("partitions-rebalancing", "partition " + p + " answered twice; retry");
                }
            }
            customers.addAll(l.customers());
        }
        if (covered.size() != view.partitions()) {
            throw Peers.unavailable("partitions-rebalancing", "only partitions " + covered + " of "
                    + view.partitions() + " answered; retry the close");
        }
        return new All(askedAt, customers);
    }

    /**
     * This instance's part: waits (bounded) until it has stored its partitions up to {@code ends}, then computes
     * its customers' lines at S; 503 when it cannot within {@code billing.cluster.close-wait}.
     */
    public Lines own(Instant s, Map<TopicPartition, Long> ends) {
        long deadline = System.nanoTime() + config.cluster().closeWait().toNanos();
        while (true) {
            Ownership.View view = ownership.view();
            if (view.settled() && reached(view.mine(), ends)) {
                int n = view.partitions();
                Set<Integer> mine = view.mine();
                List<MonthlyClose.CustomerLines> lines = MonthlyClose.customerLines(s, state, usage,
                        id -> mine.contains(Partitions.of(id, n)));
                if (ownership.view().generation() == view.generation()) {
                    return new Lines(mine, lines);
                }
            }
            if (System.nanoTime() > deadline) {
                throw Peers.unavailable("not-caught-up", "billing has not stored every record up to the close's "
                        + "end offsets within " + config.cluster().closeWait() + "; retry the close");
            }
            sleep();
        }
    }

    private boolean reached(Set<Integer> mine, Map<TopicPartition, Long> ends) {
        Map<TopicPartition, Long> stored = consumer.storedPositions();
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            if (mine.contains(e.getKey().partition()) && e.getValue() > 0
                    && stored.getOrDefault(e.getKey(), 0L) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    public static Map<TopicPartition, Long> ends(Map<String, Long> wire) {
        Map<TopicPartition, Long> out = new HashMap<>();
        wire.forEach((k, v) -> {
            int slash = k.lastIndexOf('/');
            if (slash <= 0 || v == null) {
                throw ApiException.badRequest("invalid-end-offsets", "end offsets are keyed topic/partition");
            }
            try {
                out.put(new TopicPartition(k.substring(0, slash), Integer.parseInt(k.substring(slash + 1))), v);
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("invalid-end-offsets", "end offsets are keyed topic/partition");
            }
        });
        return out;
    }

    private static byte[] json(Object o) {
        try {
            return Json.mapper().writeValueAsBytes(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
