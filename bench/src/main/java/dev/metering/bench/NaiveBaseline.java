package dev.metering.bench;

import dev.metering.contracts.ProductCode;
import dev.metering.contracts.telemetry.DeviceHeartbeat;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What a user would build instead: one PostgreSQL row per heartbeat (batched JDBC inserts with
 * {@code reWriteBatchedInserts}, the best a plain design does) and {@code count(distinct ...)} over 30 days.
 */
public final class NaiveBaseline implements AutoCloseable {

    private final String url;
    private final String user;
    private final String password;

    public NaiveBaseline(String url, String user, String password) throws SQLException {
        this.url = url + (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
        this.user = user;
        this.password = password;
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("drop table if exists heartbeats");
            s.execute("create table heartbeats (event_id text primary key, customer_id text not null,"
                    + " device_id text not null, user_id text, product text not null, occurred_at timestamptz not null)");
            s.execute("create index heartbeats_customer_time on heartbeats (customer_id, occurred_at)");
        }
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** Inserts heartbeats [from, to) of the workload in 1 000-row batches, one transaction per batch; rows/s. */
    public double insert(Workload w, long from, long to) throws SQLException {
        long t0 = System.nanoTime();
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("insert into heartbeats values (?,?,?,?,?,?)"
                    + " on conflict (event_id) do nothing")) {
                int n = 0;
                for (long i = from; i < to; i++) {
                    DeviceHeartbeat hb = w.heartbeat(i);
                    for (ProductCode product : hb.products()) {
                        ps.setString(1, hb.eventId() + ":" + product);
                        ps.setString(2, hb.customerId());
                        ps.setString(3, hb.deviceId());
                        ps.setString(4, hb.userId());
                        ps.setString(5, product.name());
                        ps.setTimestamp(6, Timestamp.from(hb.occurredAt()));
                        ps.addBatch();
                    }
                    if (++n % 1000 == 0) {
                        ps.executeBatch();
                        c.commit();
                    }
                }
                ps.executeBatch();
                c.commit();
            }
        }
        return (to - from) / ((System.nanoTime() - t0) / 1e9);
    }

    /** Latencies (ns) of the usage query for one partner's customers, {@code threads} concurrent clients. */
    public long[] usageQuery(Workload w, String[] customerIds, int queries, int threads) throws Exception {
        long[] lat = new long[queries];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            Future<?>[] fs = new Future<?>[threads];
            for (int t = 0; t < threads; t++) {
                int tt = t;
                fs[t] = pool.submit(() -> {
                    try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                            "select customer_id, product, count(distinct coalesce(user_id, device_id))"
                                    + " from heartbeats where customer_id = any(?) and occurred_at > ? and occurred_at <= ?"
                                    + " group by customer_id, product")) {
                        Array arr = c.createArrayOf("text", customerIds);
                        for (int q = tt; q < queries; q += threads) {
                            long s = System.nanoTime();
                            ps.setArray(1, arr);
                            ps.setTimestamp(2, Timestamp.from(w.closeAt().minusSeconds(30L * 24 * 3600)));
                            ps.setTimestamp(3, Timestamp.from(w.closeAt()));
                            try (ResultSet rs = ps.executeQuery()) {
                                while (rs.next()) {
                                    rs.getLong(3);
                                }
                            }
                            lat[q] = System.nanoTime() - s;
                        }
                    }
                    return null;
                });
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return lat;
    }

    /** Seconds to count every customer's units at the close instant (the naive close). Returns [seconds, lines]. */
    public double[] close(Workload w) throws SQLException {
        long t0 = System.nanoTime();
        long lines = 0;
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "select customer_id, product, count(distinct coalesce(user_id, device_id)) from heartbeats"
                        + " where occurred_at > ? and occurred_at <= ? group by customer_id, product")) {
            ps.setTimestamp(1, Timestamp.from(w.closeAt().minusSeconds(30L * 24 * 3600)));
            ps.setTimestamp(2, Timestamp.from(w.closeAt()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lines++;
                }
            }
        }
        return new double[] {(System.nanoTime() - t0) / 1e9, lines};
    }

    @Override
    public void close() {
    }
}
