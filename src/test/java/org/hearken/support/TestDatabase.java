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
        registry.add("spring.datasource.username", () -> System.getenv().getOrDefault("TEST_PG_USER", "postgres"));
        registry.add("spring.datasource.password", () -> System.getenv().getOrDefault("TEST_PG_PASSWORD", ""));
    }
}
