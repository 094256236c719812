package dev.metering.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event store's migrations are shipped once, by the platform ({@code db/eventstore}); an event-sourced
 * service migrates {@code db/migration} (its own tables) and {@code db/eventstore}. Its databases were
 * migrated before from one {@code db/migration} holding copies of the same files: this contract, run by each
 * such service, migrates a database with that old layout and proves that the service's Flyway configuration
 * validates it and has nothing to run, and that the shared files still carry the checksums the copies had.
 */
public abstract class EventStoreMigrationContract {

    /** Flyway's checksums of the shared files as the services carried them (never edit them: add a version). */
    private static final Map<String, Integer> SHARED_CHECKSUMS = Map.of(
            "V1__event_store.sql", 156532277,
            "V3__audit_trail.sql", -1677284782,
            "V3_1__outbox_dead_letters.sql", 465793565);

    @TempDir
    Path oldLayout;

    @Test
    void givenADatabaseMigratedByTheOldLayout_whenTheServiceMigrates_thenItValidatesAndRunsNothing() throws Exception {
        List<String> locations = serviceLocations();
        assertThat(locations).as("quarkus.flyway.locations").contains("db/migration", "db/eventstore");
        List<String> copied = new ArrayList<>();
        for (String location : locations) {
            copied.addAll(copyScripts(location, oldLayout));
        }
        assertThat(copied).as("the shared files").containsAll(SHARED_CHECKSUMS.keySet());

        try (Postgres pg = Postgres.start(Path.of("target", "eventstore-migration"))) {
            String database = pg.createDatabase("old_layout");
            // given: everything in one folder, as the service shipped it before
            MigrateResult old = flyway(pg, database, "filesystem:" + oldLayout).migrate();
            assertThat(old.migrationsExecuted).isEqualTo(copied.size());

            // when: the service's own configuration migrates the same database
            Flyway now = flyway(pg, database,
                    locations.stream().map(l -> "classpath:" + l).toArray(String[]::new));

            // then: it validates, runs nothing, and the shared files kept their checksums
            assertThat(now.validateWithResult().validationSuccessful).isTrue();
            assertThat(now.migrate().migrationsExecuted).isZero();
            assertThat(checksums(pg, database)).containsAllEntriesOf(SHARED_CHECKSUMS);
        }
    }

    private static Flyway flyway(Postgres pg, String database, String... locations) {
        return Flyway.configure().dataSource(pg.jdbcUrl(database), pg.user(), pg.password())
                .locations(locations).load();
    }

    private static Map<String, Integer> checksums(Postgres pg, String database) throws Exception {
        Map<String, Integer> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(database), pg.user(), pg.password());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select script, checksum from flyway_schema_history where checksum is not null")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getInt(2));
            }
        }
        return out;
    }

    /** {@code quarkus.flyway.locations} of the service's application.properties. */
    private static List<String> serviceLocations() throws IOException {
        Properties props = new Properties();
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream("application.properties")) {
            assertThat(in).as("the service's application.properties").isNotNull();
            props.load(in);
        }
        String value = props.getProperty("quarkus.flyway.locations", "db/migration");
        return Arrays.stream(value.split(",")).map(String::strip).toList();
    }

    /** Copies the {@code .sql} files of a class path folder (directory or jar) into {@code target}. */
    private static List<String> copyScripts(String location, Path target) throws Exception {
        List<String> names = new ArrayList<>();
        Enumeration<URL> urls = Thread.currentThread().getContextClassLoader().getResources(location);
        for (URL url : Collections.list(urls)) {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    names.addAll(copy(jar.getPath(location), target));
                }
            } else {
                names.addAll(copy(Path.of(uri), target));
            }
        }
        return names;
    }

    private static List<String> copy(Path folder, Path target) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".sql")).toList()) {
                String name = f.getFileName().toString();
                Files.copy(f, target.resolve(name));
                names.add(name);
            }
        }
        return names;
    }
}
