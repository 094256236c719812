package dev.metering.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A real PostgreSQL server: the embedded binaries from Maven Central (io.zonky.test) by default, or an
 * existing server when {@code METERING_PG_URL} is set (e.g. {@code jdbc:postgresql://localhost:5432/postgres},
 * with {@code METERING_PG_USER} / {@code METERING_PG_PASSWORD}). Each caller gets its own fresh database.
 */
public final class Postgres implements AutoCloseable {

    private final EmbeddedPostgres embedded;
    private final String host;
    private final int port;
    private final String adminDatabase;
    private final String user;
    private final String password;

    private Postgres(EmbeddedPostgres embedded, String host, int port, String adminDatabase, String user,
            String password) {
        this.embedded = embedded;
        this.host = host;
        this.port = port;
        this.adminDatabase = adminDatabase;
        this.user = user;
        this.password = password;
    }

    /** The server named by {@code METERING_PG_URL}, or a new embedded server below {@code parentDir}. */
    public static Postgres start(Path parentDir) {
        String external = System.getenv("METERING_PG_URL");
        if (external != null && !external.isBlank()) {
            return external(external, env("METERING_PG_USER", "postgres"), env("METERING_PG_PASSWORD", ""));
        }
        try {
            Files.createDirectories(parentDir);
            Path dir = Files.createTempDirectory(parentDir, "pg-");
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(parentDir.resolve("pg-binaries").toFile())
                    .setDataDirectory(dir.resolve("data"))
                    .setCleanDataDirectory(true)
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("max_connections", "300")
                    .start();
            return new Postgres(pg, "localhost", pg.getPort(), "postgres", "postgres", "postgres");
        } catch (IOException e) {
            throw new IllegalStateException("could not start embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    static Postgres external(String jdbcUrl, String user, String password) {
        String rest = jdbcUrl.replaceFirst("^jdbc:postgresql://", "");
        String hostPort = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
        String db = rest.contains("/") ? rest.substring(rest.indexOf('/') + 1).replaceFirst("\\?.*$", "") : "postgres";
        String host = hostPort.contains(":") ? hostPort.substring(0, hostPort.indexOf(':')) : hostPort;
        int port = hostPort.contains(":") ? Integer.parseInt(hostPort.substring(hostPort.indexOf(':') + 1)) : 5432;
        return new Postgres(null, host, port, db.isEmpty() ? "postgres" : db, user, password);
    }

    /** Creates a fresh, uniquely named database starting with {@code prefix} and returns its name. */
    public String createDatabase(String prefix) {
        String name = (prefix + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9_]", "_");
        try (Connection c = DriverManager.getConnection(jdbcUrl(adminDatabase), user, password);
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name + ": " + e.getMessage(), e);
        }
        return name;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public String reactiveUrl(String database) {
        return "postgresql://" + host + ":" + port + "/" + database;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    @Override
    public void close() {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                System.err.println("[test-support] PostgreSQL shut down with an error: " + e);
            }
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null ? fallback : v;
    }
}
