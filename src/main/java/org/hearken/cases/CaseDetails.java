package org.hearken.cases;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The records a case accumulates: responses, remedies and extensions. */
@Repository
class CaseDetails {

    private final JdbcClient jdbc;

    CaseDetails(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void addResponse(long caseId, CaseChange.NewResponse r) {
        jdbc.sql("""
                        insert into case_response (case_id, kind, given_at, given_by, channel, analysis, resolution, outcome, reasons,
                            expected_by, category)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        caseId,
                        r.kind(),
                        Timestamp.from(r.givenAt()),
                        r.givenBy(),
                        r.channel().name(),
                        r.analysis(),
                        r.text(),
                        r.outcome() == null ? null : r.outcome().name(),
                        r.reasons(),
                        r.expectedBy() == null ? null : Timestamp.from(r.expectedBy()),
                        r.category())
                .update();
    }

    /** A remedy whose identifier was reserved beforehand ({@link CaseRepository#reserveRemedyIds}). */
    void addRemedy(long caseId, CaseChange.NewRemedy r) {
        jdbc.sql("""
                        insert into case_remedy (id, case_id, type, description, value, status, offered_at, offered_by, decided_at)
                        overriding system value values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        r.id(),
                        caseId,
                        r.type().name(),
                        r.description(),
                        r.value(),
                        r.status().name(),
                        Timestamp.from(r.offeredAt()),
                        r.offeredBy(),
                        r.status() == RemedyStatus.OFFERED ? null : Timestamp.from(r.offeredAt()))
                .update();
    }

    boolean updateRemedy(long caseId, long remedyId, RemedyStatus status, Instant at) {
        return jdbc.sql("update case_remedy set status = ?, decided_at = ? where id = ? and case_id = ?")
                        .params(
                                status.name(),
                                status == RemedyStatus.OFFERED ? null : Timestamp.from(at),
                                remedyId,
                                caseId)
                        .update()
                == 1;
    }

    boolean hasRemedies(long caseId) {
        return jdbc.sql("select exists (select 1 from case_remedy where case_id = ?)")
                .param(caseId)
                .query(Boolean.class)
                .single();
    }

    /** How many times the stage ({@code RESPOND}, {@code REVIEW}) of the case was extended. */
    int extensions(long caseId, String stage) {
        return jdbc.sql("select count(*) from case_extension where case_id = ? and stage = ?")
                .params(caseId, stage)
                .query(Integer.class)
                .single();
    }

    void addExtension(long caseId, CaseChange.NewExtension e) {
        jdbc.sql("""
                        insert into case_extension (case_id, stage, previous_due, new_due, reason, notice_channel, notice_text,
                            agreed_by, agreed_at, extended_at, extended_by)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        caseId,
                        e.stage(),
                        Timestamp.from(e.previousDue()),
                        Timestamp.from(e.newDue()),
                        e.reason(),
                        e.noticeChannel().name(),
                        e.noticeText(),
                        e.agreedBy(),
                        e.agreedAt() == null ? null : Timestamp.from(e.agreedAt()),
                        Timestamp.from(e.extendedAt()),
                        e.extendedBy())
                .update();
    }

    List<CaseView.Response> responses(long caseId, ZoneId zone) {
        return jdbc.sql("""
                        select r.id, r.kind, r.given_at, s.username, s.full_name, r.channel, r.analysis, r.resolution, r.outcome,
                               r.reasons, r.expected_by, r.category
                        from case_response r join staff_directory s on s.id = r.given_by where r.case_id = ? order by r.id""")
                .param(caseId)
                .query((rs, n) -> new CaseView.Response(
                        rs.getLong(1),
                        rs.getString(2),
                        at(rs, 3, zone),
                        new CaseView.Ref(rs.getString(4), rs.getString(5)),
                        AcknowledgementMethod.valueOf(rs.getString(6)),
                        rs.getString(7),
                        rs.getString(8),
                        rs.getString(9) == null ? null : Outcome.valueOf(rs.getString(9)),
                        rs.getString(10),
                        at(rs, 11, zone),
                        rs.getString(12)))
                .list();
    }

    List<CaseView.Remedy> remedies(long caseId, ZoneId zone) {
        return jdbc.sql(
                        "select id, type, description, value, status, offered_at, decided_at from case_remedy where case_id = ? order by id")
                .param(caseId)
                .query((rs, n) -> new CaseView.Remedy(
                        rs.getLong(1),
                        RemedyType.valueOf(rs.getString(2)),
                        rs.getString(3),
                        rs.getBigDecimal(4),
                        RemedyStatus.valueOf(rs.getString(5)),
                        at(rs, 6, zone),
                        at(rs, 7, zone)))
                .list();
    }

    List<CaseView.Extension> extensions(long caseId, ZoneId zone) {
        return jdbc.sql("""
                        select e.id, e.stage, e.previous_due, e.new_due, e.reason, e.notice_channel, e.notice_text, e.agreed_by,
                               e.agreed_at, e.extended_at, s.username, s.full_name
                        from case_extension e join staff_directory s on s.id = e.extended_by where e.case_id = ? order by e.id""")
                .param(caseId)
                .query((rs, n) -> new CaseView.Extension(
                        rs.getLong(1),
                        rs.getString(2),
                        at(rs, 3, zone),
                        at(rs, 4, zone),
                        rs.getString(5),
                        AcknowledgementMethod.valueOf(rs.getString(6)),
                        rs.getString(7),
                        rs.getString(8),
                        at(rs, 9, zone),
                        at(rs, 10, zone),
                        new CaseView.Ref(rs.getString(11), rs.getString(12))))
                .list();
    }

    private static OffsetDateTime at(ResultSet rs, int column, ZoneId zone) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant().atZone(zone).toOffsetDateTime();
    }
}
