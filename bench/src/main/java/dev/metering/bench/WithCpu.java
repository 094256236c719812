package dev.metering.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;

/**
 * Runs another tool's {@code main} in this JVM and prints {@code CPU-SECONDS <s>} when the JVM ends: the CPU
 * the tool used from the moment its {@code main} was called (JVM start-up not counted, as for the load
 * generator), or from the moment named by the system property {@code bench.cpu.start.ns} if the tool's plug-in
 * set it. A shutdown hook prints it, so it also appears when the tool ends with {@code System.exit}.
 * Args: the tool's main class, then its own arguments.
 */
public final class WithCpu {

    private WithCpu() {
    }

    public static void main(String[] args) throws Exception {
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        // a tool's plug-in may move the start past its own preparation (IngestShapedRecords)
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.printf(Locale.ROOT, "CPU-SECONDS %.3f%n",
                (os.getProcessCpuTime() - Long.getLong("bench.cpu.start.ns", cpu0)) / 1e9)));
        Class.forName(args[0]).getMethod("main", String[].class)
                .invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    }
}
