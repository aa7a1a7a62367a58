package org.hearken.surveys;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.hearken.cases.CaseManagement;
import org.hearken.platform.ConflictException;
import org.hearken.platform.Digests;
import org.hearken.platform.InvalidRequestException;
import org.hearken.platform.NotFoundException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The surveys module's public service: the customer's answer, given once by the private token of the invitation, and
 * sending a closed case's invitation at once (demo data uses it; normally the sweep sends it after the delay).
 */
@Service
public class Surveys {

    /** The longest comment kept; the page says so. */
    public static final int MAX_COMMENT = 4000;

    /** What happened to an answer. */
    public enum AnswerResult {
        /** Stored, and recorded in the case's register. */
        ANSWERED,
        /** The survey was answered before; nothing was stored. */
        ALREADY_ANSWERED,
        /** The survey closed ({@code hearken.surveys.answer-within} after it was sent) unanswered; nothing was stored. */
        CLOSED
    }

    /** A survey as the customer's page shows it: answered, closed unanswered, or open until {@code answerBy}. */
    record Invitation(long caseId, String reference, String kind, boolean answered, Instant answerBy) {

        boolean closedAt(Instant now) {
            return closed(answerBy, now);
        }
    }

    /** Whether a survey open until {@code answerBy} is closed at {@code now}: it is open up to, not including, that moment. */
    static boolean closed(Instant answerBy, Instant now) {
        return !now.isBefore(answerBy);
    }

    private final JdbcClient jdbc;
    private final CaseManagement cases;
    private final SurveyInvitations invitations;
    private final SurveySettings settings;
    private final Clock clock;

    Surveys(
            JdbcClient jdbc,
            CaseManagement cases,
            SurveyInvitations invitations,
            SurveySettings settings,
            Clock clock) {
        this.jdbc = jdbc;
        this.cases = cases;
        this.invitations = invitations;
        this.settings = settings;
        this.clock = clock;
    }

    /** The survey the token opens, if any. */
    @Transactional(readOnly = true)
    Optional<Invitation> find(String token) {
        if (!SurveyTokens.wellFormed(token)) {
            return Optional.empty();
        }
        return jdbc.sql("""
                        select i.case_id, c.reference, c.kind, exists (select 1 from survey_answer a where a.case_id = i.case_id),
                               i.answer_by
                        from survey_invitation i join case_published c on c.id = i.case_id
                        where i.token_hash = ? and i.status = 'SENT'""")
                .param(Digests.sha256(token))
                .query((rs, n) -> new Invitation(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getBoolean(4),
                        rs.getTimestamp(5).toInstant()))
                .optional();
    }

    /** Now, by the application's clock, as the page decides whether a survey is still open. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * Stores the customer's one answer to the survey the token opens, and records it in the case's register. An answer
     * to a survey that has closed, or was answered before, stores nothing and says which.
     *
     * @throws NotFoundException when no survey has this token
     * @throws InvalidRequestException when the rating is not 1 to 5 or the comment is too long
     */
    @Transactional
    public AnswerResult answer(String token, int rating, String comment) {
        if (!SurveyTokens.wellFormed(token)) {
            throw new NotFoundException("No survey has this link");
        }
        // The row lock makes two answers sent at the same moment wait for each other; the primary key refuses the
        // second.
        record Open(long caseId, Instant answerBy) {}
        Open invitation = jdbc.sql(
                        "select case_id, answer_by from survey_invitation where token_hash = ? and status = 'SENT' for update")
                .param(Digests.sha256(token))
                .query((rs, n) -> new Open(rs.getLong(1), rs.getTimestamp(2).toInstant()))
                .optional()
                .orElseThrow(() -> new NotFoundException("No survey has this link"));
        long caseId = invitation.caseId();
        String text = comment == null || comment.isBlank() ? null : comment.strip();
        if (text != null && text.length() > MAX_COMMENT) {
            throw new InvalidRequestException("comment", "is longer than " + MAX_COMMENT + " characters");
        }
        if (rating < 1 || rating > 5) {
            throw new InvalidRequestException("rating", "must be from 1 to 5");
        }
        Instant now = now();
        if (closed(invitation.answerBy(), now)) {
            return AnswerResult.CLOSED;
        }
        int stored = jdbc.sql(
                        "insert into survey_answer (case_id, rating, comment, answered_at) values (?, ?, ?, ?) on conflict do nothing")
                .params(caseId, rating, text, Timestamp.from(now))
                .update();
        if (stored == 0) {
            return AnswerResult.ALREADY_ANSWERED;
        }
        cases.recordSurveyAnswer(caseId, rating, text);
        return AnswerResult.ANSWERED;
    }

    /**
     * Sends the survey invitation of a closed case now, whatever the configured delay, unless one was already sent or
     * found impossible to send, or surveys are switched off ({@code hearken.surveys.enabled}). Returns the token of the
     * survey link when an e-mail was queued.
     *
     * @throws ConflictException when the case is not closed
     */
    @Transactional
    public Optional<String> inviteNow(long caseId) {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        Instant now = now();
        String status = jdbc.sql("select status from case_published where id = ?")
                .param(caseId)
                .query(String.class)
                .optional()
                .orElseThrow(() -> new NotFoundException("No case has id " + caseId));
        if (!"CLOSED".equals(status)) {
            throw new ConflictException("Only a closed case is sent a survey invitation.");
        }
        jdbc.sql("""
                        insert into survey_invitation (case_id, closed_at, due_at, status, created_at)
                        select id, closed_at, ?, 'SCHEDULED', ? from case_published where id = ?
                        on conflict (case_id) do update set due_at = excluded.due_at where survey_invitation.status = 'SCHEDULED'""").params(Timestamp.from(now), Timestamp.from(now), caseId).update();
        return jdbc.sql("select id from survey_invitation where case_id = ? and status = 'SCHEDULED' for update")
                .param(caseId)
                .query(Long.class)
                .optional()
                .flatMap(id -> invitations.send(id, caseId, now));
    }
}
