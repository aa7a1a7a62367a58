package org.hearken.intake;

import jakarta.mail.MessagingException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.hearken.platform.ClusterLocks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;

/**
 * Waits for new mail with IMAP IDLE (RFC 2177), one thread per mailbox, so that a message becomes a case within a
 * moment of its arrival rather than at the next poll. A thread first takes the mailbox's cluster-wide lock; only the
 * holder connects, takes in what is new and then waits in IDLE, taking mail in whenever the server announces some,
 * for at most {@code hearken.intake.mail.idle-budget}. Then it lets the lock go and takes it again at once, so another
 * instance can step in between budgets and takes over within seconds when this one stops. The lock is a lease renewed
 * while held: when this instance dies, another takes the mailbox over within the lease; when this instance loses the
 * lock (it could not renew it), it ends its IDLE at once and asks for the lock again.
 * <p>
 * When the server does not support IDLE, the thread leaves the mailbox to polling and looks again an hour later; when
 * IDLE fails (the connection drops, say), it leaves the mailbox to polling and tries again after a back-off. Polling
 * ({@link MailPollSchedule}) takes any mailbox whose lock is free, so a mailbox is never left unwatched.
 * <p>
 * Stops before the rest of the application: a thread waiting in IDLE is woken, ends the IDLE, logs out and ends.
 * <p>
 * Each thread reports what it does to {@link MailboxConnections}, which the administrators' mailboxes page shows.
 */
@Component
@Conditional(MailPollSchedule.MailboxConfigured.class)
class MailIdleWatch implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MailIdleWatch.class);

    /** How long after finding a server without IDLE to ask it again. */
    static final Duration UNSUPPORTED_RECHECK = Duration.ofHours(1);
    /** Longest pause between two attempts after IDLE failed, however often it failed. */
    static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    /** Longest pause before asking again for a lock another instance holds. */
    static final Duration LOCK_RETRY = Duration.ofSeconds(5);
    /** How long stopping waits for the threads to end. */
    static final Duration STOP_WAIT = Duration.ofSeconds(20);

    /**
     * What the thread of one mailbox is doing: waiting for the lock another instance holds, taking mail in (holding the
     * lock), waiting in IDLE (holding the lock), leaving the mailbox to polling for a while, or stopped.
     */
    enum State {
        STARTING,
        WAITING_FOR_LOCK,
        TAKING_IN,
        IDLING,
        POLLING,
        STOPPED
    }

    private final MailPoller poller;
    private final Mailboxes mailboxes;
    private final MailboxLocks locks;
    private final MailIntakeSettings settings;
    private final MailboxConnections connections;
    private final List<Watcher> watchers = new ArrayList<>();
    private ScheduledExecutorService timer;
    private volatile boolean running;

    MailIdleWatch(
            MailPoller poller,
            Mailboxes mailboxes,
            MailboxLocks locks,
            MailIntakeSettings settings,
            MailboxConnections connections) {
        this.poller = poller;
        this.mailboxes = mailboxes;
        this.locks = locks;
        this.settings = settings;
        this.connections = connections;
    }

    @Override
    public synchronized void start() {
        if (running || !settings.idle() || mailboxes.mailboxes().isEmpty()) {
            return;
        }
        running = true;
        timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("mail-idle-timer").factory());
        for (Mailboxes.Mailbox mailbox : mailboxes.mailboxes()) {
            Watcher watcher = new Watcher(mailbox);
            watchers.add(watcher);
            watcher.thread = Thread.ofPlatform()
                    .daemon()
                    .name("mail-idle-" + mailbox.name())
                    .start(watcher::run);
        }
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        long deadline = System.nanoTime() + STOP_WAIT.toNanos();
        for (Watcher watcher : watchers) {
            try {
                while (watcher.thread.isAlive() && System.nanoTime() < deadline) {
                    watcher.wake();
                    watcher.thread.join(100);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (watcher.thread.isAlive()) {
                log.warn(
                        "The IDLE watch of mailbox {} did not end within {}; it ends with its connection.",
                        watcher.mailbox,
                        STOP_WAIT);
            }
        }
        timer.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * What a mailbox's thread is doing, how many times it has held the mailbox's lock to watch it, and how many of
     * those ended in a failure of the connection.
     */
    record Status(State state, int sessions, int failures) {}

    /** The status of each mailbox's thread, by mailbox name; empty when IDLE is switched off. */
    synchronized Map<String, Status> status() {
        return watchers.stream()
                .collect(Collectors.toUnmodifiableMap(
                        w -> w.mailbox.name(), w -> new Status(w.state, w.sessions, w.failures)));
    }

    /** The threads this watch started, for checking that stopping ends them. */
    synchronized List<Thread> threads() {
        return watchers.stream().map(w -> w.thread).toList();
    }

    /** How long a thread that found the lock taken waits before it asks again. */
    static Duration lockRetry(Duration pollInterval) {
        return min(pollInterval, LOCK_RETRY);
    }

    private final class Watcher implements MailPoller.IdleWait {

        final Mailboxes.Mailbox mailbox;
        final Object pause = new Object();
        volatile Thread thread;
        volatile State state = State.STARTING;
        // Written by the watcher's own thread only.
        volatile int sessions;
        volatile int failures;
        volatile IMAPFolder idling;
        volatile ClusterLocks.Held held;

        Watcher(Mailboxes.Mailbox mailbox) {
            this.mailbox = mailbox;
        }

        void run() {
            // The first try after a failure comes soon (a server slow to answer just after a restart, say), later ones
            // further apart; the scheduled poll takes in mail meanwhile.
            Duration backoff = lockRetry(settings.pollInterval());
            boolean toldUnsupported = false;
            while (running) {
                Duration wait;
                Optional<ClusterLocks.Held> lock;
                RuntimeException lockProblem = null;
                try {
                    lock = locks.tryLock(mailbox);
                } catch (RuntimeException e) {
                    log.warn(
                            "The lock of mailbox {} could not be taken; trying again shortly: {}",
                            mailbox,
                            e.toString());
                    lock = Optional.empty();
                    lockProblem = e;
                }
                if (lock.isEmpty()) {
                    state = State.WAITING_FOR_LOCK;
                    wait = lockRetry(settings.pollInterval());
                    if (lockProblem == null) {
                        connections.lockedElsewhere(mailbox.name());
                    } else {
                        connections.lockFailed(mailbox.name(), lockProblem, wait);
                    }
                } else {
                    try {
                        held = lock.get();
                        held.whenLost(this::wake);
                        state = State.TAKING_IN;
                        sessions++;
                        MailPoller.WatchEnd end = poller.watch(mailbox, settings.idleBudget(), this);
                        backoff = lockRetry(settings.pollInterval());
                        if (end == MailPoller.WatchEnd.IDLE_UNSUPPORTED) {
                            state = State.POLLING;
                            connections.noIdle(mailbox.name(), UNSUPPORTED_RECHECK);
                            if (!toldUnsupported) {
                                log.info(
                                        "The server of mailbox {} does not support IMAP IDLE; it is polled every {}.",
                                        mailbox,
                                        settings.pollInterval());
                                toldUnsupported = true;
                            }
                            wait = UNSUPPORTED_RECHECK;
                        } else {
                            wait = Duration.ZERO;
                        }
                    } catch (MessagingException | IOException | RuntimeException e) {
                        if (!running) {
                            break;
                        }
                        state = State.POLLING;
                        failures++;
                        log.warn(
                                "Waiting for e-mail in IDLE on mailbox {} failed; it is polled every {} until IDLE works again (next try in {}): {}",
                                mailbox,
                                settings.pollInterval(),
                                backoff,
                                e.toString());
                        wait = backoff;
                        connections.idleFailed(mailbox.name(), e, backoff);
                        backoff = min(backoff.multipliedBy(2), max(MAX_BACKOFF, settings.pollInterval()));
                    } finally {
                        if (state == State.TAKING_IN) {
                            state = State.STARTING;
                        }
                        held = null;
                        lock.get().unlock();
                    }
                }
                sleep(wait);
            }
            state = State.STOPPED;
        }

        /** The application is stopping, or this instance no longer holds the mailbox. */
        @Override
        public boolean stopping() {
            ClusterLocks.Held lock = held;
            return !running || (lock != null && lock.lost());
        }

        @Override
        public void idle(IMAPFolder folder, Duration atMost) throws MessagingException {
            idling = folder;
            // Ends the IDLE when the slice is over, and again every second should that come a moment too early.
            ScheduledFuture<?> end = timer.scheduleWithFixedDelay(
                    () -> endIdle(folder), Math.max(1, atMost.toMillis()), 1000, TimeUnit.MILLISECONDS);
            try {
                if (!stopping()) {
                    state = State.IDLING;
                    connections.watching(mailbox.name());
                    folder.idle(true);
                }
            } finally {
                state = State.TAKING_IN;
                end.cancel(false);
                idling = null;
            }
        }

        /** Ends a wait in IDLE or a pause; called by the stopping thread, and when the lock is lost. */
        void wake() {
            IMAPFolder folder = idling;
            if (folder != null) {
                endIdle(folder);
            }
            synchronized (pause) {
                pause.notifyAll();
            }
        }

        @Override
        public void pause(Duration duration) {
            sleep(duration);
        }

        private void sleep(Duration wait) {
            if (wait.isZero() || !running) {
                return;
            }
            synchronized (pause) {
                try {
                    if (running) {
                        pause.wait(wait.toMillis());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /**
     * Any command from another thread makes the IMAP client end the IDLE (it sends DONE and waits for the server's
     * answer), after which {@link IMAPFolder#idle(boolean)} returns. A closed or broken folder ends it anyway.
     */
    private static void endIdle(IMAPFolder folder) {
        try {
            folder.doCommand(protocol -> {
                protocol.noop();
                return null;
            });
        } catch (MessagingException | RuntimeException e) {
            // The connection is gone, and the IDLE with it.
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
