package org.hearken.correspondence;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * E-mail to a member of staff about one of their cases: written into the staff outbox in the transaction of whatever
 * causes it (so it exists if and only if that commits), and sent after commit by the outbox's sender, with its claims and
 * retries. It always goes as automatic mail ({@code Auto-Submitted: auto-generated}), so that no out-of-office answer
 * comes back, and never carries a customer's private link.
 */
@Service
public class StaffMail {

    private static final Logger log = LoggerFactory.getLogger(StaffMail.class);

    private final MailSettings settings;
    private final JdbcClient jdbc;
    private final Clock clock;

    StaffMail(MailSettings settings, JdbcClient jdbc, Clock clock) {
        this.settings = settings;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * The address of one of Hearken's pages, {@code path} such as {@code /cases/HK-2026-000001}, as staff reach it from
     * an e-mail ({@code hearken.public-url}).
     */
    public String link(String path) {
        return MergeFields.base(settings.publicUrl()) + path;
    }

    /**
     * Queues an e-mail to {@code staffId} at {@code toAddress} about the case {@code caseId}. An address that cannot be
     * used is recorded as {@code FAILED} at once, as for customers.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public QueuedEmail queue(long caseId, long staffId, String toAddress, String subject, String body) {
        return insert(caseId, staffId, toAddress, subject, body);
    }

    /** Queues an e-mail to {@code staffId} about their own account, about no case. */
    @Transactional(propagation = Propagation.MANDATORY)
    QueuedEmail queueAboutAccount(long staffId, String toAddress, String subject, String body) {
        return insert(null, staffId, toAddress, subject, body);
    }

    private QueuedEmail insert(Long caseId, long staffId, String toAddress, String subject, String body) {
        String messageId = settings.newMessageId();
        String problem = Correspondence.addressProblem(toAddress);
        String status = problem == null ? "PENDING" : "FAILED";
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        long id = jdbc.sql("""
                        insert into correspondence_staff_mail (case_id, staff_id, to_address, subject, body, message_id, status,
                                                               attempts, next_attempt_at, last_error, created_at)
                        values (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?) returning id""")
                .params(
                        caseId,
                        staffId,
                        toAddress == null ? "" : toAddress.strip(),
                        OutgoingMail.singleLine(subject),
                        PrivateLinks.forStaff(body),
                        messageId,
                        status,
                        Timestamp.from(now),
                        problem,
                        Timestamp.from(now))
                .query(Long.class)
                .single();
        if (problem != null) {
            log.warn("The notice e-mail {} to member of staff {} cannot be sent: {}", id, staffId, problem);
        }
        return new QueuedEmail(id, messageId, status);
    }
}
