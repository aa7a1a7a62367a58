package org.hearken.whatif;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hearken.cases.CaseManagement;
import org.hearken.cases.CaseStatus;
import org.hearken.identity.Actor;
import org.hearken.platform.InvalidRequestException;
import org.hearken.policy.Channel;
import org.hearken.policy.FeedbackKind;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * When the cases of a period reached each stage, for replaying them under another policy: read from what the cases
 * module publishes (case_published and case_timing), limited to the cases the reader may see by its visibility rule
 * (case_visible_to).
 */
@Service
class CaseTimings {

    /** The most cases one replay reads; a longer period is refused rather than read half. */
    static final int MAX_CASES = 100_000;

    private final JdbcClient jdbc;

    CaseTimings(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Cases received in {@code [from, to)} that the actor may see, optionally of one department (by code), oldest first.
     *
     * @throws InvalidRequestException when the period holds more than {@link #MAX_CASES} cases
     */
    @Transactional(readOnly = true)
    List<CaseTiming> receivedBetween(Instant from, Instant to, String departmentCode, Actor actor) {
        Map<String, Object> params = new HashMap<>();
        CaseManagement.visibilityParams(actor, params);
        params.put("from", Timestamp.from(from));
        params.put("to", Timestamp.from(to));
        params.put("limit", MAX_CASES + 1);
        String department = "";
        if (departmentCode != null && !departmentCode.isBlank()) {
            department = " and d.code = :department";
            params.put("department", departmentCode.strip());
        }
        List<CaseTiming> rows = jdbc.sql("""
                        select c.id, c.reference, c.kind, c.channel, c.status, d.code, c.received_at, c.policy_version_id,
                               t.acknowledged_at, t.first_response_at, t.responded_at, t.first_interim_at,
                               t.respond_completed_at, t.review_requested_at, t.reviewed_at, t.reopen_count, d.name,
                               t.product, t.review_acknowledged_at
                        from case_published c
                        join case_timing t on t.case_id = c.id
                        join department_directory d on d.id = c.department_id
                        where c.received_at >= :from and c.received_at < :to
                          and case_visible_to(c.parties, :reader, :readerRoles, :readerDepartments)""" + department + """
                         order by c.received_at, c.id
                        limit :limit""")
                .params(params)
                .query((rs, n) -> new CaseTiming(
                        rs.getLong(1),
                        rs.getString(2),
                        FeedbackKind.valueOf(rs.getString(3)),
                        Channel.valueOf(rs.getString(4)),
                        CaseStatus.valueOf(rs.getString(5)),
                        rs.getString(6),
                        instant(rs.getTimestamp(7)),
                        (Long) rs.getObject(8),
                        instant(rs.getTimestamp(9)),
                        instant(rs.getTimestamp(10)),
                        instant(rs.getTimestamp(11)),
                        instant(rs.getTimestamp(12)),
                        instant(rs.getTimestamp(13)),
                        instant(rs.getTimestamp(14)),
                        instant(rs.getTimestamp(15)),
                        rs.getInt(16),
                        rs.getString(17),
                        product(rs),
                        stage2AcknowledgedAt(rs)))
                .list();
        if (rows.size() > MAX_CASES) {
            throw new InvalidRequestException(
                    "receivedTo", "the period holds more than " + MAX_CASES + " cases; choose a shorter one");
        }
        return rows;
    }

    /** The product a case is about, which a policy's pack routes and a pack's variants may select by. */
    private static String product(ResultSet rs) throws SQLException {
        return rs.getString("product");
    }

    /** When the customer's request for stage 2 was acknowledged, which a pack's stage-2 response may count from. */
    private static Instant stage2AcknowledgedAt(ResultSet rs) throws SQLException {
        return instant(rs.getTimestamp("review_acknowledged_at"));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
