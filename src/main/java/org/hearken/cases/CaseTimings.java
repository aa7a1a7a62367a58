package org.hearken.cases;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hearken.identity.Actor;
import org.hearken.platform.InvalidRequestException;
import org.hearken.policy.Channel;
import org.hearken.policy.FeedbackKind;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Read-only views over many cases for other modules' reports (policy what-if, training), always limited to the cases
 * the reader may see under {@link CaseAccess}.
 */
@Service
public class CaseTimings {

    /** The most cases one replay reads; a longer period is refused rather than read half. */
    public static final int MAX_CASES = 100_000;

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
    public List<CaseTiming> receivedBetween(Instant from, Instant to, String departmentCode, Actor actor) {
        Map<String, Object> params = new HashMap<>();
        String access = CaseAccess.sqlCondition(actor, params);
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
                               c.acknowledged_at, c.first_response_at, c.responded_at,
                               (select min(r.given_at) from case_response r where r.case_id = c.id and r.kind = 'INTERIM') as first_interim_at,
                               c.respond_completed_at, c.review_requested_at, c.reviewed_at, c.reopen_count
                        from cases c
                        join department_directory d on d.id = c.department_id
                        where c.received_at >= :from and c.received_at < :to and\s""" + access + department + """
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
                        rs.getInt(16)))
                .list();
        if (rows.size() > MAX_CASES) {
            throw new InvalidRequestException(
                    "receivedTo", "the period holds more than " + MAX_CASES + " cases; choose a shorter one");
        }
        return rows;
    }

    /**
     * How many open (not closed) cases each member of staff owns, counting only cases the actor may see; staff who own
     * none are absent.
     */
    @Transactional(readOnly = true)
    public Map<Long, Long> openCasesByOwner(Actor actor) {
        Map<String, Object> params = new HashMap<>();
        String access = CaseAccess.sqlCondition(actor, params);
        Map<Long, Long> counts = new LinkedHashMap<>();
        jdbc.sql("select c.owner_id, count(*) from cases c where c.status <> 'CLOSED' and " + access
                        + " group by c.owner_id order by c.owner_id")
                .params(params)
                .query((rs, n) -> counts.put(rs.getLong(1), rs.getLong(2)))
                .list();
        return counts;
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
