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

    /**
     * Figures for the surveys {@code filter} selects of the cases {@code reader} may see, whatever their role: for a
     * client's page, which shows what each reader may open of its cases.
     */
    @Transactional(readOnly = true)
    public SatisfactionFigures figuresOfVisibleCases(Actor reader, SurveyFilter filter) {
        return figures(filter, reader);
    }

    /** One month's answers: how many and their mean rating (two decimals). */
    public record Month(java.time.YearMonth month, long answered, BigDecimal averageRating) {}

    /**
     * The answers {@code filter} selects of the cases {@code reader} may see, by the month (in {@code zone}) they were
     * given, oldest first; months without an answer are left out.
     */
    @Transactional(readOnly = true)
    public List<Month> monthlyOfVisibleCases(Actor reader, SurveyFilter filter, java.time.ZoneId zone) {
        Map<String, Object> params = new LinkedHashMap<>();
        String where = where(filter, params, reader);
        params.put("zone", zone.getId());
        return jdbc.sql("""
                        select to_char(a.answered_at at time zone :zone, 'YYYY-MM') as month, count(*) as answered,
                               avg(a.rating) as average
                        from survey_answer a
                        join case_published c on c.id = a.case_id
                        where\s""" + where + " group by 1 order by 1")
                .params(params)
                .query((rs, n) -> new Month(
                        java.time.YearMonth.parse(rs.getString(1)),
                        rs.getLong(2),
                        rs.getBigDecimal(3).setScale(2, RoundingMode.HALF_UP)))
                .list();
    }

    /**
     * Figures for the surveys {@code filter} selects, for each client organisation with any (by client id); the caller
     * has decided the reader may see them, as for {@link #figures(SurveyFilter)}.
     */
    @Transactional(readOnly = true)
    public Map<Long, SatisfactionFigures> figuresByClient(SurveyFilter filter) {
        Map<String, Object> params = new LinkedHashMap<>();
        String where = where(filter, params, null);
        Map<Long, SatisfactionFigures> byClient = new LinkedHashMap<>();
        jdbc.sql("""
                        select c.client_id, """ + FIGURES + """
                        from survey_invitation i
                        join case_published c on c.id = i.case_id
                        left join survey_answer a on a.case_id = i.case_id
                        where c.client_id is not null and\s""" + where + " group by c.client_id")
                .params(params)
                .query((rs, n) -> byClient.put(rs.getLong("client_id"), figuresOf(rs)))
                .list();
        return byClient;
    }

    private SatisfactionFigures figures(SurveyFilter filter, Actor reader) {
        Map<String, Object> params = new LinkedHashMap<>();
        String where = where(filter, params, reader);
        return jdbc.sql("select " + FIGURES + """
                        from survey_invitation i
                        join case_published c on c.id = i.case_id
                        left join survey_answer a on a.case_id = i.case_id
                        where\s""" + where)
                .params(params)
                .query((rs, n) -> figuresOf(rs))
                .single();
    }

    /** What {@link #figuresOf} reads, over survey_invitation i and survey_answer a. */
    private static final String FIGURES = """
            count(*) filter (where i.status = 'SENT') as invited,
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
            """;

    private static SatisfactionFigures figuresOf(java.sql.ResultSet rs) throws java.sql.SQLException {
        BigDecimal average = rs.getBigDecimal("average");
        return new SatisfactionFigures(
                rs.getLong("invited"),
                rs.getLong("not_sent"),
                rs.getLong("scheduled"),
                rs.getLong("answered"),
                average == null ? null : average.setScale(2, RoundingMode.HALF_UP),
                List.of(rs.getLong("r1"), rs.getLong("r2"), rs.getLong("r3"), rs.getLong("r4"), rs.getLong("r5")),
                rs.getLong("comments"));
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
        if (f.clientId() != null) {
            conditions.add("c.client_id = :client");
            params.put("client", f.clientId());
        }
        return conditions.isEmpty() ? "true" : String.join(" and ", conditions);
    }
}
