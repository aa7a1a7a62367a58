package org.hearken.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One real PostgreSQL per test JVM: the embedded server (started on first use, stopped when the JVM exits), or the
 * server named by {@code TEST_PG_URL} when a machine cannot run the embedded one.
 *
 * <p>Most tests share its main database and own their data by creating their own departments and staff. Tests whose
 * data is a whole organisation (the demo council) get a database of their own on the same server, made empty for
 * them on first use: a test class names it with {@code @TestPropertySource(properties = "hearken.test.database=demo")}
 * (one of {@link #DATABASES}).
 */
public final class TestDatabase {

    /** The databases a test may ask for besides the main one; each is created empty the first time it is used. */
    static final String[] DATABASES = {"demo", "councildemo", "journey", "soleadmin"};

    private static final Pattern DATABASE_IN_URL = Pattern.compile("^(jdbc:postgresql://[^/]+/)([^?]*)(.*)$");

    private static String url;
    private static final Map<String, String> named = new HashMap<>();

    private TestDatabase() {}

    public static synchronized String url() {
        if (url == null) {
            String external = System.getenv("TEST_PG_URL");
            if (external != null && !external.isBlank()) {
                url = external;
            } else {
                try {
                    // Fast, not durable: a test database never needs to survive a power cut.
                    EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                            .setServerConfig("fsync", "off")
                            .setServerConfig("synchronous_commit", "off")
                            .setServerConfig("max_connections", "300")
                            .start();
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                        try {
                            // Stop the server only after the application contexts have closed, so that no scheduled job
                            // is left waiting for a connection to a database that has gone away.
                            awaitOtherShutdownHooks();
                            postgres.close();
                        } catch (IOException ignored) {
                            // the JVM is exiting anyway
                        }
                    }));
                    url = postgres.getJdbcUrl("postgres", "postgres");
                } catch (IOException e) {
                    throw new UncheckedIOException("could not start the embedded PostgreSQL for tests", e);
                }
            }
        }
        return url;
    }

    /** The URL of the named database on the test server, dropped and created empty on first use in this JVM. */
    public static synchronized String url(String database) {
        String existing = named.get(database);
        if (existing != null) {
            return existing;
        }
        Matcher m = DATABASE_IN_URL.matcher(url());
        if (!m.matches()) {
            throw new IllegalStateException("cannot tell the database in the test URL " + url());
        }
        String name = "hearken_test_" + database;
        try (Connection c = DriverManager.getConnection(url(), user(), password());
                Statement s = c.createStatement()) {
            // Left over from an earlier run on an external server: tests start from nothing.
            s.execute("drop database if exists " + name + " with (force)");
            s.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the test database " + name, e);
        }
        String created = m.group(1) + name + m.group(3);
        named.put(database, created);
        return created;
    }

    private static void awaitOtherShutdownHooks() {
        long deadline = System.nanoTime() + 20_000_000_000L;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread != Thread.currentThread() && thread.getName().contains("ShutdownHook")) {
                try {
                    thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static String user() {
        return System.getenv().getOrDefault("TEST_PG_USER", "postgres");
    }

    private static String password() {
        return System.getenv().getOrDefault("TEST_PG_PASSWORD", "");
    }

    /**
     * The data source of an application context under test: the main database, or the one named by the context's
     * {@code hearken.test.database} property (a nested placeholder picks one of the URLs registered here, each
     * created only when a context reads it).
     */
    public static void register(DynamicPropertyRegistry registry) {
        registry.add("hearken.test.database-url.main", TestDatabase::url);
        for (String database : DATABASES) {
            registry.add("hearken.test.database-url." + database, () -> url(database));
        }
        registry.add("spring.datasource.url", () -> "${hearken.test.database-url.${hearken.test.database:main}}");
        // Reports, searches and exports read the same database through a read pool of their own, with an empty schema
        // ahead of public that ReadDatabaseIT fills to tell the two pools apart; no server-side prepared statements, so
        // that every statement is planned against the search path as it is.
        registry.add(
                "hearken.database.read.url",
                () -> "${spring.datasource.url}" + (url().contains("?") ? "&" : "?")
                        + "currentSchema=hearken_read_check,public&prepareThreshold=0");
        registry.add("spring.datasource.username", TestDatabase::user);
        registry.add("spring.datasource.password", TestDatabase::password);
    }
}
