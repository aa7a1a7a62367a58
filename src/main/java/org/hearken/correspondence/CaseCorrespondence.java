package org.hearken.correspondence;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * What was written to a case's customer, for pages that show it: the e-mails with their delivery state and the
 * letters with whether they were posted. It does not check who is asking: callers look the case up through the cases
 * module first, which applies the visibility rule.
 */
@Service
public class CaseCorrespondence {

    /** An e-mail to the customer: PENDING (waiting or being retried), SENT or FAILED. */
    public record SentEmail(
            long id,
            String kind,
            String to,
            String subject,
            String body,
            String status,
            int attempts,
            String lastError,
            Instant createdAt,
            Instant sentAt) {}

    /** A letter to the customer; {@code postedAt} is null while it waits in the print queue. */
    public record SentLetter(long id, String kind, String subject, Instant createdAt, Instant postedAt) {}

    private final JdbcClient jdbc;
    private final Letters letters;

    CaseCorrespondence(JdbcClient jdbc, Letters letters) {
        this.jdbc = jdbc;
        this.letters = letters;
    }

    /** Oldest first; the bodies as staff may read them, without the customer's private links ({@link PrivateLinks}). */
    public List<SentEmail> emails(long caseId) {
        return jdbc.sql("""
                        select id, kind, to_address as "to", subject, body, status, attempts, last_error, created_at, sent_at
                        from correspondence_message where case_id = ? order by id""").param(caseId).query(SentEmail.class).list().stream()
                .map(m -> new SentEmail(
                        m.id(),
                        m.kind(),
                        m.to(),
                        m.subject(),
                        PrivateLinks.forStaff(m.body()),
                        m.status(),
                        m.attempts(),
                        m.lastError(),
                        m.createdAt(),
                        m.sentAt()))
                .toList();
    }

    /**
     * One exchange with a customer: {@code fromCustomer} an e-mail they sent (no subject is kept here), else an e-mail
     * or letter ({@code how}: EMAIL or LETTER) written to them, with its kind and subject.
     */
    public record Exchange(long caseId, boolean fromCustomer, String how, String kind, String subject, Instant at) {}

    /**
     * The latest {@code limit} exchanges with the customers of {@code caseIds}, newest first: e-mails received (each
     * as it arrived), e-mails queued and letters made for them. Like the rest, for cases the caller has looked up.
     */
    public List<Exchange> latest(java.util.Collection<Long> caseIds, int limit) {
        if (caseIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        select * from (
                            (select case_id, false as from_customer, 'EMAIL' as how, kind, subject, created_at as at, id
                             from correspondence_message where case_id = any(:cases) order by created_at desc limit :limit)
                            union all
                            (select case_id, false, 'LETTER', kind, subject, created_at, id
                             from correspondence_letter where case_id = any(:cases) order by created_at desc limit :limit)
                            union all
                            (select case_id, true, 'EMAIL', null, null, received_at, id
                             from intake_case_mail where case_id = any(:cases) order by received_at desc limit :limit)
                        ) x order by at desc, id desc limit :limit""")
                .param("cases", caseIds.toArray(Long[]::new))
                .param("limit", Math.clamp(limit, 1, 200))
                .query((rs, n) -> new Exchange(
                        rs.getLong("case_id"),
                        rs.getBoolean("from_customer"),
                        rs.getString("how"),
                        rs.getString("kind"),
                        rs.getString("subject"),
                        rs.getTimestamp("at").toInstant()))
                .list();
    }

    /** Oldest first. */
    public List<SentLetter> letters(long caseId) {
        return letters.ofCase(caseId).stream()
                .map(l -> new SentLetter(l.id(), l.kind(), l.subject(), l.createdAt(), l.postedAt()))
                .toList();
    }

    /** The letter's PDF, if the case has a letter with this id. */
    public Optional<byte[]> letterPdf(long caseId, long letterId) {
        return Optional.ofNullable(letters.pdf(caseId, letterId));
    }
}
