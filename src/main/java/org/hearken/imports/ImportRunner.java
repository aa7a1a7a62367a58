package org.hearken.imports;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.hearken.identity.Actor;
import org.hearken.identity.StaffDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the imports that were started, oldest first, one at a time across the cluster (the lock {@code case-import},
 * a lease renewed while it runs). Each batch of rows is imported in one transaction together with the import's
 * progress, so a batch is imported whole or not at all; an instance that stops half-way leaves the import at its last
 * committed batch, and whichever instance takes the lock next (within seconds) carries on from there. The guard on the
 * progress ({@code rows_done} must still be where the batch began) keeps two runners from importing the same rows,
 * lock or no lock; and a case already imported from the same source and reference is never imported twice.
 */
@Component
class ImportRunner {

    private static final Logger log = LoggerFactory.getLogger(ImportRunner.class);

    private final ImportJobs jobs;
    private final CsvImports imports;
    private final StaffDirectory directory;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final int batch;

    ImportRunner(
            ImportJobs jobs,
            CsvImports imports,
            StaffDirectory directory,
            PlatformTransactionManager transactions,
            Clock clock,
            @Value("${hearken.import.batch-size:250}") int batch) {
        this.jobs = jobs;
        this.imports = imports;
        this.directory = directory;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
        this.batch = batch;
    }

    @Scheduled(
            fixedDelayString = "${hearken.import.poll-interval:PT2S}",
            initialDelayString = "${hearken.import.poll-interval:PT2S}")
    @SchedulerLock(name = "case-import")
    void scheduled() {
        runWaiting();
    }

    /** Runs every import waiting, in turn. */
    void runWaiting() {
        Optional<ImportJobs.Job> next;
        while ((next = jobs.nextWaiting()).isPresent()) {
            run(next.get());
        }
    }

    private void run(ImportJobs.Job job) {
        try {
            Actor actor = directory
                    .actorFor(job.createdBy())
                    .orElseThrow(() -> new IllegalStateException(
                            "the administrator who started it (" + job.createdBy() + ") has no active account"));
            CsvFile file = imports.file(job);
            RowReader reader = new RowReader(file.header(), job.settings());
            jobs.started(job.id(), clock.instant());
            int total = file.rows().size();
            for (int from = job.rowsDone(); from < total; from += batch) {
                int start = from;
                int end = Math.min(total, from + batch);
                tx.executeWithoutResult(status -> {
                    CsvImports.Checked done = imports.checkRows(reader, file, start, end, actor, true, job.id());
                    jobs.problems(job.id(), done.problems(), true);
                    jobs.problems(job.id(), done.notes(), false);
                    int refused = (int) done.problems().stream()
                            .mapToInt(RowProblem::row)
                            .distinct()
                            .count();
                    if (!jobs.progress(
                            job.id(), start, end, done.imported(), done.notes().size(), refused)) {
                        throw new TakenOver();
                    }
                });
            }
            jobs.finish(job.id(), clock.instant().truncatedTo(ChronoUnit.MICROS));
            log.info("Import {} of {} finished", job.id(), job.filename());
        } catch (TakenOver e) {
            log.info("Import {} is being run elsewhere; leaving it", job.id());
        } catch (RuntimeException e) {
            log.error("Import {} of {} failed", job.id(), job.filename(), e);
            jobs.fail(
                    job.id(),
                    clock.instant().truncatedTo(ChronoUnit.MICROS),
                    "The import stopped: " + why(e)
                            + ". The rows imported so far stay; start a new import of the same file to import the"
                            + " rest (rows already imported are left out).");
        }
    }

    /** The most specific reason, short: never a whole statement. */
    private static String why(RuntimeException e) {
        Throwable cause = org.springframework.core.NestedExceptionUtils.getMostSpecificCause(e);
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        message = message.lines().findFirst().orElse(message);
        return message.length() > 300 ? message.substring(0, 300) + "…" : message;
    }

    /** Another run moved the import on meanwhile (this instance lost its lock): it carries on, this one stops. */
    private static final class TakenOver extends RuntimeException {
        TakenOver() {
            super(null, null, false, false);
        }
    }
}
