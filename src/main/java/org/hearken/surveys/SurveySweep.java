package org.hearken.surveys;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends the survey invitations that have fallen due. Each batch is claimed with {@code FOR UPDATE SKIP LOCKED} and sent
 * in the transaction that marks it sent, so an invitation goes out once however many instances sweep at the same time,
 * and a sweep that dies half-way sends nothing it did not also mark. ShedLock keeps instances from sweeping at the same
 * moment needlessly; correctness does not depend on it. An invitation whose case was reopened waits until the case is
 * closed again. One invitation that cannot be processed (say a template fault) is put back an hour and does not hold up
 * the others.
 */
@Component
class SurveySweep {

    static final int BATCH = 100;
    static final Duration RETRY = Duration.ofHours(1);

    private static final Logger log = LoggerFactory.getLogger(SurveySweep.class);

    private record Due(long id, long caseId) {}

    private final JdbcClient jdbc;
    private final SurveyInvitations invitations;
    private final SurveySettings settings;
    private final TransactionTemplate tx;
    private final TransactionTemplate savepoint;
    private final Clock clock;

    SurveySweep(
            JdbcClient jdbc,
            SurveyInvitations invitations,
            SurveySettings settings,
            PlatformTransactionManager transactions,
            Clock clock) {
        this.jdbc = jdbc;
        this.invitations = invitations;
        this.settings = settings;
        this.tx = new TransactionTemplate(transactions);
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.clock = clock;
    }

    @Scheduled(
            fixedDelayString = "${hearken.surveys.sweep-interval:PT1M}",
            initialDelayString = "${hearken.surveys.sweep-interval:PT1M}")
    @SchedulerLock(name = "survey-sweep")
    void scheduled() {
        if (settings.enabled()) {
            sweep();
        }
    }

    /** Sends every invitation due now; returns how many were processed (sent or found impossible to send). */
    int sweep() {
        int processed = 0;
        int[] counts;
        do {
            counts = tx.execute(status -> batch());
            processed += counts[1];
        } while (counts[0] == BATCH);
        return processed;
    }

    private int[] batch() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<Due> due = jdbc.sql("""
                        select i.id, i.case_id
                        from survey_invitation i
                        join case_published c on c.id = i.case_id
                        where i.status = 'SCHEDULED' and i.due_at <= ? and c.status = 'CLOSED'
                        order by i.due_at, i.id
                        limit ?
                        for update of i skip locked""")
                .params(Timestamp.from(now), BATCH)
                .query(Due.class)
                .list();
        int processed = 0;
        for (Due d : due) {
            try {
                savepoint.executeWithoutResult(status -> invitations.send(d.id(), d.caseId(), now));
                processed++;
            } catch (RuntimeException e) {
                log.error(
                        "Could not send the survey invitation of case id {}; trying again in {}", d.caseId(), RETRY, e);
                jdbc.sql("update survey_invitation set due_at = ? where id = ?")
                        .params(Timestamp.from(now.plus(RETRY)), d.id())
                        .update();
            }
        }
        return new int[] {due.size(), processed};
    }
}
