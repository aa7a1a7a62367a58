package org.hearken.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs Hearken's embedded database on the directory given as the only argument, in a JVM of its own, until the JVM is
 * stopped or killed; prints {@code READY <jdbc url>} once the server answers.
 */
public final class EmbeddedDatabaseProcess {

    private EmbeddedDatabaseProcess() {}

    public static void main(String[] args) throws Exception {
        EmbeddedDatabase database = new EmbeddedDatabase(Path.of(args[0]));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                database.close();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }));
        EmbeddedPostgres postgres = database.start();
        System.out.println("READY " + postgres.getJdbcUrl("postgres", "postgres"));
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
