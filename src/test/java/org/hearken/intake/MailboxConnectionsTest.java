package org.hearken.intake;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import java.io.EOFException;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.hearken.support.TestClock;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** What the mailboxes page says about this instance's connection, from what the intake threads report. */
class MailboxConnectionsTest {

    private static final ZoneId SYDNEY = ZoneId.of("Australia/Sydney");
    /** Tuesday 1 December 2026, 10:02:00 in Sydney. */
    private static final Instant T = Instant.parse("2026-11-30T23:02:00Z");

    private final TestClock clock = new TestClock();

    private MailboxConnections connections(boolean idle) {
        clock.set(T);
        Mailboxes mailboxes = new Mailboxes(List.of(
                new Mailboxes.Mailbox("box", "imap.example.org", null, true, "intake", "pw", null, null, null)));
        MailIntakeSettings settings = new MailIntakeSettings(
                DataSize.ofMegabytes(10),
                Duration.ofSeconds(60),
                org.hearken.policy.FeedbackKind.QUESTION,
                idle,
                Duration.ofMinutes(5),
                Duration.ofSeconds(5),
                DataSize.ofMegabytes(25));
        return new MailboxConnections(mailboxes, settings, clock);
    }

    private static MailboxPages.ConnectionRow row(MailboxConnections connections) {
        return MailboxPages.connectionRow(
                "box", connections.status("box").orElseThrow(), Duration.ofSeconds(60), SYDNEY);
    }

    @Test
    void watchingKeepsTheMomentItStartedAcrossRoundsOfIdle() {
        MailboxConnections connections = connections(true);
        assertThat(row(connections).label()).isEqualTo("Starting");
        assertThat(row(connections).lastCheck()).isEqualTo("Not yet");
        assertThat(row(connections).lastIntake()).isEqualTo("None since this instance started");
        connections.checked("box", 2);
        connections.watching("box");
        clock.advance(Duration.ofMinutes(3));
        connections.checked("box", 0);
        connections.watching("box");

        MailboxPages.ConnectionRow row = row(connections);
        assertThat(row.label()).isEqualTo("Watching");
        assertThat(row.state()).startsWith("Watching with IDLE since Tue 1 Dec, 10:02:00");
        assertThat(row.lastCheck()).isEqualTo("Tue 1 Dec, 10:05:00: nothing new");
        assertThat(row.lastIntake()).isEqualTo("Tue 1 Dec, 10:02:00: 2 messages");
        assertThat(connections.status("elsewhere")).isEmpty();
    }

    @Test
    void aFailedConnectionSaysWhyAndWhenTheNextTryIsThenPollingTakesOver() {
        MailboxConnections connections = connections(true);
        connections.watching("box");
        connections.idleFailed(
                "box",
                new MessagingException("Connection dropped by server?", new EOFException()),
                Duration.ofMinutes(2));
        MailboxPages.ConnectionRow cut = row(connections);
        assertThat(cut.label()).isEqualTo("Not connected");
        // Polling comes sooner than the next attempt at IDLE.
        assertThat(cut.state())
                .isEqualTo("Not connected: the server closed the connection. Retrying by Tue 1 Dec, 10:03:00.");

        clock.advance(Duration.ofSeconds(60));
        connections.pollStarted("box");
        connections.lockedElsewhere("box");
        assertThat(row(connections).label())
                .as("this instance's own poll holds the lock")
                .isEqualTo("Not connected");
        connections.checked("box", 1);
        connections.pollEnded("box");
        assertThat(row(connections).state())
                .isEqualTo("Polling every 1 min while IDLE is down (the server closed the connection); "
                        + "IDLE is tried again at Tue 1 Dec, 10:04:00.");
        assertThat(row(connections).lastCheck()).isEqualTo("Tue 1 Dec, 10:03:00: took in 1 message");

        connections.lockedElsewhere("box");
        assertThat(row(connections).label()).isEqualTo("Standing by");
        assertThat(row(connections).state()).contains("asks for it every 5 s");
    }

    @Test
    void pollingSaysWhyIdleIsNotUsed() {
        MailboxConnections off = connections(false);
        assertThat(row(off).state())
                .isEqualTo("Polling every 1 min (IDLE is switched off: hearken.intake.mail.idle=false).");
        off.pollFailed("box", new MessagingException("connect failed", new ConnectException("Connection refused")));
        assertThat(row(off).state())
                .isEqualTo("Not connected: the server refused the connection (Connection refused). "
                        + "Retrying by Tue 1 Dec, 10:03:00.");
        off.checked("box", 3);
        assertThat(row(off).state()).startsWith("Polling every 1 min (IDLE is switched off");
        assertThat(row(off).lastCheck()).endsWith("took in 3 messages");

        MailboxConnections noIdle = connections(true);
        noIdle.noIdle("box", Duration.ofHours(1));
        assertThat(row(noIdle).state())
                .isEqualTo("Polling every 1 min (the server has no IDLE; it is asked again at Tue 1 Dec, 11:02:00).");
    }

    @Test
    void problemsAreNamedInPlainWords() {
        assertThat(ConnectionProblems.describe(
                        new AuthenticationFailedException("[AUTHENTICATIONFAILED] Invalid credentials")))
                .isEqualTo("the server refused the username or password ([AUTHENTICATIONFAILED] Invalid credentials)");
        assertThat(ConnectionProblems.describe(
                        new MessagingException("Oops", new java.net.UnknownHostException("imap.nowhere"))))
                .isEqualTo("the server's name could not be found (imap.nowhere)");
        assertThat(ConnectionProblems.describe(new MessagingException(
                        "Connection dropped by server?", new java.io.IOException("Connection dropped by server?"))))
                .isEqualTo("the server closed the connection");
        assertThat(ConnectionProblems.describe(new jakarta.mail.FolderClosedException(
                        null, "* BYE Jakarta Mail Exception: java.io.IOException: Connection dropped by server?")))
                .isEqualTo("the server closed the connection");
        assertThat(ConnectionProblems.describe(new IllegalStateException("something\nelse")))
                .isEqualTo("something else");
    }
}
