package org.hearken.correspondence;

import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * What the organisation has written to a case's customer, for the customer's own eyes: e-mail that was sent or is
 * being sent, and letters once they were posted. E-mail that could not be delivered and letters still in the print
 * queue never reached the customer, so they are left out. Only what the customer was sent is here, never anything
 * staff wrote for each other.
 */
@Service
public class CustomerMessages {

    public enum Via {
        EMAIL,
        LETTER
    }

    /** One message; {@code at} is when it was sent or posted, or queued while {@code delivered} is false. */
    public record SentMessage(Via via, String subject, String body, Instant at, boolean delivered) {}

    private final JdbcClient jdbc;

    CustomerMessages(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Oldest first. No access check: for pages that already proved they act for the case's customer. */
    public List<SentMessage> of(long caseId) {
        return jdbc.sql("""
                        select via, subject, body, at, delivered from (
                            select 'EMAIL' as via, subject, body, coalesce(sent_at, created_at) as at, status = 'SENT' as delivered, id
                            from correspondence_message where case_id = :caseId and status in ('SENT', 'PENDING')
                            union all
                            select 'LETTER', subject, body, posted_at, true, id
                            from correspondence_letter where case_id = :caseId and posted_at is not null
                        ) m order by at, via, id""")
                .param("caseId", caseId)
                .query((rs, n) -> new SentMessage(
                        Via.valueOf(rs.getString(1)),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getTimestamp(4).toInstant(),
                        rs.getBoolean(5)))
                .list();
    }
}
