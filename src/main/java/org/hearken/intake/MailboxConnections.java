package org.hearken.intake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.UnaryOperator;
import org.springframework.stereotype.Component;

/**
 * This instance's live view of each configured mailbox, as the threads that work on it report it: watched in IDLE
 * since when, polled (and why), left to another instance that holds the mailbox, or not connected (the last problem,
 * in plain words, and when the next try is due); and when this instance last looked for new mail and how much that
 * took in. Nothing here is inferred from the database: only the IDLE watch and the poller change it, as they go.
 * <p>
 * Each mailbox's status is an immutable record, replaced atomically, so a reader always sees one consistent status
 * while the intake threads update it.
 */
@Component
class MailboxConnections {

    /** What this instance is doing with a mailbox. */
    enum Mode {
        STARTING,
        WATCHING,
        POLLING,
        STANDING_BY,
        NOT_CONNECTED
    }

    /** Why a mailbox is polled rather than watched in IDLE. */
    enum PollReason {
        IDLE_OFF,
        NO_IDLE,
        IDLE_FAILED
    }

    /**
     * @param since       when the mailbox entered this mode
     * @param pollReason  why it is polled; kept while it is not connected, for when a poll works again
     * @param problem     why the last attempt failed (not connected), or why IDLE failed (polled meanwhile)
     * @param retryAt     not connected: by when the next attempt is made, by IDLE or by a poll
     * @param idleRetryAt polled for want of IDLE: when IDLE is tried again
     * @param lastCheck   when this instance last looked for new mail in the mailbox; null before the first look
     * @param lastTakenIn how many new messages that look took in
     * @param lastIntake  when a look of this instance last took new mail in (in IDLE, the looks that follow it, woken by
     *                    the server's news of the message being flagged and moved, mostly find nothing new); null if none
     * @param lastIntakeCount how many messages that look took in
     */
    record Status(
            Mode mode,
            Instant since,
            PollReason pollReason,
            String problem,
            Instant retryAt,
            Instant idleRetryAt,
            Instant lastCheck,
            int lastTakenIn,
            Instant lastIntake,
            int lastIntakeCount) {

        private Status enter(Mode next, Instant now, PollReason reason, String why, Instant retry, Instant idleRetry) {
            return new Status(
                    next,
                    next == mode ? since : now,
                    reason,
                    why,
                    retry,
                    idleRetry,
                    lastCheck,
                    lastTakenIn,
                    lastIntake,
                    lastIntakeCount);
        }

        private Status looked(Instant now, int takenIn) {
            return new Status(
                    mode,
                    since,
                    pollReason,
                    problem,
                    retryAt,
                    idleRetryAt,
                    now,
                    takenIn,
                    takenIn > 0 ? now : lastIntake,
                    takenIn > 0 ? takenIn : lastIntakeCount);
        }
    }

    private final ConcurrentMap<String, Status> statuses = new ConcurrentHashMap<>();
    /** Mailboxes a poll of this instance holds now, so that the IDLE watch, finding the lock taken, knows by whom. */
    private final Set<String> pollingHere = ConcurrentHashMap.newKeySet();

    private final MailIntakeSettings settings;
    private final Clock clock;

    MailboxConnections(Mailboxes mailboxes, MailIntakeSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        Instant now = clock.instant();
        for (Mailboxes.Mailbox m : mailboxes.mailboxes()) {
            statuses.put(
                    m.name(),
                    settings.idle()
                            ? new Status(Mode.STARTING, now, null, null, null, null, null, 0, null, 0)
                            : new Status(Mode.POLLING, now, PollReason.IDLE_OFF, null, null, null, null, 0, null, 0));
        }
    }

    /** The status of a configured mailbox; empty for a name that is not configured. */
    Optional<Status> status(String mailbox) {
        return Optional.ofNullable(statuses.get(mailbox));
    }

    /** The IDLE watch is waiting for news in IDLE. */
    void watching(String mailbox) {
        update(mailbox, s -> s.enter(Mode.WATCHING, now(), null, null, null, null));
    }

    /** The server does not support IDLE: the mailbox is left to polling until {@code askAgainIn} has passed. */
    void noIdle(String mailbox, Duration askAgainIn) {
        Instant now = now();
        update(mailbox, s -> s.enter(Mode.POLLING, now, PollReason.NO_IDLE, null, null, now.plus(askAgainIn)));
    }

    /** Watching in IDLE failed; polling takes over, and IDLE is tried again after {@code backoff}. */
    void idleFailed(String mailbox, Throwable problem, Duration backoff) {
        Instant now = now();
        Duration retry = backoff.compareTo(settings.pollInterval()) < 0 ? backoff : settings.pollInterval();
        update(
                mailbox,
                s -> s.enter(
                        Mode.NOT_CONNECTED,
                        now,
                        PollReason.IDLE_FAILED,
                        ConnectionProblems.describe(problem),
                        now.plus(retry),
                        now.plus(backoff)));
    }

    /** A poll could not reach the mailbox; the next poll comes one interval later. */
    void pollFailed(String mailbox, Throwable problem) {
        Instant now = now();
        update(
                mailbox,
                s -> s.enter(
                        Mode.NOT_CONNECTED,
                        now,
                        s.pollReason(),
                        ConnectionProblems.describe(problem),
                        now.plus(settings.pollInterval()),
                        s.idleRetryAt()));
    }

    /** The mailbox's lock could not even be asked for (the database did not answer); asked again after {@code wait}. */
    void lockFailed(String mailbox, Throwable problem, Duration wait) {
        Instant now = now();
        update(
                mailbox,
                s -> s.enter(
                        Mode.NOT_CONNECTED,
                        now,
                        s.pollReason(),
                        "the database did not answer when asked for the mailbox's lock ("
                                + ConnectionProblems.describe(problem) + ")",
                        now.plus(wait),
                        s.idleRetryAt()));
    }

    /** The IDLE watch found the mailbox's lock taken; unless a poll of this instance holds it, another instance does. */
    void lockedElsewhere(String mailbox) {
        if (!pollingHere.contains(mailbox)) {
            update(mailbox, s -> s.enter(Mode.STANDING_BY, now(), null, null, null, null));
        }
    }

    /** A poll of this instance may hold the mailbox's lock from now until {@link #pollEnded}. */
    void pollStarted(String mailbox) {
        pollingHere.add(mailbox);
    }

    void pollEnded(String mailbox) {
        pollingHere.remove(mailbox);
    }

    /**
     * This instance looked for new mail and took {@code takenIn} messages in. A mailbox that was not connected, or
     * left to another instance, is connected again: polled, for the reason known, until the IDLE watch says otherwise.
     */
    void checked(String mailbox, int takenIn) {
        Instant now = now();
        update(
                mailbox,
                s -> (s.mode() == Mode.NOT_CONNECTED || s.mode() == Mode.STANDING_BY
                                ? s.enter(
                                        Mode.POLLING,
                                        now,
                                        s.pollReason(),
                                        s.pollReason() == PollReason.IDLE_FAILED ? s.problem() : null,
                                        null,
                                        s.idleRetryAt())
                                : s)
                        .looked(now, takenIn));
    }

    private void update(String mailbox, UnaryOperator<Status> change) {
        statuses.computeIfPresent(mailbox, (name, status) -> change.apply(status));
    }

    private Instant now() {
        return clock.instant();
    }
}
