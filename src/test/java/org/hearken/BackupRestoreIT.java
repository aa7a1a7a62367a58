package org.hearken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.hearken.identity.Role;
import org.hearken.identity.StaffAccounts;
import org.hearken.support.ApiClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Backup and restore as docs/operations.md tells them: {@code ops/backup-embedded.sh} backs up the embedded database
 * of a running Hearken while cases are being written; the backup is unpacked into a fresh data directory with the
 * documented {@code tar} commands, and Hearken started on it. The copy holds everything that was there before the
 * backup began and nothing sent after it ended; its counts of cases and register events equal the running instance's
 * less exactly the cases written after the backup's end and their events; and its register chain verifies.
 */
class BackupRestoreIT {

    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path work;

    private final String run =
            UUID.randomUUID().toString().replace("-", "").substring(0, 8).toUpperCase();

    /** One case written through the API, with when its request was sent and answered (System.nanoTime()). */
    private record Written(String reference, long sent, long answered) {}

    @Test
    void aBackupTakenWhileCasesAreWrittenRestoresIntoAFreshDataDirectoryWithEqualCountsAndAnIntactRegister()
            throws Exception {
        Path sourceDir = work.resolve("source");
        Path backupDir = work.resolve("backup");
        Path restoredDir = work.resolve("restored");
        List<ConfigurableApplicationContext> running = new ArrayList<>();
        try {
            ConfigurableApplicationContext source = hearken(sourceDir);
            running.add(source);
            String agent = staff(source);
            ApiClient api = ApiClient.basic(port(source), agent, PASSWORD);
            List<Written> before = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                before.add(write(api, i));
            }

            // Cases keep coming while the backup runs.
            Queue<Written> during = new ConcurrentLinkedQueue<>();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger number = new AtomicInteger(100);
            ExecutorService writers = Executors.newFixedThreadPool(2);
            for (int w = 0; w < 2; w++) {
                writers.submit(() -> {
                    while (!stop.get()) {
                        during.add(write(api, number.incrementAndGet()));
                    }
                });
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> during.size() >= 4);
            long backupStarted = System.nanoTime();
            String output = run(List.of(
                    "bash",
                    Path.of("ops", "backup-embedded.sh").toAbsolutePath().toString(),
                    sourceDir.toString(),
                    backupDir.toString()));
            long backupEnded = System.nanoTime();
            await().atMost(Duration.ofSeconds(30)).until(() -> during.stream().anyMatch(w -> w.sent() > backupEnded));
            stop.set(true);
            writers.shutdown();
            assertThat(writers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            assertThat(output).contains("Backup of");

            // Restore as documented: a fresh data directory, the base files, then the write-ahead log.
            Path postgres = Files.createDirectories(restoredDir.resolve("postgres"));
            Files.setPosixFilePermissions(postgres, PosixFilePermissions.fromString("rwx------"));
            run(List.of("tar", "-xf", backupDir.resolve("base.tar").toString(), "-C", postgres.toString()));
            run(List.of(
                    "tar",
                    "-xf",
                    backupDir.resolve("pg_wal.tar").toString(),
                    "-C",
                    postgres.resolve("pg_wal").toString()));
            ConfigurableApplicationContext restored = hearken(restoredDir);
            running.add(restored);

            JdbcClient sourceDb = source.getBean(JdbcClient.class);
            JdbcClient restoredDb = restored.getBean(JdbcClient.class);
            Set<String> sourceCases = references(sourceDb);
            Set<String> restoredCases = references(restoredDb);
            Set<String> missing = new HashSet<>(sourceCases);
            missing.removeAll(restoredCases);
            Set<String> writtenAfterBackupBegan = new HashSet<>();
            during.stream()
                    .filter(w -> w.answered() > backupStarted)
                    .forEach(w -> writtenAfterBackupBegan.add(w.reference()));

            assertThat(sourceCases).containsAll(restoredCases);
            assertThat(restoredCases)
                    .containsAll(before.stream().map(Written::reference).toList())
                    .containsAll(during.stream()
                            .filter(w -> w.answered() < backupStarted)
                            .map(Written::reference)
                            .toList())
                    .doesNotContainAnyElementsOf(during.stream()
                            .filter(w -> w.sent() > backupEnded)
                            .map(Written::reference)
                            .toList());
            assertThat(writtenAfterBackupBegan)
                    .as("what the copy lacks was written after the backup began")
                    .containsAll(missing);

            long sourceEvents = count(sourceDb, "select count(*) from register_event");
            long eventsOfMissing = missing.isEmpty()
                    ? 0
                    : sourceDb.sql("select count(*) from register_event where case_reference in (:refs)")
                            .param("refs", missing)
                            .query(Long.class)
                            .single();
            long restoredEvents = count(restoredDb, "select count(*) from register_event");
            long restoredCaseRows = count(restoredDb, "select count(*) from cases");
            assertThat(restoredCaseRows).isEqualTo(sourceCases.size() - missing.size());
            assertThat(restoredEvents).isEqualTo(sourceEvents - eventsOfMissing);

            var verification = ApiClient.basic(port(restored), agent, PASSWORD)
                    .get("/api/register/verify")
                    .json();
            assertThat(verification.get("intact").asBoolean())
                    .as(verification.toString())
                    .isTrue();
            long whileRunning = during.stream()
                    .filter(w -> w.sent() > backupStarted && w.answered() < backupEnded)
                    .count();
            long whileRunningKept = during.stream()
                    .filter(w -> w.sent() > backupStarted && w.answered() < backupEnded)
                    .filter(w -> restoredCases.contains(w.reference()))
                    .count();
            System.out.printf(
                    "backup and restore: running instance %d cases, %d register events; restored copy %d cases, %d register "
                            + "events (%d of the %d cases written while the backup ran are in it; the %d committed after its end are "
                            + "not); register chain intact, %d events checked%n",
                    sourceCases.size(),
                    sourceEvents,
                    restoredCaseRows,
                    restoredEvents,
                    whileRunningKept,
                    whileRunning,
                    missing.size(),
                    verification.get("checked").asLong());
        } finally {
            running.forEach(ConfigurableApplicationContext::close);
        }
    }

    private static ConfigurableApplicationContext hearken(Path dataDir) {
        return new SpringApplicationBuilder(HearkenApplication.class)
                .run(
                        "--server.port=0",
                        "--hearken.data-dir=" + dataDir,
                        "--spring.datasource.url=",
                        "--spring.main.banner-mode=off",
                        "--hearken.register.seal-interval=PT1S",
                        "--hearken.mail.auto-acknowledge=false");
    }

    /** A department of this test's own with a lead who logs the cases. */
    private String staff(ConfigurableApplicationContext hearken) {
        StaffAccounts accounts = hearken.getBean(StaffAccounts.class);
        String code = "BK" + run;
        accounts.createDepartment(code, "Backup desk", false);
        String username = "backup" + run.toLowerCase();
        accounts.createStaff(new StaffAccounts.NewStaff(
                username, "Backup desk lead", null, PASSWORD, Set.of(Role.MANAGER, Role.AGENT), Set.of(code)));
        accounts.setDepartmentLead(code, username);
        return username;
    }

    private Written write(ApiClient api, int n) {
        long sent = System.nanoTime();
        ApiClient.Response response = api.post(
                "/api/cases",
                Map.of(
                        "kind",
                        "COMPLAINT",
                        "channel",
                        "PHONE",
                        "subject",
                        "Written around the backup " + n,
                        "description",
                        "Case " + n,
                        "department",
                        "BK" + run,
                        "customer",
                        Map.of("name", "Caller " + n, "phone", "0400 000 " + (1000 + n))));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return new Written(response.json().get("reference").asString(), sent, System.nanoTime());
    }

    private static int port(ConfigurableApplicationContext hearken) {
        return Integer.parseInt(hearken.getEnvironment().getProperty("local.server.port"));
    }

    private static Set<String> references(JdbcClient db) {
        return new HashSet<>(
                db.sql("select reference from cases").query(String.class).list());
    }

    private static long count(JdbcClient db, String sql) {
        return db.sql(sql).query(Long.class).single();
    }

    /** Runs a command to its end; fails with its output unless it exits 0. */
    private static String run(List<String> command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assertThat(process.exitValue()).as("%s:%n%s", command, output).isZero();
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
