package org.hearken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.hearken.platform.LeftOverServer;
import org.hearken.support.ApiClient;
import org.hearken.support.JavaProcess;
import org.hearken.support.TestMailServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash drill: Hearken, run as the README runs it (demo mode, its own embedded PostgreSQL), in a JVM of its own
 * with a real IMAP mailbox (GreenMail) to watch, is killed with SIGKILL while e-mail arrives and API requests (each
 * with an Idempotency-Key) are in flight, and started again. Afterwards every e-mail delivered is exactly one case,
 * every request answered 2xx is in the database, a retry of each unanswered request (same key) makes exactly one case,
 * and intake resumes within 30 seconds of the restarted instance being up: the dead instance's mailbox lock does not
 * hold it up.
 */
class CrashDrillIT {

    private static final Duration START = Duration.ofMinutes(3);
    private static final int API_CLIENTS = 4;
    private static final String DEMO_USER = "olivia";
    private static final String DEMO_PASSWORD = "demo";

    @TempDir
    Path dataDir;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String mailbox = "drill-" + run + "@example.org";
    private final AtomicInteger mailsSent = new AtomicInteger();
    private final Queue<String> mailSubjects = new ConcurrentLinkedQueue<>();
    private final Queue<Call> calls = new ConcurrentLinkedQueue<>();
    private int port;

    /** One API request: its key and body, and what came back (null: no answer). */
    private record Call(String key, Map<String, Object> body, String subject, Integer status, String reference) {
        boolean answered() {
            return status != null && status / 100 == 2;
        }
    }

    @Test
    void hearkenKilledWithoutWarningLosesAndDuplicatesNothingAndTakesInMailAgainWithinHalfAMinute() throws Exception {
        TestMailServer.addUser(mailbox);
        port = freePort();
        List<JavaProcess> processes = new ArrayList<>();
        try {
            JavaProcess first = hearken("first");
            processes.add(first);
            awaitUp(first);
            ApiClient api = ApiClient.basic(port, DEMO_USER, DEMO_PASSWORD);

            // Under way: an e-mail every 200 ms, and API clients sending requests back to back.
            ScheduledExecutorService mailer = Executors.newSingleThreadScheduledExecutor();
            mailer.scheduleAtFixedRate(
                    () -> mailSubjects.add(sendMail("Drill mail " + mailsSent.incrementAndGet())),
                    0,
                    200,
                    TimeUnit.MILLISECONDS);
            AtomicBoolean apiStopped = new AtomicBoolean();
            ExecutorService clients = Executors.newFixedThreadPool(API_CLIENTS);
            AtomicInteger callNumber = new AtomicInteger();
            for (int i = 0; i < API_CLIENTS; i++) {
                clients.submit(() -> {
                    // Each client stops at its first request without an answer: the one in flight when the process
                    // died.
                    while (!apiStopped.get()) {
                        Call call = call(api, newCall(callNumber.incrementAndGet()));
                        calls.add(call);
                        if (!call.answered()) {
                            return;
                        }
                    }
                });
            }
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> answeredCount() >= 20 && casesWithSubjects(List.copyOf(mailSubjects)) >= 5);

            first.kill();
            int sentAtKill = mailsSent.get();
            clients.shutdown();
            assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            apiStopped.set(true);
            // E-mail keeps arriving while Hearken is down.
            await().atMost(Duration.ofSeconds(10)).until(() -> mailsSent.get() >= sentAtKill + 5);
            mailer.shutdown();
            assertThat(mailer.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

            long restarted = System.nanoTime();
            JavaProcess second = hearken("second");
            processes.add(second);
            // A new e-mail at the restart: it becomes a case once intake has resumed and taken in what waited before
            // it.
            String probe = sendMail("Drill probe at the restart");
            awaitUp(second);
            long up = System.nanoTime();
            // Intake has resumed when the first e-mail that waited while Hearken was down is a case; it has caught up
            // when the probe, sent after all of them, is one too.
            List<String> sentBefore = List.copyOf(mailSubjects);
            int inBefore = casesWithSubjects(sentBefore);
            // (On a slow start the lock may have run out before Hearken answered: then it had resumed already.)
            if (inBefore < sentBefore.size()) {
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> casesWithSubjects(sentBefore) > inBefore);
            }
            long resumed = System.nanoTime();
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> casesWithSubjects(List.of(probe)) == 1);
            long caughtUp = System.nanoTime();

            List<Call> unanswered = calls.stream().filter(c -> !c.answered()).toList();
            List<Call> retried = unanswered.stream().map(c -> call(api, c)).toList();
            List<String> allMail = new ArrayList<>(mailSubjects);
            allMail.add(probe);
            // Every e-mail has had its chance: the mailbox is empty of unprocessed mail once they all are cases.
            await().atMost(Duration.ofSeconds(60)).until(() -> casesWithSubjects(allMail) >= allMail.size());

            int lostMail = 0;
            int dupMail = 0;
            for (String subject : allMail) {
                int cases = casesWithSubject(subject);
                lostMail += cases == 0 ? 1 : 0;
                dupMail += Math.max(0, cases - 1);
            }
            int lostAnswered = 0;
            int dupApi = 0;
            List<Call> answered = calls.stream().filter(Call::answered).toList();
            for (Call call : answered) {
                lostAnswered += referenceExists(call.reference()) ? 0 : 1;
            }
            for (Call call : calls) {
                dupApi += Math.max(0, casesWithSubject(call.subject()) - 1);
            }
            int lostRetried = 0;
            for (Call call : retried) {
                lostRetried += call.answered() && casesWithSubject(call.subject()) == 1 ? 0 : 1;
            }
            int lost = lostMail + lostAnswered + lostRetried;
            int dup = dupMail + dupApi;
            // Starting takes what it takes on the machine; from then on, the dead instance's locks must hold nothing
            // up.
            double starting = (up - restarted) / 1e9;
            double resumedAfterUp = Math.max(0, resumed - up) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "crash drill: sent=%d (e-mails %d, API requests %d) answered=%d unanswered=%d (retried "
                            + "with the same Idempotency-Key: %d answered) lost=%d dup=%d intake resumed after %.1f s from the "
                            + "restart: %.1f s to start (first try) + %.1f s until the first e-mail that waited was a case;"
                            + " all %d that waited were cases %.1f s after the start%n",
                    allMail.size() + calls.size(),
                    allMail.size(),
                    calls.size(),
                    answered.size(),
                    unanswered.size(),
                    retried.stream().filter(Call::answered).count(),
                    lost,
                    dup,
                    (resumed - restarted) / 1e9,
                    starting,
                    resumedAfterUp,
                    sentBefore.size() - inBefore + 1,
                    Math.max(0, caughtUp - up) / 1e9);

            assertThat(lost).isZero();
            assertThat(dup).isZero();
            assertThat(resumedAfterUp).isLessThanOrEqualTo(30.0);
            assertThat(second.lines())
                    .anyMatch(line -> line.contains("left by a run of Hearken that was killed"))
                    .anyMatch(line -> line.contains("Demo data already loaded"));
        } catch (Throwable failed) {
            processes.forEach(JavaProcess::dumpThreads);
            // What each instance warned of, beside the failure: the reason intake waited is usually among them.
            for (JavaProcess process : processes) {
                process.lines().stream()
                        .filter(line -> line.contains(" WARN ") || line.contains(" ERROR "))
                        .forEach(line -> System.out.println(
                                "crash drill, " + process.log().getFileName() + ": " + line));
            }
            throw failed;
        } finally {
            for (JavaProcess process : processes) {
                process.close();
            }
            LeftOverServer.stop(dataDir);
        }
    }

    private JavaProcess hearken(String name) {
        return JavaProcess.start(
                HearkenApplication.class.getName(),
                List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"),
                List.of(
                        "--server.port=" + port,
                        "--hearken.data-dir=" + dataDir,
                        "--spring.profiles.active=demo",
                        "--spring.main.banner-mode=off",
                        "--hearken.mailboxes[0].name=drill",
                        "--hearken.mailboxes[0].host=127.0.0.1",
                        "--hearken.mailboxes[0].port=" + TestMailServer.imapPort(),
                        "--hearken.mailboxes[0].ssl=false",
                        "--hearken.mailboxes[0].username=" + mailbox,
                        "--hearken.mailboxes[0].password=" + TestMailServer.PASSWORD,
                        "--hearken.mailboxes[0].department=CS"),
                Path.of("target", "crash-drill-" + run + "-" + name + ".log"));
    }

    private void awaitUp(JavaProcess process) {
        ApiClient anonymous = ApiClient.anonymous(port);
        await().atMost(START)
                .pollInterval(Duration.ofMillis(250))
                .ignoreExceptions()
                .until(() -> {
                    assertThat(process.isAlive())
                            .as("Hearken is running; its log: %s", process.log())
                            .isTrue();
                    return anonymous.get("/actuator/health/readiness").status() == 200;
                });
    }

    private Call newCall(int n) {
        String subject = "Drill call " + n + " " + run;
        Map<String, Object> body = Map.of(
                "kind",
                "COMPLAINT",
                "channel",
                "PHONE",
                "subject",
                subject,
                "description",
                "Called during the crash drill",
                "customer",
                Map.of("name", "Caller " + n, "phone", "0400 " + String.format(Locale.ROOT, "%06d", n)));
        return new Call("drill-" + run + "-" + n, body, subject, null, null);
    }

    private static Call call(ApiClient api, Call call) {
        try {
            ApiClient.Response response = api.post("/api/cases", call.body(), "Idempotency-Key", call.key());
            String reference = response.status() / 100 == 2
                    ? response.json().get("reference").asString()
                    : null;
            return new Call(call.key(), call.body(), call.subject(), response.status(), reference);
        } catch (UncheckedIOException noAnswer) {
            return new Call(call.key(), call.body(), call.subject(), null, null);
        }
    }

    private long answeredCount() {
        return calls.stream().filter(Call::answered).count();
    }

    /** Delivers a new e-mail, from a sender of its own, to the mailbox Hearken watches; returns its subject. */
    private String sendMail(String what) {
        String id = UUID.randomUUID().toString();
        String subject = what + " " + run + " " + id.substring(0, 8);
        String from = "sender-" + id.substring(0, 12) + "@example.net";
        TestMailServer.sendTo(from, mailbox, """
                From: %s
                To: %s
                Subject: %s
                Message-ID: <%s@client.example.net>

                Sent during the crash drill.
                """.formatted(from, mailbox, subject, id));
        return subject;
    }

    private int casesWithSubject(String subject) throws Exception {
        return casesWithSubjects(List.of(subject));
    }

    private int casesWithSubjects(List<String> subjects) throws Exception {
        if (subjects.isEmpty()) {
            return 0;
        }
        try (Connection c = database();
                PreparedStatement s = c.prepareStatement("select count(*) from cases where subject = any(?)")) {
            s.setArray(1, c.createArrayOf("text", subjects.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private boolean referenceExists(String reference) throws Exception {
        try (Connection c = database();
                PreparedStatement s = c.prepareStatement("select count(*) from cases where reference = ?")) {
            s.setString(1, reference);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1) == 1;
            }
        }
    }

    /** The embedded database of the Hearken running now, on the port its server wrote into its pid file. */
    private Connection database() throws Exception {
        List<String> pid =
                Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid"), StandardCharsets.UTF_8);
        return DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + pid.get(3).strip() + "/postgres", "postgres", "");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
