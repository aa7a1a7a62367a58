package org.hearken.intake;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Polls the mailboxes every {@code hearken.intake.mail.poll-interval}, first one interval after start-up, on one
 * instance of the cluster at a time. Exists only when at least one mailbox is configured.
 */
@Component
@Conditional(MailPollSchedule.MailboxConfigured.class)
class MailPollSchedule {

    private final MailPoller poller;

    MailPollSchedule(MailPoller poller) {
        this.poller = poller;
    }

    @Scheduled(fixedDelayString = "${hearken.intake.mail.poll-interval:PT30S}",
            initialDelayString = "${hearken.intake.mail.poll-interval:PT30S}")
    @SchedulerLock(name = "mail-intake", lockAtMostFor = "PT30M")
    void poll() {
        poller.pollAll();
    }

    static class MailboxConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return Binder.get(context.getEnvironment()).bind("hearken.mailboxes[0].host", String.class)
                    .map(host -> !host.isBlank()).orElse(false);
        }
    }
}
