package org.hearken.imports;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hearken.audit.SecurityAudit;
import org.hearken.cases.CaseImports;
import org.hearken.identity.Actor;
import org.hearken.identity.Role;
import org.hearken.platform.ConflictException;
import org.hearken.platform.NotFoundException;
import org.hearken.policy.ServicePolicies;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Importing a CSV file of cases, step by step: upload (the file is read and kept as a draft, with a mapping guessed
 * from its header), a dry run with the mapping and date settings chosen (every row checked as the import would, nothing
 * written), and the start, after which {@link ImportRunner} imports it in the background. An import with problems
 * starts only when the administrator chooses to leave the rows with problems out. Administrators only.
 */
@Service
class CsvImports {

    /** How many problems a dry run lists; the count covers them all. */
    static final int LISTED = 1000;

    /**
     * A dry run: how many rows would be imported, were imported before (with the case each is, {@code notes}), and
     * have problems ({@code problemRows}; {@code problems}, the first {@link #LISTED} of them), or what is wrong with
     * the mapping ({@code mapping}), in which case no row was checked.
     */
    record DryRun(
            int rows,
            int toImport,
            int already,
            int problemRows,
            int problemCount,
            List<RowProblem> problems,
            List<RowProblem> notes,
            List<String> mapping) {}

    private final ImportJobs jobs;
    private final CaseImports cases;
    private final ServicePolicies policies;
    private final SecurityAudit audit;
    private final Clock clock;

    CsvImports(ImportJobs jobs, CaseImports cases, ServicePolicies policies, SecurityAudit audit, Clock clock) {
        this.jobs = jobs;
        this.cases = cases;
        this.policies = policies;
        this.audit = audit;
        this.clock = clock;
    }

    /** Reads the file and keeps it as a draft import; {@link CsvFile.Refused} when it cannot be imported at all. */
    @Transactional
    long upload(byte[] bytes, String filename, String encoding, String source, Actor actor) {
        requireAdmin(actor);
        String enc = CsvFile.ENCODINGS.contains(encoding) ? encoding : "UTF-8";
        CsvFile file = CsvFile.read(bytes, enc, CsvFile.Limits.DEFAULT);
        ImportSettings settings = new ImportSettings(
                sourceName(source),
                ImportSettings.guess(file.header()),
                DateFormat.ISO.name(),
                policies.active().policy().calendar().zone().getId(),
                enc);
        String name = filename == null || filename.isBlank() ? "upload.csv" : filename.strip();
        return jobs.create(
                name.length() > 200 ? name.substring(0, 200) : name,
                bytes,
                settings,
                actor.username(),
                now(),
                file.rows().size());
    }

    ImportJobs.Job job(long id, Actor actor) {
        requireAdmin(actor);
        return jobs.find(id).orElseThrow(() -> new NotFoundException("No import " + id));
    }

    CsvFile file(ImportJobs.Job job) {
        byte[] content = jobs.content(job.id());
        if (content == null) {
            throw new ConflictException("The file of import " + job.id() + " is no longer kept: it has run.");
        }
        return CsvFile.read(content, job.settings().encoding(), CsvFile.Limits.DEFAULT);
    }

    /** Checks every row with {@code settings} as the import would, writing no case; keeps the settings. */
    @Transactional
    DryRun check(long id, ImportSettings settings, Actor actor) {
        ImportJobs.Job job = draft(id, actor);
        CsvFile file = file(job);
        RowReader reader = new RowReader(file.header(), settings);
        List<String> mapping = reader.mappingProblems();
        if (!mapping.isEmpty()) {
            return new DryRun(file.rows().size(), 0, 0, 0, 0, List.of(), List.of(), mapping);
        }
        Checked checked = checkRows(reader, file, 0, file.rows().size(), actor, false, 0);
        Set<Integer> problemRows = new LinkedHashSet<>();
        checked.problems().forEach(p -> problemRows.add(p.row()));
        jobs.checked(id, settings, problemRows.size());
        return new DryRun(
                file.rows().size(),
                checked.imported(),
                checked.notes().size(),
                problemRows.size(),
                checked.problems().size(),
                checked.problems()
                        .subList(0, Math.min(LISTED, checked.problems().size())),
                checked.notes().subList(0, Math.min(LISTED, checked.notes().size())),
                List.of());
    }

    /** The rows of a batch, read and then checked or imported by the cases module. */
    record Checked(int imported, List<RowProblem> problems, List<RowProblem> notes) {}

    /**
     * Rows {@code from} (inclusive) to {@code to} of the file: read, then checked ({@code write} false) or imported as
     * part of import {@code job}. The rows with problems and the rows imported before are listed.
     */
    Checked checkRows(RowReader reader, CsvFile file, int from, int to, Actor actor, boolean write, long job) {
        Instant now = now();
        Map<Integer, List<RowProblem>> problems = new LinkedHashMap<>();
        List<CaseImports.Row> rows = new ArrayList<>();
        for (int i = from; i < to; i++) {
            int number = CsvFile.rowNumber(i);
            RowReader.Read read = reader.read(number, file.rows().get(i), now);
            if (read.c() == null) {
                problems.put(number, new ArrayList<>(read.problems()));
            } else {
                rows.add(new CaseImports.Row(number, read.c()));
            }
        }
        List<CaseImports.Result> results = write ? cases.importRows(job, rows, actor) : cases.check(rows, actor);
        List<RowProblem> notes = new ArrayList<>();
        int imported = 0;
        for (CaseImports.Result r : results) {
            if (r.alreadyAs() != null) {
                notes.add(new RowProblem(r.row(), null, "already imported as " + r.alreadyAs() + "; left as it is"));
            } else if (!r.problems().isEmpty()) {
                problems.put(r.row(), new ArrayList<>(new LinkedHashSet<>(reader.problems(r.row(), r.problems()))));
            } else {
                imported++;
            }
        }
        List<RowProblem> listed = new ArrayList<>();
        problems.keySet().stream().sorted().forEach(row -> listed.addAll(problems.get(row)));
        return new Checked(imported, listed, notes);
    }

    /**
     * Starts the import checked by the latest dry run. With problems found, it starts only if {@code skipProblems}:
     * the rows with problems are then left out, and listed again as the import meets them.
     */
    @Transactional
    void start(long id, boolean skipProblems, Actor actor) {
        ImportJobs.Job job = draft(id, actor);
        if (job.checkedProblems() == null) {
            throw new ConflictException("Run the dry run first: an import starts with the settings a dry run checked.");
        }
        if (job.checkedProblems() > 0 && !skipProblems) {
            throw new ConflictException("The dry run found problems in " + job.checkedProblems()
                    + " rows. Fix the file and upload it again, or choose to leave those rows out.");
        }
        if (!jobs.queue(id)) {
            throw new ConflictException("Import " + id + " has already been started.");
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("import", id);
        details.put("file", job.filename());
        details.put("source", job.source());
        details.put("rows", job.rowsTotal());
        details.put("rowsWithProblemsLeftOut", job.checkedProblems());
        audit.record(
                actor.username(),
                SecurityAudit.Action.CASES_IMPORTED,
                "import " + id,
                SecurityAudit.Outcome.SUCCESS,
                details);
    }

    @Transactional
    void discard(long id, Actor actor) {
        draft(id, actor);
        jobs.discard(id);
    }

    private ImportJobs.Job draft(long id, Actor actor) {
        ImportJobs.Job job = job(id, actor);
        if (job.status() != ImportJobs.Status.DRAFT) {
            throw new ConflictException("Import " + id + " has already been started.");
        }
        return job;
    }

    static String sourceName(String source) {
        String s = source == null ? "" : source.strip();
        if (s.isEmpty()) {
            return "previous register";
        }
        return s.length() > 100 ? s.substring(0, 100) : s;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    static void requireAdmin(Actor actor) {
        if (!actor.has(Role.ADMIN)) {
            throw new AccessDeniedException("Only an administrator may import cases.");
        }
    }
}
