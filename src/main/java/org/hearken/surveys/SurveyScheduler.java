package org.hearken.surveys;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import org.hearken.cases.CaseEvents;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Schedules the survey invitation in the transaction that closes the case, so it exists if and only if the closure
 * commits. A case has at most one invitation: closing it again after a reopening moves the due time of an invitation
 * not yet sent, and leaves one already sent (or found impossible to send) alone.
 */
@Component
class SurveyScheduler {

    private final JdbcClient jdbc;
    private final SurveySettings settings;
    private final Clock clock;

    SurveyScheduler(JdbcClient jdbc, SurveySettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.clock = clock;
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(CaseEvents.Closed closed) {
        schedule(closed.caseId(), closed.occurredAt());
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(CaseEvents.ResolvedAtFirstContact resolved) {
        schedule(resolved.caseId(), resolved.occurredAt());
    }

    private void schedule(long caseId, Instant closedAt) {
        if (!settings.enabled()) {
            return;
        }
        jdbc.sql("""
                        insert into survey_invitation (case_id, closed_at, due_at, status, created_at)
                        values (?, ?, ?, 'SCHEDULED', ?)
                        on conflict (case_id) do update set closed_at = excluded.closed_at, due_at = excluded.due_at
                        where survey_invitation.status = 'SCHEDULED'""")
                .params(
                        caseId,
                        Timestamp.from(closedAt),
                        Timestamp.from(closedAt.plus(settings.delay())),
                        Timestamp.from(clock.instant()))
                .update();
    }
}
