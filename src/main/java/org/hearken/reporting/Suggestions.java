package org.hearken.reporting;

import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hearken.cases.CaseCommands;
import org.hearken.cases.CaseLifecycle;
import org.hearken.cases.CaseManagement;
import org.hearken.cases.ImprovementStatus;
import org.hearken.identity.Actor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The suggestions log for policy review: every suggestion with where it stands (under consideration, adopted,
 * declined) and why. A suggestion nobody has decided on yet counts as under consideration. Decisions are recorded
 * through the cases module, which writes each to the register.
 */
@Service
class Suggestions {

    record Entry(
            String reference,
            OffsetDateTime receivedAt,
            String department,
            String subject,
            String caseStatus,
            ImprovementStatus status,
            boolean undecided,
            String note,
            OffsetDateTime changedAt,
            String changedBy,
            int version) {}

    /** {@code counts}: suggestions by status, confidential ones included; {@code entries}: those the reader may see listed. */
    record Log(Map<ImprovementStatus, Long> counts, long confidential, List<Entry> entries) {}

    static final int LIMIT = 500;

    private final JdbcClient jdbc;
    private final CaseLifecycle lifecycle;

    Suggestions(JdbcClient jdbc, CaseLifecycle lifecycle) {
        this.jdbc = jdbc;
        this.lifecycle = lifecycle;
    }

    Log log(ReportFilter f, ImprovementStatus status, Actor actor) {
        Map<String, Object> p = new HashMap<>();
        StringBuilder where = new StringBuilder("c.received_at >= :from and c.received_at < :to");
        p.put("from", Timestamp.from(f.fromInstant()));
        p.put("to", Timestamp.from(f.toInstant()));
        if (f.departmentIds() != null) {
            where.append(" and c.department_id in (:departments)");
            p.put("departments", f.departmentIds());
        }
        Map<ImprovementStatus, Long> counts = new EnumMap<>(ImprovementStatus.class);
        for (ImprovementStatus s : ImprovementStatus.values()) {
            counts.put(s, 0L);
        }
        long[] confidential = new long[1];
        jdbc.sql("select c.improvement_status, count(*) as n, count(*) filter (where c.confidential) as confidential"
                        + " from report_suggestion c where " + where + " group by 1")
                .params(p)
                .query((rs, n) -> {
                    counts.put(ImprovementStatus.valueOf(rs.getString(1)), rs.getLong(2));
                    confidential[0] += rs.getLong(3);
                    return null;
                })
                .list();
        if (status != null) {
            where.append(" and c.improvement_status = :status");
            p.put("status", status.name());
        }
        CaseManagement.visibilityParams(actor, p);
        where.append(
                " and not c.confidential and case_visible_to(c.parties, :reader, :readerRoles, :readerDepartments)");
        p.put("limit", LIMIT);
        ZoneId zone = f.zone();
        List<Entry> entries = jdbc.sql(ENTRY_SELECT + " where " + where + " order by c.received_at desc limit :limit")
                .params(p)
                .query((rs, n) -> entry(rs, zone))
                .list();
        return new Log(counts, confidential[0], entries);
    }

    /** An entry of the log: a suggestion with its department and the decision on it, if any. */
    private static final String ENTRY_SELECT = """
            select c.reference, c.received_at, d.code, c.subject, c.status, c.improvement_status, c.undecided,
                   c.improvement_note, c.improvement_changed_at, c.improvement_changed_by, c.version
            from report_suggestion c join report_department d on d.id = c.department_id""";

    private static Entry entry(java.sql.ResultSet rs, ZoneId zone) throws java.sql.SQLException {
        return new Entry(
                rs.getString(1),
                at(rs.getTimestamp(2), zone),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                ImprovementStatus.valueOf(rs.getString(6)),
                rs.getBoolean(7),
                rs.getString(8),
                at(rs.getTimestamp(9), zone),
                rs.getString(10),
                rs.getInt(11));
    }

    /** Records the decision through the cases module (guarded, written to the register) and returns the entry. */
    Entry decide(String reference, Integer ifMatch, CaseCommands.RecordImprovement decision, Actor actor, ZoneId zone) {
        ReportScope.requireReports(actor);
        lifecycle.recordImprovement(reference, ifMatch, decision, actor);
        return jdbc.sql(ENTRY_SELECT + " where c.reference = ?")
                .param(reference)
                .query((rs, n) -> entry(rs, zone))
                .single();
    }

    private static OffsetDateTime at(Timestamp ts, ZoneId zone) {
        return ts == null ? null : ts.toInstant().atZone(zone).toOffsetDateTime();
    }
}
