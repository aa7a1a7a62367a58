package org.hearken.escalation;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.hearken.calendar.BusinessCalendar;
import org.hearken.policy.ServicePolicies;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fires due timers. Each batch is claimed with {@code FOR UPDATE SKIP LOCKED} and fired in the same transaction that
 * marks it fired, so a timer fires exactly once however many instances sweep at the same time, and a sweep that dies
 * half-way fires nothing (its claim is released and another instance fires the timers). ShedLock keeps instances from
 * sweeping at the same moment needlessly; correctness does not depend on it.
 */
@Component
class DeadlineSweep {

    static final int BATCH = 200;

    /**
     * Claims the next batch of due timers with what is needed to decide whether they still apply: a timer is current
     * while its stage is running (as the cases module publishes it, case_running_stage) and still due when the timer
     * was set for; the customer was told of a new response date when an extension of the running response was recorded.
     */
    static final String CLAIM = """
                        select t.id, t.case_id, t.stage, t.kind, t.due_at, c.reference, c.status, c.owner_id, o.username,
                               c.department_id, c.policy_version_id,
                               r.case_id is not null as current,
                               coalesce(r.stage = 'RESPOND' and r.extension_recorded, false) as respond_extended
                        from escalation_timer t
                        join case_published c on c.id = t.case_id
                        join staff_directory o on o.id = c.owner_id
                        left join case_running_stage r on r.case_id = t.case_id and r.stage = t.stage and r.due = t.due_at
                        where t.fired_at is null and t.fire_at <= ?
                        order by t.fire_at, t.id
                        limit ?
                        for update of t skip locked""";

    private record Due(
            long timerId,
            long caseId,
            String stage,
            String kind,
            Instant dueAt,
            String reference,
            String status,
            long ownerId,
            String ownerUsername,
            long departmentId,
            Long policyVersionId,
            boolean current,
            boolean respondExtended) {}

    private final JdbcClient jdbc;
    private final ServicePolicies policies;
    private final StaffNotices notices;
    private final ClientNotices clientNotices;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Clock clock;

    DeadlineSweep(
            JdbcClient jdbc,
            ServicePolicies policies,
            StaffNotices notices,
            ClientNotices clientNotices,
            ApplicationEventPublisher events,
            PlatformTransactionManager transactions,
            Clock clock) {
        this.jdbc = jdbc;
        this.policies = policies;
        this.notices = notices;
        this.clientNotices = clientNotices;
        this.events = events;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${hearken.watch.sweep-interval:PT30S}")
    @SchedulerLock(name = "deadline-sweep")
    void scheduled() {
        sweep();
    }

    /** Fires every timer that is due now; returns how many notices were sent. */
    int sweep() {
        int sent = 0;
        int claimed;
        do {
            int[] counts = tx.execute(status -> fireBatch());
            claimed = counts[0];
            sent += counts[1];
        } while (claimed == BATCH);
        return sent;
    }

    private int[] fireBatch() {
        Instant now = clock.instant();
        List<Due> due = jdbc.sql(CLAIM)
                .params(Timestamp.from(now), BATCH)
                .query((rs, n) -> new Due(
                        rs.getLong(1),
                        rs.getLong(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getTimestamp(5).toInstant(),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getLong(8),
                        rs.getString(9),
                        rs.getLong(10),
                        (Long) rs.getObject(11),
                        rs.getBoolean(12),
                        rs.getBoolean(13)))
                .list();
        int sent = 0;
        for (Due d : due) {
            if (!d.current()) {
                mark(d.timerId(), now, "OBSOLETE");
                continue;
            }
            BusinessCalendar calendar = d.policyVersionId() == null
                    ? policies.active().policy().calendar()
                    : policies.version(d.policyVersionId()).calendar();
            if (!calendar.isWithinBusinessHours(now)) {
                // Caught up outside business hours (say after an outage): wait for the organisation to open.
                jdbc.sql("update escalation_timer set fire_at = ? where id = ?")
                        .params(Timestamp.from(calendar.nextBusinessMoment(now)), d.timerId())
                        .update();
                continue;
            }
            sent += fire(d, now);
        }
        return new int[] {due.size(), sent};
    }

    /** Nobody is told about a complaint that is about them. */
    private static final String NOT_ABOUT = StaffNotices.NOT_ABOUT;

    private int fire(Due d, Instant now) {
        List<Long> recipients = new ArrayList<>();
        List<String> names = new ArrayList<>();
        String recipientSql = switch (d.kind()) {
            case "WARNING" ->
                "select s.id, s.username from staff_directory s where s.id = :owner and s.active" + NOT_ABOUT;
            case "BREACH" -> """
                    select s.id, s.username from staff_directory s where s.active and (s.id = :owner or s.id in (
                        select m.staff_id from staff_directory_membership m join staff_directory_role r on r.staff_id = m.staff_id
                        where m.department_id = :department and r.role = 'MANAGER'))""" + NOT_ABOUT + " order by s.id";
            default -> """
                    select s.id, s.username from staff_directory s join staff_directory_role r on r.staff_id = s.id
                    where s.active and r.role = 'EXECUTIVE'""" + NOT_ABOUT + " order by s.id";
        };
        jdbc.sql(recipientSql)
                .param("owner", d.ownerId())
                .param("department", d.departmentId())
                .param("case", d.caseId())
                .query((rs, n) -> {
                    recipients.add(rs.getLong(1));
                    names.add(rs.getString(2));
                    return null;
                })
                .list();
        boolean customerNotTold = d.stage().equals("RESPOND") && !d.kind().equals("WARNING") && !d.respondExtended();
        notices.send(
                new StaffNotices.Notice(
                        d.caseId(), d.reference(), d.timerId(), d.stage(), d.kind(), customerNotTold, now),
                recipients);
        clientNotices.deadline(d.caseId(), d.reference(), d.timerId(), d.stage(), d.kind(), recipients);
        mark(d.timerId(), now, "SENT");
        events.publishEvent(new DeadlineNotice(
                d.caseId(),
                d.reference(),
                "deadline-watch",
                now,
                d.stage(),
                d.kind(),
                d.dueAt(),
                names,
                customerNotTold));
        return recipients.size();
    }

    private void mark(long timerId, Instant now, String outcome) {
        jdbc.sql("update escalation_timer set fired_at = ?, outcome = ? where id = ?")
                .params(Timestamp.from(now), outcome, timerId)
                .update();
    }
}
