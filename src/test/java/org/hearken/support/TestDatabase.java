package org.hearken.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One real PostgreSQL per test JVM: the embedded server (started on first use, stopped when the JVM exits), or the
 * server named by {@code TEST_PG_URL} when a machine cannot run the embedded one.
 * <p>
 * The embedded test server runs with {@code fsync} and {@code synchronous_commit} off, for speed: its data is thrown
 * away with the JVM, so what a power cut could lose does not matter here. Hearken's own embedded server runs with
 * both on; to Hearken the test server is a configured (external) one, on which it starts with a loud warning rather
 * than refusing (as {@code hearken.database.require-durable} defaults to false there). {@code DatabaseDurabilityIT}
 * relies on this server not being durable.
 */
public final class TestDatabase {

    private static String url;
    private static final java.util.Map<String, String> databases = new java.util.HashMap<>();
    private static final java.util.regex.Pattern DATABASE_IN_URL = java.util.regex.Pattern.compile("^(jdbc:postgresql://[^/?]+/)([^?]*)(.*)$");

    private TestDatabase() {}

    public static synchronized String url() {
        if (url == null) {
            String external = System.getenv("TEST_PG_URL");
            if (external != null && !external.isBlank()) {
                url = external;
            } else {
                try {
                    EmbeddedPostgres postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "off")
                            .setServerConfig("synchronous_commit", "off").setServerConfig("max_connections", "300").start();
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

    /**
     * A database of its own on the same server, created empty at its first use in this JVM (dropped first if an earlier
     * run left it on an external server), for tests that need a database holding nothing but their own data.
     */
    public static synchronized String url(String database) {
        if (!database.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain database name: " + database);
        }
        return databases.computeIfAbsent(database, name -> {
            java.util.regex.Matcher m = DATABASE_IN_URL.matcher(url());
            if (!m.matches()) {
                throw new IllegalStateException("cannot tell the database in " + url());
            }
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(url(), user(), password());
                 java.sql.Statement s = c.createStatement()) {
                s.execute("drop database if exists " + name + " with (force)");
                s.execute("create database " + name);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("could not create the test database " + name, e);
            }
            return m.group(1) + name + m.group(3);
        });
    }

    private static String user() {
        return System.getenv().getOrDefault("TEST_PG_USER", "postgres");
    }

    private static String password() {
        return System.getenv().getOrDefault("TEST_PG_PASSWORD", "");
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

    public static void register(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestDatabase::url);
        registry.add("spring.datasource.username", TestDatabase::user);
        registry.add("spring.datasource.password", TestDatabase::password);
    }
}
