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
