package org.hearken.escalation;

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
import org.hearken.policy.ServicePolicies;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the watch knows: each person's notices, the cases that break "every open case has an owner, a department and
 * a next due date" or have an overdue stage, and the at-risk counts managers plan the day with.
 */
@RestController
class WatchController {

    record Notice(String reference, String stage, String kind, Instant dueAt, boolean customerNotTold, Instant createdAt,
                  String message) {

        Notice {
            message = message(reference, stage, kind, customerNotTold);
        }

        /** What the person should do about it. */
        static String message(String reference, String stage, String kind, boolean customerNotTold) {
            if (kind.equals(ReplyAfterClosure.KIND)) {
                return reference + ": the customer wrote again after the case was closed. Read their message in the case's "
                        + "history and decide whether to reopen the case.";
            }
            String what = switch (stage) {
                case "ACKNOWLEDGE" -> "the acknowledgement";
                case "RESPOND" -> "the response";
                default -> "the internal review";
            };
            return switch (kind) {
                case "WARNING" -> reference + ": " + what + " is due soon."
                        + (stage.equals("ACKNOWLEDGE") ? "" : " If it cannot be given in time, extend it now and tell the customer the new date.");
                case "BREACH" -> reference + ": " + what + " is overdue."
                        + (customerNotTold ? " The customer has not been told of a new date." : "");
                default -> reference + ": " + what + " is still overdue and has been escalated to the executives.";
            };
        }
    }

    record CaseException(String reference, String department, String owner, boolean ownerActive, Instant nextDue,
                     List<String> problems) {}

    record AtRisk(String department, String departmentName, String owner, String ownerName, long overdue, long dueToday,
                  long dueTomorrow) {}

    /** The earliest running stage's due date of each open case; null when nothing is running. */
    static final String OPEN_CASES = """
            select c.id, c.reference, c.department_id, c.owner_id, c.status,
                   case when c.acknowledged_at is null then c.acknowledge_by end as ack_due,
                   case when c.respond_completed_at is null and c.status in ('RECEIVED', 'ACKNOWLEDGED') then c.respond_by end as respond_due,
                   case when c.status = 'UNDER_REVIEW' and c.reviewed_at is null then c.review_by end as review_due
            from cases c where c.status <> 'CLOSED'""";

    private final JdbcClient jdbc;
    private final ServicePolicies policies;
    private final Clock clock;

    WatchController(JdbcClient jdbc, ServicePolicies policies, Clock clock) {
        this.jdbc = jdbc;
        this.policies = policies;
        this.clock = clock;
    }

    @GetMapping("/api/notifications")
    List<Notice> notifications(Actor actor) {
        return jdbc.sql("""
                        select c.reference, n.stage, n.kind, t.due_at, n.customer_not_told, n.created_at, null as message
                        from escalation_notice n left join escalation_timer t on t.id = n.timer_id join cases c on c.id = n.case_id
                        where n.recipient_id = ? order by n.id desc limit 200""")
                .param(actor.staffId())
                .query(Notice.class)
                .list();
    }

    @GetMapping("/api/watch/exceptions")
    List<CaseException> exceptions(Actor actor) {
        Map<String, Object> params = new HashMap<>();
        params.put("now", Timestamp.from(clock.instant()));
        // Only cases the reader may open are listed: a reference can reveal a confidential case or one about the reader.
        String scope = scope(actor, params) + " and exists (select 1 from cases c where c.id = o.id and "
                + CaseManagement.visibleCondition(actor, params) + ")";
        return jdbc.sql("""
                        select o.reference, d.code as department, s.username as owner, s.active as owner_active,
                               least(o.ack_due, o.respond_due, o.review_due) as next_due,
                               o.ack_due < :now as ack_overdue, o.respond_due < :now as respond_overdue,
                               o.review_due < :now as review_overdue
                        from (%s) o
                        join identity_department d on d.id = o.department_id
                        join identity_staff s on s.id = o.owner_id
                        where (not s.active or least(o.ack_due, o.respond_due, o.review_due) is null
                               or least(o.ack_due, o.respond_due, o.review_due) < :now) %s
                        order by next_due nulls first, o.reference
                        limit 1000""".formatted(OPEN_CASES, scope))
                .params(params)
                .query((rs, n) -> {
                    List<String> problems = new ArrayList<>();
                    if (!rs.getBoolean("owner_active")) {
                        problems.add("OWNER_INACTIVE");
                    }
                    if (rs.getTimestamp("next_due") == null) {
                        problems.add("NO_NEXT_DUE_DATE");
                    }
                    if (rs.getBoolean("ack_overdue")) {
                        problems.add("ACKNOWLEDGE_OVERDUE");
                    }
                    if (rs.getBoolean("respond_overdue")) {
                        problems.add("RESPOND_OVERDUE");
                    }
                    if (rs.getBoolean("review_overdue")) {
                        problems.add("REVIEW_OVERDUE");
                    }
                    Timestamp next = rs.getTimestamp("next_due");
                    return new CaseException(rs.getString("reference"), rs.getString("department"), rs.getString("owner"),
                            rs.getBoolean("owner_active"), next == null ? null : next.toInstant(), problems);
                })
                .list();
    }

    @GetMapping("/api/watch/at-risk")
    List<AtRisk> atRisk(Actor actor) {
        Instant now = clock.instant();
        ZoneId zone = policies.active().policy().calendar().zone();
        LocalDate today = now.atZone(zone).toLocalDate();
        Map<String, Object> params = new HashMap<>();
        params.put("now", Timestamp.from(now));
        params.put("endToday", Timestamp.from(today.plusDays(1).atStartOfDay(zone).toInstant()));
        params.put("endTomorrow", Timestamp.from(today.plusDays(2).atStartOfDay(zone).toInstant()));
        String scope = scope(actor, params);
        return jdbc.sql("""
                        select d.code as department, d.name as department_name, s.username as owner, s.full_name as owner_name,
                               count(*) filter (where o.next_due < :now) as overdue,
                               count(*) filter (where o.next_due >= :now and o.next_due < :endToday) as due_today,
                               count(*) filter (where o.next_due >= :endToday and o.next_due < :endTomorrow) as due_tomorrow
                        from (select x.*, least(x.ack_due, x.respond_due, x.review_due) as next_due from (%s) x) o
                        join identity_department d on d.id = o.department_id
                        join identity_staff s on s.id = o.owner_id
                        where o.next_due < :endTomorrow %s
                        group by d.code, d.name, s.username, s.full_name
                        order by overdue desc, due_today desc, d.code, s.username""".formatted(OPEN_CASES, scope))
                .params(params)
                .query(AtRisk.class)
                .list();
    }

    /** Managers see their departments; executives and administrators see every department. */
    private static String scope(Actor actor, Map<String, Object> params) {
        if (actor.has(Role.EXECUTIVE) || actor.has(Role.ADMIN)) {
            return "";
        }
        if (!actor.has(Role.MANAGER)) {
            throw new AccessDeniedException("The watch views are for managers, executives and administrators.");
        }
        params.put("departments", actor.departmentIds().isEmpty() ? List.of(-1L) : List.copyOf(actor.departmentIds()));
        return " and o.department_id in (:departments)";
    }
}
