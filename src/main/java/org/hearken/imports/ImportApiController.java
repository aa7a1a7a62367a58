package org.hearken.imports;

import java.time.Instant;
import java.util.List;
import org.hearken.identity.Actor;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The imports as the API shows them, for administrators: each with its progress and the problems it met. */
@RestController
class ImportApiController {

    /** A problem (the row was left out) or a note (already imported) of an import. */
    record Problem(int row, String column, String message, boolean leftOut) {}

    record Progress(
            long id,
            String filename,
            String source,
            String status,
            String createdBy,
            Instant createdAt,
            Instant startedAt,
            Instant finishedAt,
            int rowsTotal,
            int rowsDone,
            int imported,
            int alreadyImported,
            int leftOut,
            String failure,
            List<Problem> problems) {}

    private final CsvImports imports;
    private final ImportJobs jobs;

    ImportApiController(CsvImports imports, ImportJobs jobs) {
        this.imports = imports;
        this.jobs = jobs;
    }

    /** The latest 50 imports, newest first, without their problems. */
    @GetMapping("/api/imports")
    List<Progress> list(Actor actor) {
        CsvImports.requireAdmin(actor);
        return jobs.recent(50).stream().map(j -> progress(j, List.of())).toList();
    }

    /** One import's progress and its first {@link CsvImports#LISTED} problems and notes. */
    @GetMapping("/api/imports/{id}")
    Progress one(@PathVariable long id, Actor actor) {
        ImportJobs.Job job = imports.job(id, actor);
        return progress(
                job,
                jobs.problemsOf(id, CsvImports.LISTED).stream()
                        .map(n -> new Problem(
                                n.problem().row(),
                                n.problem().column(),
                                n.problem().message(),
                                n.refused()))
                        .toList());
    }

    private static Progress progress(ImportJobs.Job j, List<Problem> problems) {
        return new Progress(
                j.id(),
                j.filename(),
                j.source(),
                j.status().name(),
                j.createdBy(),
                j.createdAt(),
                j.startedAt(),
                j.finishedAt(),
                j.rowsTotal(),
                j.rowsDone(),
                j.imported(),
                j.skipped(),
                j.refused(),
                j.failure(),
                problems);
    }
}
