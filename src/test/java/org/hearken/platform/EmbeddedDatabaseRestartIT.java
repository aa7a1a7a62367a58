package org.hearken.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.hearken.support.JavaProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded database survives {@code kill -9} of the JVM that runs it: the server that JVM started keeps running on
 * the data directory, and the next start stops it and comes up on the first try, with everything committed before.
 */
class EmbeddedDatabaseRestartIT {

    private static final Pattern READY = Pattern.compile("^READY (jdbc:\\S+)");

    @TempDir
    Path dataDir;

    @Test
    void afterTheJvmIsKilledTheNextStartSucceedsOnTheFirstTryWithTheData() throws Exception {
        Path postgresDir = dataDir.resolve("postgres");
        try {
            JavaProcess first = start("first");
            execute(
                    first.awaitOutput(READY, Duration.ofMinutes(3)),
                    "create table crash_probe (note text)",
                    "insert into crash_probe values ('committed before the kill')");
            first.kill();
            long orphan =
                    Long.parseLong(Files.readAllLines(postgresDir.resolve("postmaster.pid"), StandardCharsets.UTF_8)
                            .get(0)
                            .strip());
            assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive))
                    .as("the server the killed JVM started still runs on the directory")
                    .contains(true);

            try (JavaProcess second = start("second")) {
                String url = second.awaitOutput(READY, Duration.ofMinutes(3));
                assertThat(query(url, "select note from crash_probe")).isEqualTo("committed before the kill");
                assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive))
                        .isNotEqualTo(java.util.Optional.of(true));
                assertThat(second.lines()).anyMatch(line -> line.contains("left by a run of Hearken that was killed"));
            }
        } finally {
            LeftOverServer.stop(dataDir);
        }
    }

    private JavaProcess start(String name) {
        return JavaProcess.start(
                EmbeddedDatabaseProcess.class.getName(),
                List.of("-Xmx128m", "-XX:TieredStopAtLevel=1"),
                List.of(dataDir.toString()),
                Path.of(
                        "target",
                        "embedded-restart-" + name + "-"
                                + ProcessHandle.current().pid() + ".log"));
    }

    private static void execute(String url, String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private static String query(String url, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
