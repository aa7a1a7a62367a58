package org.hearken.intake;

import org.hearken.platform.ClusterLocks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Polls the mailboxes every {@code hearken.intake.mail.poll-interval}, first one interval after start-up. Each mailbox
 * is polled only by the instance that gets its lock, so a mailbox another instance (or this one) is watching in IDLE
 * is left alone, and one whose server has no IDLE, or whose IDLE failed, is still polled: this is the fallback. Exists
 * only when at least one mailbox is configured.
 */
@Component
@Conditional(MailPollSchedule.MailboxConfigured.class)
class MailPollSchedule {

    private static final Logger log = LoggerFactory.getLogger(MailPollSchedule.class);

    private final MailPoller poller;
    private final Mailboxes mailboxes;
    private final MailboxLocks locks;
    private final MailboxConnections connections;

    MailPollSchedule(MailPoller poller, Mailboxes mailboxes, MailboxLocks locks, MailboxConnections connections) {
        this.poller = poller;
        this.mailboxes = mailboxes;
        this.locks = locks;
        this.connections = connections;
    }

    @Scheduled(
            fixedDelayString = "${hearken.intake.mail.poll-interval:PT30S}",
            initialDelayString = "${hearken.intake.mail.poll-interval:PT30S}")
    void poll() {
        // Messages stored but not yet processed (the database was away, say) need no mailbox, so no lock either.
        poller.processPendingLogged();
        for (Mailboxes.Mailbox mailbox : mailboxes.mailboxes()) {
            // From before the lock is taken until after it is let go, so the IDLE watch never takes this poll for
            // another instance.
            connections.pollStarted(mailbox.name());
            try {
                pollLocked(mailbox);
            } finally {
                connections.pollEnded(mailbox.name());
            }
        }
    }

    private void pollLocked(Mailboxes.Mailbox mailbox) {
        ClusterLocks.Held lock;
        try {
            lock = locks.tryLock(mailbox).orElse(null);
        } catch (RuntimeException e) {
            log.warn("The lock of mailbox {} could not be taken; trying again next run: {}", mailbox, e.toString());
            return;
        }
        if (lock == null) {
            return;
        }
        try {
            poller.poll(mailbox);
        } finally {
            lock.unlock();
        }
    }

    static class MailboxConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return Binder.get(context.getEnvironment())
                    .bind("hearken.mailboxes[0].host", String.class)
                    .map(host -> !host.isBlank())
                    .orElse(false);
        }
    }
}
