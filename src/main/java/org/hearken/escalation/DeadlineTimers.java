package org.hearken.escalation;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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

    /** The stages the watch times: those the cases module publishes as running (case_running_stage). */
    private static final Set<String> WATCHED =
            Set.of("ACKNOWLEDGE", "RESPOND", "REVIEW", "REVIEW_ACKNOWLEDGE", "DECIDE", "UPDATE");

    private final JdbcClient jdbc;
    private final ServicePolicies policies;
    private final HandoverMail handover;

    DeadlineTimers(JdbcClient jdbc, ServicePolicies policies, HandoverMail handover) {
        this.jdbc = jdbc;
        this.policies = policies;
        this.handover = handover;
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(CaseOpened e) {
        ServicePolicies.ActivePolicy active = policies.active();
        // Intake is hot: the case was opened under the version in force a moment ago, so skip looking it up.
        ServicePolicy policy = e.policyVersion() != null && e.policyVersion() == active.version()
                ? active.policy()
                : policyOf(e.caseId());
        List<Object[]> rows = new ArrayList<>();
        timers(policy, e.caseId(), "ACKNOWLEDGE", e.acknowledgeBy(), rows);
        timers(policy, e.caseId(), "RESPOND", e.respondBy(), rows);
        // Intake is hot: the timers go to the database with the owner's e-mail preference, in one round trip.
        // A new case has no timers yet, so a plain insert does (cheaper than one that checks for a conflict first).
        handover.opened(e, rows.isEmpty() ? null : insertSql(rows.size(), false), params(rows));
    }

    /**
     * A case imported from another system: each stage still running gets the timers of its due date, but only a stage
     * due after the import, and only the timers still ahead then. A stage already overdue when imported is shown as
     * overdue and nobody is told of it; no notice is sent for a moment that passed before the case was in Hearken.
     */
    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(CaseEvents.ImportedBatch batch) {
        ServicePolicies.ActivePolicy active = policies.active();
        List<Object[]> rows = new ArrayList<>();
        for (CaseEvents.Imported e : batch.cases()) {
            List<CaseEvents.Imported.RunningStage> ahead = e.running().stream()
                    .filter(s -> WATCHED.contains(s.stage()) && s.due().isAfter(e.occurredAt()))
                    .toList();
            if (ahead.isEmpty()) {
                continue;
            }
            ServicePolicy policy = e.policyVersion() != null && e.policyVersion() == active.version()
                    ? active.policy()
                    : policyOf(e.caseId());
            List<Object[]> timers = new ArrayList<>();
            ahead.forEach(s -> timers(policy, e.caseId(), s.stage(), s.due(), timers));
            Timestamp importedAt = Timestamp.from(e.occurredAt());
            timers.removeIf(r -> !((Timestamp) r[4]).after(importedAt));
            rows.addAll(timers);
        }
        for (int i = 0; i < rows.size(); i += 1000) {
            insert(rows.subList(i, Math.min(rows.size(), i + 1000)));
        }
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
        schedule(e.caseId(), "REVIEW_ACKNOWLEDGE", e.acknowledgeBy());
    }

    /** The next progress update under a rule pack that asks for them. */
    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(CaseEvents.ProgressUpdateDue e) {
        schedule(e.caseId(), "UPDATE", e.updateBy());
    }

    /** The stage-2 response, counted from the stage-2 acknowledgement under a rule pack. */
    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(CaseEvents.ReviewAcknowledged e) {
        schedule(e.caseId(), "REVIEW", e.reviewBy());
    }

    /** A response counted from the acknowledgement under a rule pack gets its due date then. */
    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(CaseEvents.Acknowledged e) {
        if (e.respondBy() != null) {
            schedule(e.caseId(), "RESPOND", e.respondBy());
        }
        schedule(e.caseId(), "DECIDE", e.decideBy());
        schedule(e.caseId(), "UPDATE", e.updateBy());
    }

    /**
     * A reclassified case: each watched stage whose due date moved gets the timers of its new date. Those of the old
     * date, and of a stage that has no due date any more, are dropped when they come up, as after an extension.
     */
    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(CaseEvents.Reclassified e) {
        List<CaseEvents.Reclassified.DueDate> moved = e.dueDates().stream()
                .filter(d -> WATCHED.contains(d.stage())
                        && d.due() != null
                        && !d.due().equals(d.previousDue()))
                .toList();
        if (moved.isEmpty()) {
            return;
        }
        ServicePolicy policy = policyOf(e.caseId());
        List<Object[]> rows = new ArrayList<>();
        moved.forEach(d -> timers(policy, e.caseId(), d.stage(), d.due(), rows));
        insert(rows);
    }

    private void schedule(long caseId, String stage, Instant due) {
        if (due == null) {
            return;
        }
        List<Object[]> rows = new ArrayList<>();
        timers(policyOf(caseId), caseId, stage, due, rows);
        insert(rows);
    }

    private ServicePolicy policyOf(long caseId) {
        Long versionId = jdbc.sql("select policy_version_id from case_published where id = ?")
                .param(caseId)
                .query(Long.class)
                .single();
        return versionId == null ? policies.active().policy() : policies.version(versionId);
    }

    private static void timers(ServicePolicy policy, long caseId, String stage, Instant due, List<Object[]> rows) {
        if (due == null) {
            return;
        }
        BusinessCalendar calendar = policy.calendar();
        ServicePolicy.Watch watch = policy.watch();
        if (watch.warnBeforeHours() > 0) {
            Instant warn = calendar.nextBusinessMoment(
                    calendar.minusBusinessHours(due, Duration.ofHours(watch.warnBeforeHours())));
            if (warn.isBefore(due)) {
                rows.add(row(caseId, stage, "WARNING", due, warn));
            }
        }
        rows.add(row(caseId, stage, "BREACH", due, calendar.nextBusinessMoment(due.plusSeconds(1))));
        // A period that ends exactly at closing time fires in its last second rather than the next morning.
        Instant escalate = calendar.plusBusinessHours(due, Duration.ofHours(Math.max(1, watch.escalateAfterHours())))
                .minusSeconds(1);
        rows.add(row(caseId, stage, "ESCALATION", due, calendar.nextBusinessMoment(escalate)));
    }

    private static Object[] row(long caseId, String stage, String kind, Instant due, Instant fireAt) {
        return new Object[] {caseId, stage, kind, Timestamp.from(due), Timestamp.from(fireAt)};
    }

    /**
     * All of an event's timers in one statement. A timer already there is left alone, unless it was dropped because its
     * date had been moved away and the date is back (a case reclassified and then back again): then it is set anew.
     */
    private void insert(List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.sql(insertSql(rows.size(), true)).params(params(rows)).update();
    }

    /**
     * The statement inserting {@code count} timers, with five parameters each ({@link #params}); {@code existing}: the
     * case may have timers already (see {@link #insert}).
     */
    private static String insertSql(int count, boolean existing) {
        return "insert into escalation_timer (case_id, stage, kind, due_at, fire_at) values "
                + String.join(", ", java.util.Collections.nCopies(count, "(?, ?, ?, ?, ?)"))
                + (existing
                        ? " on conflict (case_id, stage, kind, due_at) do update"
                                + " set fire_at = excluded.fire_at, fired_at = null, outcome = null"
                                + " where escalation_timer.outcome = 'OBSOLETE'"
                        : "");
    }

    private static List<Object> params(List<Object[]> rows) {
        List<Object> params = new ArrayList<>();
        rows.forEach(r -> params.addAll(List.of(r)));
        return params;
    }
}
