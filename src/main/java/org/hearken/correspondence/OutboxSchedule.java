package org.hearken.correspondence;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Runs the sender every {@code hearken.mail.send-interval} on every instance; the claims keep instances apart, so
 * they share the work instead of waiting for a lock. Without an SMTP host there is no job at all and mail stays queued.
 */
@Component
@Conditional(OutboxSchedule.SmtpConfigured.class)
class OutboxSchedule {

    static final class SmtpConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return StringUtils.hasText(context.getEnvironment().getProperty("spring.mail.host"));
        }
    }

    private final OutboxSender sender;

    OutboxSchedule(OutboxSender sender) {
        this.sender = sender;
    }

    @Scheduled(
            fixedDelayString = "${hearken.mail.send-interval:PT1S}",
            initialDelayString = "${hearken.mail.send-interval:PT1S}")
    void sendDue() {
        sender.sendDue();
    }
}
