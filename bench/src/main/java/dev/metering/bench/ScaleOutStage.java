package dev.metering.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metering.launcher.LocalPlatform;
import dev.metering.testsupport.TestTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Billing as several instances (#12): the fold from offset 0 with one and with two instances in one consumer group
 * (records/s and CPU-seconds per million records, summed over the instances), the usage page when it needs the
 * other instance's partitions, and failover (kill -9 of one instance until the survivor answers completely).
 * The platform is started with two billing instances; the second is stopped for every single-instance stage.
 */
final class ScaleOutStage {

    static final String BILLING = PlatformStages.BILLING;
    static final String BILLING_2 = BILLING + "-2";
    static final List<String> BOTH = List.of(BILLING, BILLING_2);

    /**
     * Generous bounds for the design point (10 M devices, #16): a survivor or a rejoining instance loads the
     * snapshots of half the partitions (5 M devices) from PostgreSQL; a start of all 10 M is the startup stage's
     * goal of 30 s, measured there.
     */
    static final long FAILOVER_TIMEOUT_S = 300;
    static final long REJOIN_TIMEOUT_S = 300;
    static final long START_TIMEOUT_S = 600;

    private final LocalPlatform platform;

    ScaleOutStage(LocalPlatform platform) {
        this.platform = platform;
    }

    /**
     * One fold from offset 0: aggregate records/s from "every instance owns its partitions" to "all stored"; the
     * steady rate and when it was reached ({@link Steady}).
     */
    record FoldRun(double recordsPerSec, double cpuPerMillion, double harnessCpuPerMillion, double seconds,
            double fromStart, List<Long> held, Steady steady) {
    }

    /**
     * The fold's steady rate (#16 item 0): the folded counter sampled while it runs, cut into windows of
     * {@code windowSeconds} from "partitions owned"; steady from the first of two consecutive windows whose rates
     * agree within 5 %; {@code recordsPerSec} is the rate from there to the end of the last full window,
     * {@code secondsToSteady} the time from "partitions owned" to the end of the second agreeing window (when it
     * was known to be steady). NaN when no two consecutive full windows agreed.
     */
    record Steady(double recordsPerSec, double secondsToSteady, double windowSeconds, int windows) {

        static final double AGREE = 0.05;

        /** From samples (nanoseconds since "partitions owned", records folded since) in time order. */
        static Steady of(long[] nanos, long[] folded, int n, double windowSeconds) {
            long w = (long) (windowSeconds * 1e9);
            long endNanos = n == 0 ? 0 : nanos[n - 1];
            int windows = (int) (endNanos / w);
            double[] at = new double[windows + 1];
            for (int k = 0; k <= windows; k++) {
                at[k] = interpolate(nanos, folded, n, k * w);
            }
            for (int k = 1; k < windows; k++) {
                double a = at[k] - at[k - 1];
                double b = at[k + 1] - at[k];
                if (a > 0 && b > 0 && Math.abs(a - b) <= AGREE * Math.max(a, b)) {
                    double rate = (at[windows] - at[k - 1]) / ((windows - k + 1) * windowSeconds);
                    return new Steady(rate, (k + 1) * windowSeconds, windowSeconds, windows);
                }
            }
            return new Steady(Double.NaN, Double.NaN, windowSeconds, windows);
        }

        private static double interpolate(long[] nanos, long[] folded, int n, long t) {
            for (int i = 1; i < n; i++) {
                if (nanos[i] >= t) {
                    long dt = nanos[i] - nanos[i - 1];
                    return dt <= 0 ? folded[i] : folded[i - 1] + (folded[i] - folded[i - 1]) * (double) (t - nanos[i - 1]) / dt;
                }
            }
            return n == 0 ? 0 : folded[n - 1];
        }
    }

    /**
     * Stops every billing instance, empties billing's tables, starts {@code instances} together and waits until
     * they have folded {@code expected} records between them. The rate runs from the moment every instance is
     * settled (owns its partitions, loaded) to the moment the readiness counters reach {@code expected}; the
     * CPU is the instances' user + system time over the same interval.
     */
    FoldRun foldFromZero(List<String> instances, long expected, Runnable truncate) throws Exception {
        for (String name : BOTH) {
            if (platform.services().containsKey(name) && platform.services().get(name).alive()) {
                platform.stop(name);
            }
        }
        truncate.run();
        long t0 = System.nanoTime();
        for (String name : instances) {
            platform.startAgain(name);
        }
        long deadline = t0 + 900_000_000_000L;
        Fold[] now;
        while (true) {
            now = folds(instances);
            if (allSettled(now)) {
                break;
            }
            check(deadline, "billing instances " + instances + " did not own their partitions");
            Thread.sleep(20);
        }
        long t1 = System.nanoTime();
        long f0 = sum(now);
        double cpu0 = cpu(instances);
        long self = ProcessHandle.current().pid();
        double harness0 = PlatformStages.cpuSeconds(self);
        long lastPrint = t1;
        long[] sampleNanos = new long[1024];
        long[] sampleFolded = new long[1024];
        int samples = 0;
        while (true) {
            now = folds(instances);
            if (samples == sampleNanos.length) {
                sampleNanos = java.util.Arrays.copyOf(sampleNanos, samples * 2);
                sampleFolded = java.util.Arrays.copyOf(sampleFolded, samples * 2);
            }
            sampleNanos[samples] = System.nanoTime() - t1;
            sampleFolded[samples++] = sum(now) - f0;
            if (allSettled(now) && sum(now) >= expected) {
                break;
            }
            if (System.nanoTime() - lastPrint > 10_000_000_000L) {
                System.out.printf(Locale.ROOT, "      ... %,d of %,d folded%n", sum(now), expected);
                lastPrint = System.nanoTime();
            }
            check(deadline, "billing instances " + instances + " did not catch up: " + sum(now) + " of " + expected);
            Thread.sleep(50);
        }
        long t2 = System.nanoTime();
        long records = Math.max(1, sum(now) - f0);
        double cpu = cpu(instances) - cpu0;
        double harness = PlatformStages.cpuSeconds(self) - harness0;
        List<Long> held = new ArrayList<>();
        for (String name : instances) {
            held.add(devicesHeld(name));
        }
        // windows of 2 s (1 s for a fold shorter than 20 s): a batch stores up to 20 000 records at once, so a
        // shorter window jumps by a batch (~0.1 s of folding) and two windows rarely agree within 5 %
        double window = (t2 - t1) / 1e9 < 20 ? 1.0 : 2.0;
        return new FoldRun(records / ((t2 - t1) / 1e9), cpu * 1e6 / records, harness * 1e6 / records,
                (t2 - t1) / 1e9, (t2 - t0) / 1e9, held, Steady.of(sampleNanos, sampleFolded, samples, window));
    }

    /**
     * Kill -9 of {@code victim} while {@code survivor} answers; the seconds until the survivor's whole usage page
     * for {@code partner} equals {@code complete} again (503 and partial pages do not count).
     */
    double failover(String survivor, String victim, String partner, JsonNode complete) throws Exception {
        String url = platform.url(survivor) + "/v1/usage?size=1";
        String token = TestTokens.partner(partner);
        platform.kill(victim);
        long t0 = System.nanoTime();
        long deadline = t0 + FAILOVER_TIMEOUT_S * 1_000_000_000L;
        while (true) {
            Http.Answer a = Http.get(url, token);
            if (a.status() == 200 && sameTotals(a.json(), complete)) {
                return (System.nanoTime() - t0) / 1e9;
            }
            check(deadline, "no complete answer from " + survivor + " within " + FAILOVER_TIMEOUT_S + " s of the kill");
            Thread.sleep(50);
        }
    }

    /** Starts {@code name} again and waits until every instance is settled and the page is complete. */
    void rejoin(String name, String partner, JsonNode complete) throws Exception {
        platform.startAgain(name);
        String token = TestTokens.partner(partner);
        long deadline = System.nanoTime() + REJOIN_TIMEOUT_S * 1_000_000_000L;
        while (true) {
            if (allSettled(folds(BOTH))) {
                Http.Answer a = Http.get(platform.url(name) + "/v1/usage?size=1", token);
                if (a.status() == 200 && sameTotals(a.json(), complete)) {
                    return;
                }
            }
            check(deadline, name + " did not rejoin within " + REJOIN_TIMEOUT_S + " s");
            Thread.sleep(100);
        }
    }

    /** One start of an instance: seconds from its process start to ready, and its CPU seconds meanwhile. */
    record Start(double seconds, double cpuSeconds) {
    }

    /**
     * #16 item 5: stops {@code name} (graceful: its last batch is stored) and starts it again; the time from the
     * new process's start to its readiness answering UP (it owns its partitions, has loaded their snapshots from
     * PostgreSQL and stored the backlog it took over).
     */
    Start restartToReady(String name) throws Exception {
        platform.stop(name);
        long t0 = System.nanoTime();
        platform.startAgain(name);
        long pid = platform.services().get(name).pid();
        long deadline = t0 + START_TIMEOUT_S * 1_000_000_000L;
        while (!ready(name)) {
            if (!platform.services().get(name).alive()) {
                throw new IllegalStateException(name + " exited during start-up; its log: "
                        + platform.services().get(name).log());
            }
            check(deadline, name + " not ready within " + START_TIMEOUT_S + " s of its start");
            Thread.sleep(20);
        }
        return new Start((System.nanoTime() - t0) / 1e9, PlatformStages.cpuSeconds(pid));
    }

    private boolean ready(String name) {
        try {
            return Http.get(platform.url(name) + "/q/health/ready", null).status() == 200;
        } catch (IllegalStateException e) {
            return false; // not listening yet
        }
    }

    static boolean sameTotals(JsonNode page, JsonNode complete) {
        return page.path("summary").equals(complete.path("summary")) && page.path("totals").equals(complete.path("totals"));
    }

    /** The readiness data of one instance: settled, folded + dead letters; null while it does not answer. */
    private record Fold(boolean settled, long records) {
    }

    private Fold[] folds(List<String> instances) {
        Fold[] out = new Fold[instances.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = fold(instances.get(i));
        }
        return out;
    }

    private Fold fold(String name) {
        Http.Answer a;
        try {
            a = Http.get(platform.url(name) + "/q/health/ready", null);
        } catch (IllegalStateException e) {
            return null; // not listening yet
        }
        if (a.status() != 200 && a.status() != 503) {
            return null;
        }
        for (JsonNode c : a.json().path("checks")) {
            if (c.path("name").asText().equals("billing-fold")) {
                JsonNode d = c.path("data");
                boolean settled = d.path("settled").asBoolean() && !d.path("partitionsOwned").asText("[]").equals("[]");
                return new Fold(settled, d.path("folded").asLong() + d.path("deadLetters").asLong());
            }
        }
        return null;
    }

    private static boolean allSettled(Fold[] folds) {
        for (Fold f : folds) {
            if (f == null || !f.settled()) {
                return false;
            }
        }
        return true;
    }

    private static long sum(Fold[] folds) {
        long n = 0;
        for (Fold f : folds) {
            n += f == null ? 0 : f.records();
        }
        return n;
    }

    private double cpu(List<String> instances) {
        double s = 0;
        for (String name : instances) {
            s += PlatformStages.cpuSeconds(platform.services().get(name).pid());
        }
        return s;
    }

    /** The devices an instance's projection holds (its {@code billing_usage_devices} gauge). */
    long devicesHeld(String name) {
        String metrics = Http.get(platform.url(name) + "/q/metrics", null).expect(200).body();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("billing_usage_devices ")) {
                return (long) Double.parseDouble(line.substring(line.indexOf(' ') + 1).trim());
            }
        }
        throw new IllegalStateException(name + " exports no billing_usage_devices gauge");
    }

    private static void check(long deadline, String what) {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException(what);
        }
    }
}
