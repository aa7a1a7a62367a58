package org.hearken.escalation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hearken.cases.CaseManagement;
import org.hearken.identity.Actor;
import org.hearken.identity.Role;
import org.hearken.identity.UnreadNotices;
import org.hearken.policy.ServicePolicies;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The watch's queries, for its API and its pages: each person's notices, the cases that break "every open case has an
 * owner, a department and a next due date" or have an overdue stage, and the at-risk counts and lists managers plan
 * the day with. Managers see their departments; executives and administrators see every department.
 */
@Component
class DeadlineWatch implements UnreadNotices {

    /** Which at-risk count a list of cases belongs to. */
    enum Due {
        OVERDUE,
        TODAY,
        TOMORROW
    }

    /** A case that breaks the invariant or has an overdue stage, with each problem. */
    record WatchException(
            String reference,
            String department,
            String departmentName,
            String owner,
            String ownerName,
            boolean ownerActive,
            Instant nextDue,
            Instant acknowledgeDue,
            Instant respondDue,
            Instant reviewDue,
            List<String> problems) {}

    /** One open case in an at-risk list: which stage is due next and when. */
    record AtRiskCase(
            String reference,
            String kind,
            String department,
            String departmentName,
            String owner,
            String ownerName,
            String stage,
            Instant dueAt) {}

    /**
     * Each open case with its running stages' due dates (null for a stage that is not running) and the earliest of them,
     * as the cases module publishes them; next_due is null when nothing is running.
     */
    static final String OPEN_CASES = """
            select c.id, c.reference, c.kind, c.department_id, c.owner_id, c.status, c.parties,
                   c.acknowledge_due as ack_due, c.respond_due, c.review_due, c.next_due
            from case_published c where c.status <> 'CLOSED'""";

    private final JdbcClient jdbc;
    private final ServicePolicies policies;
    private final Clock clock;

    DeadlineWatch(JdbcClient jdbc, ServicePolicies policies, Clock clock) {
        this.jdbc = jdbc;
        this.policies = policies;
        this.clock = clock;
    }

    /** The organisation's time zone, in which "today" and "tomorrow" are counted. */
    ZoneId zone() {
        return policies.active().policy().calendar().zone();
    }

    /**
     * The actor's notices, of the cases they may still open: a notice sent before the case became confidential, or
     * before it was recorded as being about them, no longer names it.
     */
    List<WatchController.Notice> notices(Actor actor) {
        Map<String, Object> params = new HashMap<>();
        params.put("recipient", actor.staffId());
        CaseManagement.visibilityParams(actor, params);
        return jdbc.sql("""
                        select n.id, c.reference, n.stage, n.kind, t.due_at, n.customer_not_told, n.created_at, n.read_at,
                               null as message
                        from escalation_notice n left join escalation_timer t on t.id = n.timer_id
                        join case_published c on c.id = n.case_id
                        where n.recipient_id = :recipient
                          and case_visible_to(c.parties, :reader, :readerRoles, :readerDepartments)
                        order by n.id desc limit 200""").params(params).query(WatchController.Notice.class).list();
    }

    /**
     * The actor's unread notices that {@link #notices} lists (of cases they may still open): one count over the index of
     * unread notices by recipient (V161), for the notifications page and the header of every staff page.
     */
    @Override
    public long unread(Actor actor) {
        Map<String, Object> params = new HashMap<>();
        params.put("recipient", actor.staffId());
        CaseManagement.visibilityParams(actor, params);
        return jdbc.sql("""
                        select count(*) from escalation_notice n join case_published c on c.id = n.case_id
                        where n.recipient_id = :recipient and n.read_at is null
                          and case_visible_to(c.parties, :reader, :readerRoles, :readerDepartments)""").params(params).query(Long.class).single();
    }

    /** Marks one of the actor's own notices read; false if it is not theirs or was already read. */
    @Transactional
    boolean markRead(Actor actor, long noticeId) {
        return jdbc.sql(
                                "update escalation_notice set read_at = ? where id = ? and recipient_id = ? and read_at is null")
                        .params(Timestamp.from(clock.instant()), noticeId, actor.staffId())
                        .update()
                == 1;
    }

    @Transactional
    int markAllRead(Actor actor) {
        return jdbc.sql("update escalation_notice set read_at = ? where recipient_id = ? and read_at is null")
                .params(Timestamp.from(clock.instant()), actor.staffId())
                .update();
    }

    /** How many exceptions are listed at most; one more is read to tell that there are more. */
    static final int EXCEPTIONS_LISTED = 1000;

    /**
     * The exceptions the actor watches, the most urgent first, at most {@link #EXCEPTIONS_LISTED} + 1; of one
     * department only when {@code departmentCode} is given.
     */
    List<WatchException> exceptions(Actor actor, String departmentCode) {
        Map<String, Object> params = new HashMap<>();
        params.put("now", Timestamp.from(clock.instant()));
        params.put("limit", EXCEPTIONS_LISTED + 1);
        String scope = scope(actor, params) + visible(actor, params);
        if (departmentCode != null && !departmentCode.isBlank()) {
            params.put("departmentCode", departmentCode.strip());
            scope += " and d.code = :departmentCode";
        }
        return jdbc.sql("""
                        select o.reference, d.code as department, d.name as department_name, s.username as owner,
                               s.full_name as owner_name, s.active as owner_active, o.ack_due, o.respond_due, o.review_due,
                               o.next_due
                        from (%s) o
                        left join department_directory d on d.id = o.department_id
                        left join staff_directory s on s.id = o.owner_id
                        where (s.id is null or d.id is null or not s.active or o.next_due is null or o.next_due < :now) %s
                        order by next_due nulls first, o.reference
                        limit :limit""".formatted(OPEN_CASES, scope))
                .params(params)
                .query((rs, n) -> exception(rs, clock.instant()))
                .list();
    }

    private static WatchException exception(ResultSet rs, Instant now) throws SQLException {
        Instant ack = instant(rs, "ack_due");
        Instant respond = instant(rs, "respond_due");
        Instant review = instant(rs, "review_due");
        Instant next = instant(rs, "next_due");
        boolean hasOwner = rs.getString("owner") != null;
        boolean ownerActive = hasOwner && rs.getBoolean("owner_active");
        List<String> problems = new ArrayList<>();
        if (!hasOwner) {
            problems.add("NO_OWNER");
        } else if (!ownerActive) {
            problems.add("OWNER_INACTIVE");
        }
        if (rs.getString("department") == null) {
            problems.add("NO_DEPARTMENT");
        }
        if (next == null) {
            problems.add("NO_NEXT_DUE_DATE");
        }
        if (ack != null && ack.isBefore(now)) {
            problems.add("ACKNOWLEDGE_OVERDUE");
        }
        if (respond != null && respond.isBefore(now)) {
            problems.add("RESPOND_OVERDUE");
        }
        if (review != null && review.isBefore(now)) {
            problems.add("REVIEW_OVERDUE");
        }
        return new WatchException(
                rs.getString("reference"),
                rs.getString("department"),
                rs.getString("department_name"),
                rs.getString("owner"),
                rs.getString("owner_name"),
                ownerActive,
                next,
                ack,
                respond,
                review,
                problems);
    }

    /** Open cases with their next due date. */
    private static final String NEXT_DUE = "(%s)".formatted(OPEN_CASES);

    private Map<String, Object> dayBounds() {
        Instant now = clock.instant();
        ZoneId zone = zone();
        LocalDate today = now.atZone(zone).toLocalDate();
        Map<String, Object> params = new HashMap<>();
        params.put("now", Timestamp.from(now));
        params.put(
                "endToday", Timestamp.from(today.plusDays(1).atStartOfDay(zone).toInstant()));
        params.put(
                "endTomorrow",
                Timestamp.from(today.plusDays(2).atStartOfDay(zone).toInstant()));
        return params;
    }

    List<WatchController.AtRisk> atRisk(Actor actor) {
        Map<String, Object> params = dayBounds();
        String scope = scope(actor, params);
        return jdbc.sql("""
                        select d.code as department, d.name as department_name, s.username as owner, s.full_name as owner_name,
                               count(*) filter (where o.next_due < :now) as overdue,
                               count(*) filter (where o.next_due >= :now and o.next_due < :endToday) as due_today,
                               count(*) filter (where o.next_due >= :endToday and o.next_due < :endTomorrow) as due_tomorrow
                        from %s o
                        join department_directory d on d.id = o.department_id
                        join staff_directory s on s.id = o.owner_id
                        where o.next_due < :endTomorrow %s
                        group by d.code, d.name, s.username, s.full_name
                        order by overdue desc, due_today desc, d.code, s.username""".formatted(NEXT_DUE, scope))
                .params(params)
                .query(WatchController.AtRisk.class)
                .list();
    }

    /**
     * The cases behind one at-risk count, optionally of one department and one owner, soonest due first: those the
     * reader may open (the counts include the others, so a manager knows that confidential cases are at risk).
     */
    List<AtRiskCase> atRiskCases(Actor actor, Due due, String department, String owner) {
        Map<String, Object> params = dayBounds();
        String scope = scope(actor, params) + visible(actor, params);
        String window = switch (due) {
            case OVERDUE -> "o.next_due < :now";
            case TODAY -> "o.next_due >= :now and o.next_due < :endToday";
            case TOMORROW -> "o.next_due >= :endToday and o.next_due < :endTomorrow";
        };
        params.put("department", department);
        params.put("owner", owner);
        return jdbc.sql("""
                        select o.reference, o.kind, d.code as department, d.name as department_name, s.username as owner,
                               s.full_name as owner_name,
                               case o.next_due when o.ack_due then 'ACKNOWLEDGE' when o.respond_due then 'RESPOND' else 'REVIEW' end as stage,
                               o.next_due as due_at
                        from %s o
                        join department_directory d on d.id = o.department_id
                        join staff_directory s on s.id = o.owner_id
                        where %s and (cast(:department as text) is null or d.code = :department)
                          and (cast(:owner as text) is null or s.username = :owner) %s
                        order by o.next_due, o.reference
                        limit 500""".formatted(NEXT_DUE, window, scope))
                .params(params)
                .query(AtRiskCase.class)
                .list();
    }

    /** Managers see their departments; executives and administrators see every department. */
    static String scope(Actor actor, Map<String, Object> params) {
        requireWatcher(actor);
        if (seesEveryDepartment(actor)) {
            return "";
        }
        params.put("departments", actor.departmentIds().isEmpty() ? List.of(-1L) : List.copyOf(actor.departmentIds()));
        return " and o.department_id in (:departments)";
    }

    static boolean seesEveryDepartment(Actor actor) {
        return actor.has(Role.EXECUTIVE) || actor.has(Role.ADMIN);
    }

    /** The watch is for managers (their departments), executives and administrators (every department). */
    static void requireWatcher(Actor actor) {
        if (!actor.has(Role.MANAGER) && !seesEveryDepartment(actor)) {
            throw new AccessDeniedException("The deadline watch is for managers, executives and administrators.");
        }
    }

    /** Only cases the reader may open are listed by reference: a reference can reveal a confidential case. */
    private static String visible(Actor actor, Map<String, Object> params) {
        CaseManagement.visibilityParams(actor, params);
        return " and case_visible_to(o.parties, :reader, :readerRoles, :readerDepartments)";
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
