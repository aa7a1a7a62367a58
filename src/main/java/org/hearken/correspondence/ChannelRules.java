package org.hearken.correspondence;

import java.util.HashMap;
import java.util.Map;
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
 *       (unless {@code hearken.mail.auto-acknowledge} is false, the message asked for no automatic answer, or the
 *       address has had its share of automatic e-mail this hour: see {@link AutomaticMail});</li>
 *   <li>a new due date whose notice channel is EMAIL sends the extension notice (recorded as FAILED at once when the
 *       customer has no e-mail address);</li>
 *   <li>an interim response, a response or a review's outcome recorded as given by e-mail sends it: the template's
 *       standard words around the words staff wrote, threaded under the customer's own mail (FAILED at once without an
 *       address), and the register keeps what was sent.</li>
 * </ul>
 */
@Component
class ChannelRules {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ChannelRules.class);

    private final AutomaticMail automaticMail;
    private final Correspondence correspondence;
    private final CaseManagement cases;
    private final MailSettings settings;

    ChannelRules(
            Correspondence correspondence, CaseManagement cases, MailSettings settings, AutomaticMail automaticMail) {
        this.automaticMail = automaticMail;
        this.correspondence = correspondence;
        this.cases = cases;
        this.settings = settings;
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(CaseOpened opened) {
        if (!settings.autoAcknowledge()
                || (opened.channel() != Channel.EMAIL && opened.channel() != Channel.WEB_FORM)
                || opened.customer() == null
                || isBlank(opened.customer().email())) {
            return;
        }
        String to = opened.customer().email().strip();
        if (AutomaticMail.answersWithheld()) {
            log.info(
                    "Not acknowledging case {} automatically: the message it came from asked for no automatic answer",
                    opened.reference());
            return;
        }
        // Mail-loop protection: however many messages arrive from one address, it gets only a few automatic e-mails an
        // hour.
        if (automaticMail.limitReached(to)) {
            log.info(
                    "Not acknowledging case {} automatically: {} already had {} automatic e-mails in the last hour",
                    opened.reference(),
                    to,
                    settings.maxAutomaticPerHour());
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

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(CaseEvents.InterimResponseGiven e) {
        if (e.channel() == AcknowledgementMethod.EMAIL) {
            answer(e.caseId(), e.actor(), TemplateKey.INTERIM_RESPONSE, e.message(), "");
        }
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(CaseEvents.Responded e) {
        if (e.channel() == AcknowledgementMethod.EMAIL) {
            answer(
                    e.caseId(),
                    e.actor(),
                    TemplateKey.SUBSTANTIVE_RESPONSE,
                    MergeFields.paragraphs(e.analysis(), e.resolution(), e.reasons()),
                    cases.remediesInWords(e.caseId()));
        }
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(CaseEvents.ReviewDecided e) {
        if (e.channel() == AcknowledgementMethod.EMAIL) {
            answer(
                    e.caseId(),
                    e.actor(),
                    TemplateKey.REVIEW_OUTCOME,
                    MergeFields.paragraphs(e.analysis(), e.response(), e.reasons()),
                    cases.remediesInWords(e.caseId()));
        }
    }

    /**
     * Sends the customer the answer staff recorded as given by e-mail: the template's standard words around theirs.
     * Queued even without an address: it is then FAILED at once, so the case shows that the customer was not told.
     */
    private void answer(long caseId, String actor, TemplateKey key, String message, String remedies) {
        CaseFacts facts = cases.facts(caseId).orElseThrow();
        correspondence.queue(
                facts, key, Map.of("message", message, "remedies", remedies), facts.customerEmail(), actor);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
