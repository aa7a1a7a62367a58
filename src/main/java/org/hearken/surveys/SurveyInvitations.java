package org.hearken.surveys;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.hearken.cases.CaseFacts;
import org.hearken.cases.CaseManagement;
import org.hearken.cases.CustomerWording;
import org.hearken.correspondence.Correspondence;
import org.hearken.correspondence.QueuedEmail;
import org.hearken.platform.Digests;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sends one claimed invitation: a fresh token, the e-mail through correspondence's outbox, the invitation marked, and
 * the register told, all in the caller's transaction. Without a usable e-mail address the invitation is marked
 * NOT_SENT with the reason, and the register says so.
 */
@Component
class SurveyInvitations {

    static final String TEMPLATE = "SURVEY_INVITATION";

    private final JdbcClient jdbc;
    private final CaseManagement cases;
    private final Correspondence correspondence;
    private final SurveySettings settings;

    SurveyInvitations(JdbcClient jdbc, CaseManagement cases, Correspondence correspondence, SurveySettings settings) {
        this.jdbc = jdbc;
        this.cases = cases;
        this.correspondence = correspondence;
        this.settings = settings;
    }

    /** Sends the invitation {@code invitationId} (locked by the caller); returns the token when an e-mail was queued. */
    @Transactional(propagation = Propagation.MANDATORY)
    Optional<String> send(long invitationId, long caseId, Instant now) {
        CaseFacts facts =
                cases.facts(caseId).orElseThrow(() -> new IllegalStateException("case " + caseId + " vanished"));
        String email =
                facts.customerEmail() == null ? "" : facts.customerEmail().strip();
        if (email.isEmpty()) {
            notSent(invitationId, caseId, "the customer gave no e-mail address", null, now);
            return Optional.empty();
        }
        String token = SurveyTokens.newToken();
        Instant answerBy = now.plus(settings.answerWithin());
        QueuedEmail queued = correspondence.queueEmail(
                caseId,
                TEMPLATE,
                Map.of(
                        "surveyLink",
                        settings.link(token),
                        "surveyCloses",
                        CustomerWording.when(answerBy, facts.zone())),
                email);
        if ("FAILED".equals(queued.status())) {
            notSent(invitationId, caseId, "the e-mail address '" + email + "' cannot be used", queued.id(), now);
            return Optional.empty();
        }
        jdbc.sql("""
                        update survey_invitation set status = 'SENT', token_hash = ?, to_address = ?, message_id = ?, processed_at = ?,
                               answer_by = ?
                        where id = ? and status = 'SCHEDULED'""")
                .params(
                        Digests.sha256(token),
                        email,
                        queued.id(),
                        Timestamp.from(now),
                        Timestamp.from(answerBy),
                        invitationId)
                .update();
        cases.recordSurveyInvitationSent(caseId, email);
        return Optional.of(token);
    }

    private void notSent(long invitationId, long caseId, String reason, Long messageId, Instant now) {
        jdbc.sql("""
                        update survey_invitation set status = 'NOT_SENT', not_sent_reason = ?, message_id = ?, processed_at = ?
                        where id = ? and status = 'SCHEDULED'""")
                .params(reason, messageId, Timestamp.from(now), invitationId)
                .update();
        cases.recordSurveyInvitationNotSent(caseId, reason);
    }
}
