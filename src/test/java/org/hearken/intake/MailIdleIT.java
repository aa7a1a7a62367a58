package org.hearken.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.hearken.HearkenApplication;
import org.hearken.identity.Role;
import org.hearken.support.FormSession;
import org.hearken.support.ImapProxy;
import org.hearken.support.IntegrationTest;
import org.hearken.support.TestDatabase;
import org.hearken.support.TestMailServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * IMAP IDLE against a real mail server (GreenMail supports IDLE): mail is taken in as soon as the server announces it,
 * by the one instance that holds the mailbox's lock, and polling takes over where IDLE is missing or fails. Each test
 * has a mailbox of its own on the server, so nothing here races {@link MailIntakeIT}, and the context is closed after
 * the class so that its watch does not outlive it.
 */
@DirtiesContext
class MailIdleIT extends IntegrationTest {

    static final String DEPARTMENT = "IDLE" + unique().substring(0, 8);
    static final String WATCHED = "watched-" + unique().toLowerCase(Locale.ROOT) + "@example.org";
    static final String WATCHED_NAME = "idle-watched";
    static final String PROCESSED = "Processed";

    @DynamicPropertySource
    static void mailbox(DynamicPropertyRegistry registry) {
        TestMailServer.addUser(WATCHED);
        TestMailServer.registerMailbox(registry, WATCHED_NAME, WATCHED, DEPARTMENT, PROCESSED);
        // Polling would take an hour: whatever comes in sooner came through IDLE.
        registry.add("hearken.intake.mail.poll-interval", () -> "PT1H");
        // The shortest budget, so that the watch lets its lock go and takes it again several times per test.
        registry.add("hearken.intake.mail.idle-budget", () -> "PT5S");
    }

    @Autowired
    MailIdleWatch watch;

    @BeforeEach
    void intakeDepartment() {
        namedDepartment(DEPARTMENT, "Idle desk", "Idle desk lead");
    }

    @Test
    void aMessageDeliveredWhileIdlingBecomesACaseWithinSeconds() {
        // The watch has let its lock go and taken it again at least once, and waits in IDLE now.
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            MailIdleWatch.Status s = watch.status().get(WATCHED_NAME);
            return s.sessions() >= 2 && s.state() == MailIdleWatch.State.IDLING;
        });
        // The first message in a fresh application pays for loading and compiling the intake code; the second shows
        // what IDLE gives in steady operation.
        String from = "drain-" + unique().toLowerCase(Locale.ROOT) + "@example.net";
        Duration first = deliverAndTime(from, messageId(), "Blocked drain");
        String id = messageId();
        Duration took = deliverAndTime(from, id, "Blocked drain again");

        System.out.printf(
                "IDLE intake: delivered to case in %d ms, the first message in %d ms (poll interval 1 h)%n",
                took.toMillis(), first.toMillis());
        assertThat(first).isLessThan(Duration.ofSeconds(10));
        assertThat(took).isLessThan(Duration.ofSeconds(3));
        assertThat(jdbc.sql(
                                "select c.channel from intake_mail m join cases c on c.id = m.case_id where m.message_id = ?")
                        .param(id)
                        .query(String.class)
                        .single())
                .isEqualTo("EMAIL");
        assertThat(jdbc.sql("select mailbox from intake_mail where message_id = ?")
                        .param(id)
                        .query(String.class)
                        .single())
                .isEqualTo(WATCHED_NAME);
        // Flagged and moved only after it was committed, by the same round.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> TestMailServer.seenFlags(WATCHED, PROCESSED, id).equals(List.of(true)));
        assertThat(TestMailServer.seenFlags(WATCHED, "INBOX", id)).isEmpty();
    }

    /**
     * Delivers a message to the watched mailbox from inside the taking-in of another, so that the server announces it
     * to that work and not to the next IDLE; notes the watch's session in which each was taken in.
     */
    @TestConfiguration(proxyBeanMethods = false)
    static class DeliverDuringIntake {
        static final java.util.Map<String, Integer> SESSION_OF = new java.util.concurrent.ConcurrentHashMap<>();
        static volatile String deliverWhenOpened;
        static volatile String nextSubject;
        static volatile String nextId;

        @Bean
        Recorder deliverDuringIntake(MailIdleWatch watch) {
            return new Recorder(watch);
        }

        record Recorder(MailIdleWatch watch) {
            @org.springframework.context.event.EventListener
            void opened(org.hearken.cases.CaseOpened opened) {
                SESSION_OF.put(
                        opened.subject(), watch.status().get(WATCHED_NAME).sessions());
                if (opened.subject().equals(deliverWhenOpened)) {
                    String from = "second-" + unique().toLowerCase(Locale.ROOT) + "@example.net";
                    TestMailServer.sendTo(
                            from, WATCHED, plain(from, nextId, nextSubject, "Sent while the first was taken in."));
                }
            }
        }
    }

    @Test
    void aMessageArrivingWhileAnotherIsTakenInIsTakenInBeforeTheWatchWaitsAgain() {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> watch.status().get(WATCHED_NAME).state() == MailIdleWatch.State.IDLING);
        String first = "First of two " + unique();
        DeliverDuringIntake.nextSubject = "Second of two " + unique();
        DeliverDuringIntake.nextId = messageId();
        DeliverDuringIntake.deliverWhenOpened = first;
        String from = "first-" + unique().toLowerCase(Locale.ROOT) + "@example.net";
        TestMailServer.sendTo(from, WATCHED, plain(from, messageId(), first, "The first of two."));

        await().atMost(Duration.ofSeconds(30)).until(() -> "CASE_CREATED".equals(status(DeliverDuringIntake.nextId)));
        // Taken in by the same round of the watch, not left until its wait in IDLE ran out (a new session each 5 s
        // here,
        // a minute's wait in production).
        assertThat(DeliverDuringIntake.SESSION_OF.get(DeliverDuringIntake.nextSubject))
                .isEqualTo(DeliverDuringIntake.SESSION_OF.get(first));
    }

    @Test
    void aMessageOf300000SpacesDoesNotHoldUpTheMessageBehindIt() {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> watch.status().get(WATCHED_NAME).state() == MailIdleWatch.State.IDLING);
        String from = "spaces-" + unique().toLowerCase(Locale.ROOT) + "@example.net";
        String hostile = messageId();
        String next = messageId();
        // One line of 300,000 spaces: the clean-up that once took time quadratic in the run of spaces (about a second
        // at
        // 20,000, hours at 4 MB) held the whole mailbox up behind it.
        long start = System.nanoTime();
        TestMailServer.sendTo(
                from,
                WATCHED,
                plain(from, hostile, "Spaces", "Please read this." + " ".repeat(300_000) + "Thank you."));
        TestMailServer.sendTo(from, WATCHED, plain(from, next, "Right behind", "The message after the spaces."));

        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> "CASE_CREATED".equals(status(next)));
        long nextTaken = System.nanoTime();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> List.of("CASE_CREATED", "QUARANTINED").contains(status(hostile)));
        System.out.printf(
                "300,000 spaces: the message after it was a case %d ms after the two were sent; the spaces one is %s%n",
                (nextTaken - start) / 1_000_000, status(hostile));
        String description = jdbc.sql(
                        "select c.description from intake_mail m join cases c on c.id = m.case_id where m.message_id = ?")
                .param(next)
                .query(String.class)
                .single();
        assertThat(description).isEqualTo("The message after the spaces.");
        if ("CASE_CREATED".equals(status(hostile))) {
            assertThat(jdbc.sql(
                                    "select c.description from intake_mail m join cases c on c.id = m.case_id where m.message_id = ?")
                            .param(hostile)
                            .query(String.class)
                            .single())
                    .isEqualTo("Please read this.\n\n[Shortened: the full message is kept as it was received.]");
        }
    }

    @Test
    void twoInstancesTakeEachMessageInOnceAndOnlyTheLockHolderWaitsInIdle() throws Exception {
        String user = "shared-" + unique().toLowerCase(Locale.ROOT) + "@example.org";
        String name = "idle-shared-" + unique().toLowerCase(Locale.ROOT);
        TestMailServer.addUser(user);
        ConfigurableApplicationContext first = instance(name, user, TestMailServer.imapPort());
        ConfigurableApplicationContext second = null;
        try {
            second = instance(name, user, TestMailServer.imapPort());
            List<MailIdleWatch> watches =
                    List.of(first.getBean(MailIdleWatch.class), second.getBean(MailIdleWatch.class));
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> states(watches, name)
                            .equals(Set.of(MailIdleWatch.State.IDLING, MailIdleWatch.State.WAITING_FOR_LOCK)));

            // Twenty messages over about four seconds, across the watch's budgets of five seconds.
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String from = "many" + i + "-" + unique().toLowerCase(Locale.ROOT) + "@example.net";
                String id = messageId();
                ids.add(id);
                TestMailServer.sendTo(from, user, plain(from, id, "Report " + i, "Report number " + i + "."));
                Thread.sleep(200);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> countWithStatus(ids, "CASE_CREATED") == ids.size());

            assertThat(jdbc.sql("select count(*) from intake_mail where mailbox = ?")
                            .param(name)
                            .query(Long.class)
                            .single())
                    .isEqualTo(ids.size());
            assertThat(jdbc.sql("select count(distinct case_id) from intake_mail where mailbox = ?")
                            .param(name)
                            .query(Long.class)
                            .single())
                    .isEqualTo(ids.size());
            assertThat(jdbc.sql(
                                    "select count(*) from cases c join intake_mail m on m.case_id = c.id where m.mailbox = ?")
                            .param(name)
                            .query(Long.class)
                            .single())
                    .isEqualTo(ids.size());
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (String id : ids) {
                    assertThat(TestMailServer.seenFlags(user, PROCESSED, id))
                            .as(id)
                            .containsExactly(true);
                    assertThat(TestMailServer.seenFlags(user, "INBOX", id))
                            .as(id)
                            .isEmpty();
                }
            });

            // The holder stops: its threads end with it, and the other instance takes the mailbox over.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> states(watches, name).contains(MailIdleWatch.State.IDLING));
            int holderIndex = watches.get(0).status().get(name).state() == MailIdleWatch.State.IDLING ? 0 : 1;
            ConfigurableApplicationContext holder = holderIndex == 0 ? first : second;
            MailIdleWatch other = watches.get(1 - holderIndex);
            List<Thread> threads = watches.get(holderIndex).threads();
            assertThat(threads).isNotEmpty().allMatch(Thread::isAlive);
            long closing = System.nanoTime();
            holder.close();
            System.out.printf(
                    "IDLE watch: instance closed in %d ms%n",
                    Duration.ofNanos(System.nanoTime() - closing).toMillis());
            assertThat(threads).noneMatch(Thread::isAlive);

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> other.status().get(name).state() == MailIdleWatch.State.IDLING);
            String from = "after-" + unique().toLowerCase(Locale.ROOT) + "@example.net";
            String id = messageId();
            TestMailServer.sendTo(from, user, plain(from, id, "After the handover", "Taken in by the other instance."));
            await().atMost(Duration.ofSeconds(10)).until(() -> "CASE_CREATED".equals(status(id)));
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }

    @Test
    void whereIdleFailsOrIsMissingTheMailboxIsPolledAndIdleResumesWhenItCan() throws Exception {
        String user = "proxied-" + unique().toLowerCase(Locale.ROOT) + "@example.org";
        String name = "idle-proxied-" + unique().toLowerCase(Locale.ROOT);
        TestMailServer.addUser(user);
        // Cut connections make the mail server's threads throw; that is the point here, not a failure of the test.
        try (ImapProxy proxy = new ImapProxy(TestMailServer.imapPort())) {
            ConfigurableApplicationContext instance = instance(name, user, proxy.port());
            try {
                MailIdleWatch watch = instance.getBean(MailIdleWatch.class);
                await().dontCatchUncaughtExceptions()
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> watch.status().get(name).state() == MailIdleWatch.State.IDLING);

                // The connection breaks while waiting in IDLE: nothing is lost, and IDLE resumes.
                proxy.dropConnections();
                String broken = messageId();
                String from = "proxy-" + unique().toLowerCase(Locale.ROOT) + "@example.net";
                TestMailServer.sendTo(
                        from, user, plain(from, broken, "Dropped connection", "Sent while the connection was down."));
                await().dontCatchUncaughtExceptions()
                        .atMost(Duration.ofSeconds(20))
                        .until(() -> "CASE_CREATED".equals(status(broken)));
                await().dontCatchUncaughtExceptions()
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> {
                            MailIdleWatch.Status s = watch.status().get(name);
                            return s.failures() >= 1 && s.state() == MailIdleWatch.State.IDLING;
                        });

                // A server without IDLE: the mailbox is left to polling (every second here).
                proxy.hideIdle(true);
                proxy.dropConnections();
                await().dontCatchUncaughtExceptions()
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> watch.status().get(name).state() == MailIdleWatch.State.POLLING);
                int sessions = watch.status().get(name).sessions();
                String polled = messageId();
                TestMailServer.sendTo(from, user, plain(from, polled, "No IDLE", "Taken in by polling."));
                await().dontCatchUncaughtExceptions()
                        .atMost(Duration.ofSeconds(20))
                        .until(() -> "CASE_CREATED".equals(status(polled)));
                MailIdleWatch.Status after = watch.status().get(name);
                assertThat(after.state()).isEqualTo(MailIdleWatch.State.POLLING);
                assertThat(after.sessions())
                        .as("no new attempt at IDLE before the hourly check")
                        .isEqualTo(sessions);
                assertThat(jdbc.sql("select count(*) from intake_mail where mailbox = ?")
                                .param(name)
                                .query(Long.class)
                                .single())
                        .isEqualTo(2);
            } finally {
                instance.close();
            }
        }
    }

    @Test
    void theMailboxesPageShowsWhetherThisInstanceWatchesTheMailboxOrWhyItIsNotConnected() throws Exception {
        String user = "paged-" + unique().toLowerCase(Locale.ROOT) + "@example.org";
        String name = "idle-paged-" + unique().toLowerCase(Locale.ROOT);
        TestMailServer.addUser(user);
        String admin = staffWithoutDepartment(Role.ADMIN);
        try (ImapProxy proxy = new ImapProxy(TestMailServer.imapPort())) {
            ConfigurableApplicationContext instance = instance(name, user, proxy.port());
            try {
                FormSession browser = new FormSession(
                        Integer.parseInt(instance.getEnvironment().getProperty("local.server.port")));
                assertThat(browser.signIn(admin, PASSWORD)).isTrue();

                // Connected: watched in IDLE, and what the last look took in.
                String watching = await().dontCatchUncaughtExceptions()
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> connectionRow(browser, name), row -> row.contains("Watching with IDLE since"));
                assertThat(watching)
                        .contains(">Watching<")
                        .contains("nothing new")
                        .contains("None since this instance started")
                        .doesNotContain("Not connected");
                String from = "paged-" + unique().toLowerCase(Locale.ROOT) + "@example.net";
                String id = messageId();
                TestMailServer.sendTo(from, user, plain(from, id, "Seen on the page", "Counted as taken in."));
                await().dontCatchUncaughtExceptions()
                        .atMost(Duration.ofSeconds(20))
                        .until(() -> "CASE_CREATED".equals(status(id)));
                // The look that took it in may be followed at once by one woken by the server's news of it being moved.
                await().dontCatchUncaughtExceptions()
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> connectionRow(browser, name), row -> row.contains(": 1 message</td>"));
                assertThat(connectionRow(browser, name)).contains("Watching with IDLE since");
                // The page says whose view this is.
                assertThat(browser.get("/admin/mailboxes").body())
                        .contains("Connection, as this instance sees it")
                        .contains("one at a time holds a\n      mailbox");

                // The connection is cut and the server turns new ones away: not connected, why, and when it tries
                // again.
                proxy.refuseConnections(true);
                proxy.dropConnections();
                String cut = await().dontCatchUncaughtExceptions()
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> connectionRow(browser, name), row -> row.contains("Not connected:"));
                System.out.println("Mailboxes page with the connection cut: " + cut.replaceAll("\\s+", " "));
                assertThat(cut)
                        .contains(">Not connected<")
                        .containsPattern("Retrying by \\w{3} \\d{1,2} \\w{3}, \\d{2}:\\d{2}:\\d{2}")
                        .containsPattern("the (server closed|connection was (closed|cut))")
                        .doesNotContain("Exception")
                        .doesNotContain("Watching with IDLE");

                // The server is back: watched again, from a new moment.
                proxy.refuseConnections(false);
                await().dontCatchUncaughtExceptions()
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> connectionRow(browser, name), row -> row.contains("Watching with IDLE since"));
            } finally {
                instance.close();
            }
        }
    }

    // ---- helpers
    // ------------------------------------------------------------------------------------------------------

    /** The row of one mailbox in the connection table of the mailboxes page. */
    private static String connectionRow(FormSession browser, String mailbox) {
        FormSession.Page page = browser.get("/admin/mailboxes");
        assertThat(page.status()).isEqualTo(200);
        String body = page.body();
        int table = body.indexOf("id=\"connections\"");
        int row = body.indexOf("data-mailbox=\"" + mailbox + "\"", table);
        assertThat(table).as("the connection table").isPositive();
        assertThat(row).as("the row of " + mailbox).isPositive();
        return body.substring(row, body.indexOf("</tr>", row));
    }

    /** Sends a message to the watched mailbox and waits until it is a case; returns how long that took. */
    private Duration deliverAndTime(String from, String id, String subject) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> watch.status().get(WATCHED_NAME).state() == MailIdleWatch.State.IDLING);
        long start = System.nanoTime();
        TestMailServer.sendTo(from, WATCHED, plain(from, id, subject, "The drain on Oak Street is blocked."));
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> "CASE_CREATED".equals(status(id)));
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Another Hearken instance on the test database, with one mailbox, IDLE budgets of 5 s and polling every second. */
    private ConfigurableApplicationContext instance(String mailboxName, String user, int imapPort) {
        return new SpringApplicationBuilder(HearkenApplication.class)
                .initializers(context -> context.getBeanFactory().registerSingleton("sharedTestClock", clock))
                .run(
                        "--server.port=0",
                        "--spring.datasource.url=" + TestDatabase.url(),
                        "--spring.datasource.username=" + System.getenv().getOrDefault("TEST_PG_USER", "postgres"),
                        "--spring.datasource.password=" + System.getenv().getOrDefault("TEST_PG_PASSWORD", ""),
                        "--spring.datasource.hikari.maximum-pool-size=5",
                        "--hearken.data-dir=target/mail-idle-" + unique().toLowerCase(Locale.ROOT),
                        // Every instance signs register checkpoints with the one shared key.
                        "--hearken.register.key-file=target/test-data/register-key.pem",
                        "--hearken.watch.sweep-interval=PT1H",
                        "--hearken.register.seal-interval=PT1S",
                        "--spring.main.banner-mode=off",
                        "--hearken.mailboxes[0].name=" + mailboxName,
                        "--hearken.mailboxes[0].host=127.0.0.1",
                        "--hearken.mailboxes[0].port=" + imapPort,
                        "--hearken.mailboxes[0].ssl=false",
                        "--hearken.mailboxes[0].username=" + user,
                        "--hearken.mailboxes[0].password=" + TestMailServer.PASSWORD,
                        "--hearken.mailboxes[0].processed-folder=" + PROCESSED,
                        "--hearken.mailboxes[0].department=" + DEPARTMENT,
                        "--hearken.intake.mail.poll-interval=PT1S",
                        "--hearken.intake.mail.idle-budget=PT5S");
    }

    private static Set<MailIdleWatch.State> states(List<MailIdleWatch> watches, String name) {
        Set<MailIdleWatch.State> states = new java.util.HashSet<>();
        watches.forEach(w -> states.add(w.status().get(name).state()));
        return states;
    }

    private long countWithStatus(List<String> messageIds, String status) {
        return jdbc.sql("select count(*) from intake_mail where message_id in (:ids) and status = :status")
                .param("ids", messageIds)
                .param("status", status)
                .query(Long.class)
                .single();
    }

    private String status(String messageId) {
        return jdbc.sql("select status from intake_mail where message_id = ? and duplicate_of is null")
                .param(messageId)
                .query(String.class)
                .optional()
                .orElse(null);
    }

    private static String messageId() {
        return unique().toLowerCase(Locale.ROOT) + "@client.example.net";
    }

    private static String plain(String from, String messageId, String subject, String text) {
        return """
                From: %s
                To: intake@example.org
                Subject: %s
                Message-ID: <%s>

                %s
                """.formatted(from, subject, messageId, text);
    }
}
