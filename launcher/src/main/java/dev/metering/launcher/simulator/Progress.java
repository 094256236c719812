package dev.metering.launcher.simulator;

import java.io.PrintStream;

/** A one-line console progress bar: {@code [#####.....]  45% 123,456/274,000 items  8,123/s  ETA 18 s}. */
final class Progress {

    private static final int WIDTH = 40;

    private final PrintStream out;
    private final long total;
    private final long t0 = System.nanoTime();
    private long lastPrint;

    Progress(PrintStream out, long total) {
        this.out = out;
        this.total = Math.max(1, total);
    }

    synchronized void update(long done) {
        long now = System.nanoTime();
        if (done < total && now - lastPrint < 250_000_000L) {
            return;
        }
        lastPrint = now;
        double seconds = Math.max(1e-3, (now - t0) / 1e9);
        double rate = done / seconds;
        int filled = (int) (WIDTH * done / total);
        long eta = rate > 0 ? Math.round((total - done) / rate) : 0;
        out.printf("\r  [%s%s] %3d%% %,d/%,d items  %,.0f/s  ETA %d s   ", "#".repeat(filled),
                ".".repeat(WIDTH - filled), 100 * done / total, done, total, rate, eta);
        out.flush();
    }

    synchronized void finish() {
        out.println();
    }
}
