package dev.metering.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The physical limits: Kafka's own {@code ProducerPerformance} and {@code ConsumerPerformance}, each in its own
 * JVM (as a load generator would be) against the same broker the platform uses.
 */
public final class KafkaLimits {

    private static final Pattern PRODUCER = Pattern.compile(
            "(\\d+) records sent, ([0-9.]+) records/sec .*?, ([0-9.]+) ms avg latency, ([0-9.]+) ms max latency, (\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th");

    private KafkaLimits() {
    }

    /** {@code cpuSeconds}: the tool's own CPU from its {@code main} on ({@link WithCpu}); NaN if it did not say. */
    public record ProducerResult(double recordsPerSec, double p50Ms, double p99Ms, double cpuSeconds) {
    }

    public static ProducerResult producer(String bootstrap, String topic, int records, int recordSize) {
        return producer(topic, records, recordSize, List.of("bootstrap.servers=" + bootstrap, "acks=all", "linger.ms=5",
                "batch.size=65536", "compression.type=none"));
    }

    /** The producer tool with these {@code --producer-props} (ingest's settings, an interceptor, ...). */
    public static ProducerResult producer(String topic, int records, int recordSize, List<String> producerProps) {
        List<String> args = new ArrayList<>(List.of("org.apache.kafka.tools.ProducerPerformance",
                "--topic", topic, "--num-records", Integer.toString(records), "--record-size",
                Integer.toString(recordSize), "--throughput", "-1", "--producer-props"));
        args.addAll(producerProps);
        List<String> out = runTool(WithCpu.class.getName(), args);
        double cpu = Double.NaN;
        for (String line : out) {
            if (line.startsWith("CPU-SECONDS ")) {
                cpu = Double.parseDouble(line.substring(12).trim());
            }
        }
        for (String line : out) {
            Matcher m = PRODUCER.matcher(line);
            if (m.find()) {
                return new ProducerResult(Double.parseDouble(m.group(2)), Double.parseDouble(m.group(5)),
                        Double.parseDouble(m.group(7)), cpu);
            }
        }
        throw new IllegalStateException("no summary from ProducerPerformance: " + out);
    }

    /** Records/s consumed from the start of {@code topic}. */
    public static double consumer(String bootstrap, String topic, int records) {
        return consumerRates(bootstrap, topic, records).recordsPerSec();
    }

    /**
     * {@code ConsumerPerformance}'s summary: records/s over the whole run ({@code nMsg.sec}, the group join
     * included) and over the fetch alone ({@code fetch.nMsg.sec}, from the assignment on).
     */
    public record ConsumerResult(double recordsPerSec, double fetchRecordsPerSec) {
    }

    public static ConsumerResult consumerRates(String bootstrap, String topic, long records) {
        List<String> out = runTool("org.apache.kafka.tools.ConsumerPerformance", List.of(
                "--bootstrap-server", bootstrap, "--topic", topic, "--num-records", Long.toString(records),
                "--group", "bench-" + UUID.randomUUID(), "--timeout", "60000"));
        List<String> names = null;
        for (String line : out) {
            if (line.startsWith("start.time")) {
                names = List.of(line.split(",\\s*"));
                continue;
            }
            String[] cols = line.split(",\\s*");
            // the summary row: start, end, MB, MB/s, records, records/s, ... (log lines in between are skipped)
            if (names != null && cols.length >= 6 && cols[4].matches("\\d+")) {
                int fetch = names.indexOf("fetch.nMsg.sec");
                double all = Double.parseDouble(cols[5]);
                return new ConsumerResult(all, fetch >= 0 && fetch < cols.length ? Double.parseDouble(cols[fetch])
                        : Double.NaN);
            }
        }
        throw new IllegalStateException("no summary from ConsumerPerformance: " + out);
    }

    /** What {@link DecodingConsumer} measured: records/s from the assignment on, its CPU seconds per 1 M records. */
    public record DecodingResult(double recordsPerSec, double cpuPerMillion, long invalid) {
    }

    private static final Pattern DECODING = Pattern.compile(
            "decoding-consumer records=(\\d+) seconds=([0-9.]+) rate=([0-9.]+) cpu=([0-9.]+) .*invalid=(\\d+)");

    /** {@link DecodingConsumer} in its own JVM over the first {@code records} records of {@code topic}. */
    public static DecodingResult decodingConsumer(String bootstrap, String topic, long records) {
        List<String> out = runTool(DecodingConsumer.class.getName(), List.of(bootstrap, topic, Long.toString(records)));
        for (String line : out) {
            Matcher m = DECODING.matcher(line);
            if (m.find()) {
                long n = Long.parseLong(m.group(1));
                return new DecodingResult(Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4)) * 1e6 / n,
                        Long.parseLong(m.group(5)));
            }
        }
        throw new IllegalStateException("no summary from DecodingConsumer: " + out);
    }

    static List<String> runTool(String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            List<String> lines = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            }
            if (p.waitFor() != 0) {
                throw new IllegalStateException(mainClass + " failed: " + lines);
            }
            return lines;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
