package org.hearken.surveys;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hearken.cases.CaseManagement;
import org.hearken.identity.Actor;
import org.hearken.identity.Role;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The surveys module's public read side: satisfaction figures and recent comments for reports. The methods taking an
 * {@link Actor} apply who may see survey results (executives: every department; managers: their own departments;
 * nobody else); the others trust the caller to have decided that.
 */
@Service
public class SurveyResults {

    private final JdbcClient jdbc;

    SurveyResults(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Figures for the surveys {@code filter} selects, within what {@code actor} may see: the departments their role
     * allows, and of those only cases they may see at all (a complaint about a member of staff never counts for them).
     */
    @Transactional(readOnly = true)
    public SatisfactionFigures figures(Actor actor, SurveyFilter filter) {
        return figures(restrict(actor, filter), actor);
    }

    /** The latest {@code limit} comments in what {@code filter} selects, within what {@code actor} may see; newest first. */
    @Transactional(readOnly = true)
    public List<SurveyComment> recentComments(Actor actor, SurveyFilter filter, int limit) {
        return recentComments(restrict(actor, filter), limit, actor);
    }

    /** Figures for the surveys {@code filter} selects; the caller has decided the reader may see them. */
    @Transactional(readOnly = true)
    public SatisfactionFigures figures(SurveyFilter filter) {
        return figures(filter, null);
    }

    /** The latest {@code limit} comments in what {@code filter} selects, newest first; the caller has decided the reader may see them. */
    @Transactional(readOnly = true)
    public List<SurveyComment> recentComments(SurveyFilter filter, int limit) {
        return recentComments(filter, limit, null);
    }

    private SatisfactionFigures figures(SurveyFilter filter, Actor reader) {
        Map<String, Object> params = new LinkedHashMap<>();
        String where = where(filter, params, reader);
        return jdbc.sql("""
                        select count(*) filter (where i.status = 'SENT') as invited,
                               count(*) filter (where i.status = 'NOT_SENT') as not_sent,
                               count(*) filter (where i.status = 'SCHEDULED') as scheduled,
                               count(a.case_id) as answered,
                               avg(a.rating) as average,
                               count(*) filter (where a.rating = 1) as r1,
                               count(*) filter (where a.rating = 2) as r2,
                               count(*) filter (where a.rating = 3) as r3,
                               count(*) filter (where a.rating = 4) as r4,
                               count(*) filter (where a.rating = 5) as r5,
                               count(*) filter (where coalesce(btrim(a.comment), '') <> '') as comments
                        from survey_invitation i
                        join case_published c on c.id = i.case_id
                        left join survey_answer a on a.case_id = i.case_id
                        where\s""" + where)
                .params(params)
                .query((rs, n) -> {
                    BigDecimal average = rs.getBigDecimal("average");
                    return new SatisfactionFigures(
                            rs.getLong("invited"),
                            rs.getLong("not_sent"),
                            rs.getLong("scheduled"),
                            rs.getLong("answered"),
                            average == null ? null : average.setScale(2, RoundingMode.HALF_UP),
                            List.of(
                                    rs.getLong("r1"),
                                    rs.getLong("r2"),
                                    rs.getLong("r3"),
                                    rs.getLong("r4"),
                                    rs.getLong("r5")),
                            rs.getLong("comments"));
                })
                .single();
    }

    private List<SurveyComment> recentComments(SurveyFilter filter, int limit, Actor reader) {
        Map<String, Object> params = new LinkedHashMap<>();
        String where = where(filter, params, reader);
        params.put("limit", Math.max(0, Math.min(limit, 500)));
        return jdbc.sql("""
                        select c.reference, c.department_id, a.rating, a.comment, a.answered_at
                        from survey_answer a
                        join survey_invitation i on i.case_id = a.case_id
                        join case_published c on c.id = a.case_id
                        where coalesce(btrim(a.comment), '') <> '' and\s""" + where + """
                         order by a.answered_at desc, a.case_id desc
                        limit :limit""")
                .params(params)
                .query((rs, n) -> new SurveyComment(
                        rs.getString(1),
                        rs.getLong(2),
                        rs.getInt(3),
                        rs.getString(4),
                        rs.getTimestamp(5).toInstant()))
                .list();
    }

    /**
     * Narrows the filter to what the actor may see: executives everything, managers their own departments.
     *
     * @throws AccessDeniedException for anyone else
     */
    static SurveyFilter restrict(Actor actor, SurveyFilter filter) {
        if (actor.has(Role.EXECUTIVE)) {
            return filter;
        }
        if (!actor.has(Role.MANAGER)) {
            throw new AccessDeniedException("Survey results are for managers and executives.");
        }
        Set<Long> allowed = new HashSet<>(actor.departmentIds());
        if (filter.departmentIds() != null) {
            allowed.retainAll(filter.departmentIds());
        }
        return filter.withDepartments(allowed);
    }

    /**
     * The filter as SQL over {@code c} (the cases module's case_published) and, when there is a reader, the case
     * visibility rule for them (its SQL form, case_visible_to).
     */
    private String where(SurveyFilter f, Map<String, Object> params, Actor reader) {
        List<String> conditions = new ArrayList<>();
        if (reader != null) {
            CaseManagement.visibilityParams(reader, params);
            conditions.add("case_visible_to(c.parties, :reader, :readerRoles, :readerDepartments)");
        }
        String date = f.basis() == SurveyFilter.DateBasis.RECEIVED ? "c.received_at" : "c.closed_at";
        if (f.from() != null) {
            conditions.add(date + " >= :from");
            params.put("from", Timestamp.from(f.from()));
        }
        if (f.to() != null) {
            conditions.add(date + " < :to");
            params.put("to", Timestamp.from(f.to()));
        }
        if (f.departmentIds() != null) {
            conditions.add("c.department_id in (:departments)");
            params.put("departments", f.departmentIds().isEmpty() ? List.of(-1L) : List.copyOf(f.departmentIds()));
        }
        if (f.kind() != null) {
            conditions.add("c.kind = :kind");
            params.put("kind", f.kind().name());
        }
        if (f.channel() != null) {
            conditions.add("c.channel = :channel");
            params.put("channel", f.channel().name());
        }
        return conditions.isEmpty() ? "true" : String.join(" and ", conditions);
    }
}
