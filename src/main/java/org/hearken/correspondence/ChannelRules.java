package org.hearken.correspondence;

import java.util.HashMap;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.hearken.cases.AcknowledgementMethod;
import org.hearken.cases.CaseEvents;
import org.hearken.cases.CaseFacts;
import org.hearken.cases.CaseManagement;
import org.hearken.cases.CaseOpened;
import org.hearken.cases.CustomerWording;
import org.hearken.policy.Channel;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which case changes write to the customer, and how. Runs inside the case change's transaction, so the message is
 * queued if and only if the change commits:
 * <ul>
 *   <li>feedback that came by e-mail, or by the web form with an e-mail address, is acknowledged by e-mail at once
 *       (unless {@code hearken.mail.auto-acknowledge} is false);</li>
 *   <li>a new due date whose notice channel is EMAIL sends the extension notice (recorded as FAILED at once when the
 *       customer has no e-mail address).</li>
 * </ul>
 */
@Component
class ChannelRules {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ChannelRules.class);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Correspondence correspondence;
    private final CaseManagement cases;
    private final MailSettings settings;

    ChannelRules(Correspondence correspondence, CaseManagement cases, MailSettings settings, JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.correspondence = correspondence;
        this.cases = cases;
        this.settings = settings;
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(CaseOpened opened) {
        if (!settings.autoAcknowledge() || (opened.channel() != Channel.EMAIL && opened.channel() != Channel.WEB_FORM)
                || opened.customer() == null || isBlank(opened.customer().email())) {
            return;
        }
        String to = opened.customer().email().strip();
        // Mail-loop protection: however many messages arrive from one address, it gets only a few automatic replies an hour.
        long recent = jdbc.sql("""
                        select count(*) from correspondence_message
                        where kind = 'ACKNOWLEDGEMENT' and lower(to_address) = lower(?) and created_at > ?""")
                .params(to, Timestamp.from(clock.instant().minus(Duration.ofHours(1))))
                .query(Long.class).single();
        if (recent >= settings.maxAutomaticPerHour()) {
            log.info("Not acknowledging case {} automatically: {} already had {} automatic e-mails in the last hour",
                    opened.reference(), to, recent);
            return;
        }
        CaseFacts facts = cases.facts(opened.caseId()).orElseThrow();
        correspondence.queue(facts, TemplateKey.ACKNOWLEDGEMENT, Map.of(), to);
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(CaseEvents.DueDateExtended extended) {
        if (extended.noticeChannel() != AcknowledgementMethod.EMAIL) {
            return;
        }
        // Queued even without an address: it is then FAILED at once, so the case shows that the customer was not told.
        CaseFacts facts = cases.facts(extended.caseId()).orElseThrow();
        Map<String, String> fields = new HashMap<>();
        fields.put("previousDate", CustomerWording.when(extended.previousDue(), facts.zone()));
        fields.put("newDate", CustomerWording.when(extended.newDue(), facts.zone()));
        fields.put("promisedDate", CustomerWording.when(extended.newDue(), facts.zone()));
        fields.put("reason", extended.reason());
        fields.put("agreed", extended.agreedBy() == null ? "" : "yes");
        correspondence.queue(facts, TemplateKey.EXTENSION_NOTICE, fields, facts.customerEmail());
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
