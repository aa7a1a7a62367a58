package org.hearken.webhooks;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.DeadExecutionHandler;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.testhelper.ManualScheduler;
import com.github.kagkarlsson.scheduler.testhelper.SettableClock;
import com.github.kagkarlsson.scheduler.testhelper.TestHelper;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers the waiting events of each lane (a subscription and a case), oldest first, on db-scheduler: a lane with
 * events waiting has one job ({@code webhook-lane}, instance {@code subscription:case:generation}) in
 * {@code webhook_task}. One instance at a time picks a job and keeps a heartbeat on it; when an instance dies, another
 * revives the job after four missed heartbeats. The job delivers the lane's events in order; when one fails it asks to
 * run again after the backoff (the lane waits, other lanes go on); when none is left it marks the lane idle, under the
 * lane's lock, and ends. Due times are read from the application's clock.
 */
@Component
class WebhookWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookWorker.class);

    static final String TASK = "webhook-lane";

    /** Events one run of a lane delivers before it lets other lanes have the thread. */
    private static final int EVENTS_PER_RUN = 100;

    private final WebhookStore store;
    private final WebhookSender sender;
    private final WebhookSettings settings;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final CustomTask<Void> task;
    private final Scheduler scheduler;
    private volatile boolean running;

    WebhookWorker(
            WebhookStore store,
            WebhookSender sender,
            WebhookSettings settings,
            Clock clock,
            DataSource dataSource,
            PlatformTransactionManager transactions) {
        this.store = store;
        this.sender = sender;
        this.settings = settings;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
        this.task = Tasks.custom(TASK, Void.class)
                .onDeadExecution(new DeadExecutionHandler.ReviveDeadExecution<>())
                .onFailure(new FailureHandler.OnFailureRetryLater<>(settings.firstRetry()))
                .execute(this::runLane);
        // Transaction-aware, so that a job scheduled with a new event is committed (or rolled back) with it.
        DataSource jobs = new TransactionAwareDataSourceProxy(dataSource);
        if (settings.manual()) {
            this.scheduler = TestHelper.createManualScheduler(jobs, task)
                    .clock(new ApplicationClock(clock))
                    .tableName("webhook_task")
                    .build();
        } else {
            this.scheduler = Scheduler.create(jobs, task)
                    .tableName("webhook_task")
                    .clock(clock::instant)
                    .threads(settings.threads())
                    .pollingInterval(settings.pollInterval())
                    .heartbeatInterval(settings.heartbeatInterval())
                    .missedHeartbeatsLimit(4)
                    .shutdownMaxWait(settings.readTimeout().plus(settings.connectTimeout()))
                    .schedulerName(new SchedulerName.Hostname())
                    .build();
        }
    }

    /** Starts serving the lane under this generation: a job due now, in the caller's transaction. */
    void start(long subscriptionId, long caseId, int generation) {
        scheduler.scheduleIfNotExists(task.instance(instanceId(subscriptionId, caseId, generation)), clock.instant());
    }

    /** Whether the job of this lane's generation exists (waiting or running). */
    boolean exists(long subscriptionId, long caseId, int generation) {
        return scheduler
                .getScheduledExecution(task.instance(instanceId(subscriptionId, caseId, generation)))
                .isPresent();
    }

    /**
     * Delivers everything due now, in the calling thread, when the worker is {@code manual} (as in the tests); otherwise
     * asks the scheduler to look for due jobs at once.
     */
    void runDueNow() {
        if (scheduler instanceof ManualScheduler manual) {
            manual.runAnyDueExecutions();
        } else {
            scheduler.triggerCheckForDueExecutions();
        }
    }

    private CompletionHandler<Void> runLane(TaskInstance<Void> instance, ExecutionContext context) {
        try {
            return deliver(instance);
        } catch (RuntimeException e) {
            // The job is tried again later (db-scheduler's failure handler); say why here, whatever its log level.
            log.warn("Webhook lane {} failed; it will be tried again", instance.getId(), e);
            throw e;
        }
    }

    private CompletionHandler<Void> deliver(TaskInstance<Void> instance) {
        String[] parts = instance.getId().split(":");
        long subscriptionId = Long.parseLong(parts[0]);
        long caseId = Long.parseLong(parts[1]);
        int generation = Integer.parseInt(parts[2]);
        for (int i = 0; i < EVENTS_PER_RUN; i++) {
            Optional<WebhookStore.Due> found = store.due(subscriptionId, caseId);
            if (found.isEmpty()) {
                return new CompletionHandler.OnCompleteRemove<>();
            }
            WebhookStore.Due due = found.get();
            if (due.next() == null || !due.active()) {
                if (idle(subscriptionId, caseId, generation, due.active())) {
                    return new CompletionHandler.OnCompleteRemove<>();
                }
                continue;
            }
            WebhookStore.Delivery next = due.next();
            Instant now = clock.instant();
            if (next.nextAttemptAt() != null && next.nextAttemptAt().isAfter(now)) {
                return rescheduleAt(next.nextAttemptAt());
            }
            WebhookSender.Result result =
                    sender.send(due.url(), due.secret(), next.eventId().toString(), next.payload());
            Instant after = clock.instant();
            String status;
            Instant retryAt = null;
            if (result.succeeded()) {
                status = "DELIVERED";
            } else if (next.firstAttemptAt() != null
                    && !after.isBefore(next.firstAttemptAt().plus(settings.giveUpAfter()))) {
                status = "FAILED";
                log.warn(
                        "Webhook delivery {} to subscription {} failed for good after {} attempts",
                        next.id(),
                        subscriptionId,
                        next.attempts() + 1);
            } else {
                status = "PENDING";
                retryAt = after.plus(settings.backoff(next.attempts() + 1));
            }
            String finalStatus = status;
            Instant finalRetryAt = retryAt;
            tx.executeWithoutResult(t -> {
                store.recordAttempt(next.id(), now, result);
                store.afterAttempt(next.id(), now, finalStatus, finalRetryAt);
            });
            if (retryAt != null) {
                return rescheduleAt(retryAt);
            }
        }
        return rescheduleAt(clock.instant());
    }

    /**
     * Under the lane's lock: when nothing waits (or the subscription is paused), the lane goes idle and the job ends;
     * an event committed meanwhile is seen here, since its transaction held the lock, and the job goes on.
     */
    private boolean idle(long subscriptionId, long caseId, int generation, boolean active) {
        return Boolean.TRUE.equals(tx.execute(t -> {
            if (!store.lockLane(subscriptionId, caseId)) {
                return true;
            }
            if (active && store.hasWaiting(subscriptionId, caseId)) {
                return false;
            }
            store.deactivate(subscriptionId, caseId, generation);
            return true;
        }));
    }

    private static CompletionHandler<Void> rescheduleAt(Instant at) {
        return (complete, operations) -> operations.reschedule(complete, at);
    }

    static String instanceId(long subscriptionId, long caseId, int generation) {
        return subscriptionId + ":" + caseId + ":" + generation;
    }

    // ---- lifecycle: the scheduler polls once the application runs, and stops before the database does -----------

    @Override
    public void start() {
        scheduler.start();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        if (!(scheduler instanceof ManualScheduler)) {
            scheduler.stop();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** db-scheduler's clock in the manual worker, reading the application's clock (the tests' clock). */
    private static final class ApplicationClock extends SettableClock {

        private final Clock clock;

        ApplicationClock(Clock clock) {
            this.clock = clock;
        }

        @Override
        public Instant now() {
            return clock.instant();
        }
    }
}
