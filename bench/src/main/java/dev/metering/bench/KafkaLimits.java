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
        List<String> out = runTool("org.apache.kafka.tools.ConsumerPerformance", List.of(
                "--bootstrap-server", bootstrap, "--topic", topic, "--num-records", Integer.toString(records),
                "--group", "bench-" + UUID.randomUUID(), "--timeout", "60000"));
        boolean header = false;
        for (String line : out) {
            if (line.startsWith("start.time")) {
                header = true;
                continue;
            }
            String[] cols = line.split(",\\s*");
            // the summary row: start, end, MB, MB/s, records, records/s, ... (log lines in between are skipped)
            if (header && cols.length >= 6 && cols[4].matches("\\d+")) {
                return Double.parseDouble(cols[5]);
            }
        }
        throw new IllegalStateException("no summary from ConsumerPerformance: " + out);
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
