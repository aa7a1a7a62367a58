package org.hearken.escalation;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.hearken.calendar.BusinessCalendar;
import org.hearken.cases.CaseEvents;
import org.hearken.cases.CaseOpened;
import org.hearken.policy.ServicePolicies;
import org.hearken.policy.ServicePolicy;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Schedules the timers of every stage that gets a due date, in the transaction that sets it: a warning some business
 * hours before, a notice when it is missed and an escalation later, each at a moment the organisation is open.
 * Timers for a due date that later changes or a stage that completes are dropped when they come up.
 */
@Component
class DeadlineTimers {

    private final JdbcClient jdbc;
    private final ServicePolicies policies;

    DeadlineTimers(JdbcClient jdbc, ServicePolicies policies) {
        this.jdbc = jdbc;
        this.policies = policies;
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(CaseOpened e) {
        schedule(e.caseId(), "ACKNOWLEDGE", e.acknowledgeBy());
        schedule(e.caseId(), "RESPOND", e.respondBy());
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(CaseEvents.DueDateExtended e) {
        schedule(e.caseId(), e.stage(), e.newDue());
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(CaseEvents.Reopened e) {
        schedule(e.caseId(), "RESPOND", e.respondBy());
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(CaseEvents.ReviewRequested e) {
        schedule(e.caseId(), "REVIEW", e.reviewBy());
    }

    private void schedule(long caseId, String stage, Instant due) {
        if (due == null) {
            return;
        }
        Long versionId = jdbc.sql("select policy_version_id from cases where id = ?").param(caseId).query(Long.class).single();
        ServicePolicy policy = versionId == null ? policies.active().policy() : policies.version(versionId);
        BusinessCalendar calendar = policy.calendar();
        ServicePolicy.Watch watch = policy.watch();
        if (watch.warnBeforeHours() > 0) {
            Instant warn = calendar.nextBusinessMoment(calendar.minusBusinessHours(due, Duration.ofHours(watch.warnBeforeHours())));
            if (warn.isBefore(due)) {
                insert(caseId, stage, "WARNING", due, warn);
            }
        }
        insert(caseId, stage, "BREACH", due, calendar.nextBusinessMoment(due.plusSeconds(1)));
        // A period that ends exactly at closing time fires in its last second rather than the next morning.
        Instant escalate = calendar.plusBusinessHours(due, Duration.ofHours(Math.max(1, watch.escalateAfterHours()))).minusSeconds(1);
        insert(caseId, stage, "ESCALATION", due, calendar.nextBusinessMoment(escalate));
    }

    private void insert(long caseId, String stage, String kind, Instant due, Instant fireAt) {
        jdbc.sql("""
                        insert into escalation_timer (case_id, stage, kind, due_at, fire_at) values (?, ?, ?, ?, ?)
                        on conflict (case_id, stage, kind, due_at) do nothing""")
                .params(caseId, stage, kind, Timestamp.from(due), Timestamp.from(fireAt))
                .update();
    }
}
