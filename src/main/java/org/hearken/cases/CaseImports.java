package org.hearken.cases;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.hearken.categories.CaseCategories;
import org.hearken.identity.Actor;
import org.hearken.identity.StaffDirectory;
import org.hearken.platform.FieldProblem;
import org.hearken.platform.InvalidRequestException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Cases brought in from another system's register. Each is opened by the same decision as a new case
 * ({@link CaseManagement#plan}: department, owner and the policy's due dates counted from when it was received), then
 * given its history by the case itself ({@link Case#importHistory}) and saved, all in the caller's batch. Its one event,
 * {@link CaseEvents.Imported}, goes to the register; nothing that writes to customers or staff listens to it, so an
 * imported case sends no acknowledgement, survey invitation or notice. A case already imported from the same source
 * with the same reference is not imported again.
 */
@Service
public class CaseImports {

    /** A row of the file (numbered as the file counts them) and the case it tells of. */
    public record Row(int number, ImportedCase c) {}

    /**
     * How a row went: imported as {@code reference}; or not imported, because it was imported before as
     * {@code alreadyAs}, or because of its {@code problems} (each naming the field at fault).
     */
    public record Result(int row, String reference, String alreadyAs, List<FieldProblem> problems) {
        public boolean imported() {
            return reference != null;
        }
    }

    private record Checked(CaseManagement.Plan plan, List<FieldProblem> problems) {}

    private final CaseManagement management;
    private final StaffDirectory directory;
    private final CaseRepository cases;
    private final CaseCategories categories;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    CaseImports(
            CaseManagement management,
            StaffDirectory directory,
            CaseRepository cases,
            CaseCategories categories,
            ApplicationEventPublisher events,
            Clock clock) {
        this.management = management;
        this.directory = directory;
        this.cases = cases;
        this.categories = categories;
        this.events = events;
        this.clock = clock;
    }

    /**
     * What importing the rows would do, without writing anything: the same checks as {@link #importRows} (the history,
     * the department, the owner, the category, the policy's calendar) and whether each was imported before.
     */
    @Transactional(readOnly = true)
    public List<Result> check(List<Row> rows, Actor actor) {
        return run(rows, actor, false, 0);
    }

    /** Imports the rows as part of import {@code job}, in the caller's transaction; a row with problems is left out. */
    @Transactional
    public List<Result> importRows(long job, List<Row> rows, Actor actor) {
        return run(rows, actor, true, job);
    }

    private List<Result> run(List<Row> rows, Actor actor, boolean write, long job) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Map<String, String> before = rows.isEmpty()
                ? Map.of()
                : cases.imported(
                        rows.getFirst().c().source(),
                        rows.stream().map(r -> r.c().sourceReference()).toList());
        Map<String, Optional<StaffDirectory.Assignment>> assignments = new HashMap<>();
        BiFunction<String, String, Optional<StaffDirectory.Assignment>> lookup = (code, owner) ->
                assignments.computeIfAbsent(code + "\u0000" + owner, k -> directory.assignment(code, owner));
        Set<String> seen = new HashSet<>();
        List<Result> results = new ArrayList<>(rows.size());
        List<Row> valid = new ArrayList<>();
        List<CaseManagement.Plan> plans = new ArrayList<>();
        for (Row row : rows) {
            ImportedCase c = row.c();
            String earlier = before.get(c.sourceReference());
            if (earlier != null) {
                results.add(new Result(row.number(), null, earlier, List.of()));
                continue;
            }
            Checked checked = checked(c, actor, now, lookup);
            List<FieldProblem> problems = new ArrayList<>(checked.problems());
            if (!seen.add(c.sourceReference())) {
                problems.addFirst(new FieldProblem("sourceReference", "appears in an earlier row of the file"));
            }
            if (!problems.isEmpty() || !write) {
                results.add(new Result(row.number(), null, null, problems));
            } else {
                valid.add(row);
                plans.add(checked.plan());
            }
        }
        if (!valid.isEmpty()) {
            List<String> references = save(valid, plans, actor, now, job);
            for (int i = 0; i < valid.size(); i++) {
                results.add(new Result(valid.get(i).number(), references.get(i), null, List.of()));
            }
            results.sort(java.util.Comparator.comparingInt(Result::row));
        }
        return results;
    }

    private Checked checked(
            ImportedCase c,
            Actor actor,
            Instant now,
            BiFunction<String, String, Optional<StaffDirectory.Assignment>> lookup) {
        List<FieldProblem> problems = new ArrayList<>(c.problems(now).stream()
                .map(p -> new FieldProblem(p.field(), p.message()))
                .toList());
        CaseManagement.Plan plan = null;
        try {
            plan = management.plan(opened(c), actor, now, lookup);
        } catch (InvalidRequestException e) {
            problems.addAll(e.problems());
        }
        try {
            categories.requireActive(c.category(), "category");
        } catch (InvalidRequestException e) {
            problems.addAll(e.problems());
        }
        return new Checked(plan, problems);
    }

    /**
     * Each case opened as its plan says, given its history by the case itself, and written whole in one batch; the
     * batch's events published together. Returns the references given, in the order of the rows.
     */
    private List<String> save(List<Row> rows, List<CaseManagement.Plan> plans, Actor actor, Instant now, long job) {
        List<CaseRepository.NewRow> newRows = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            ImportedCase c = rows.get(i).c();
            newRows.add(management.newRow(
                    opened(c),
                    plans.get(i),
                    actor,
                    now,
                    new CaseRepository.ImportMark(c.source(), c.sourceReference(), now, job)));
        }
        List<CaseRepository.Inserted> ids = cases.reserve(newRows.getFirst().referenceStem(), rows.size());
        List<CaseRepository.Whole> whole = new ArrayList<>(rows.size());
        List<CaseEvents.Imported> imported = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            ImportedCase c = rows.get(i).c();
            CaseManagement.Plan plan = plans.get(i);
            var due = plan.due();
            Case received = Case.received(
                    ids.get(i).id(),
                    ids.get(i).reference(),
                    c.kind(),
                    c.channel(),
                    plan.receivedAt(),
                    actor.staffId(),
                    CaseViews.terms(plan.policy().policy(), true, c.kind(), c.channel(), due.packRoute()),
                    new Case.Person(
                            plan.owner().id(),
                            plan.owner().username(),
                            plan.owner().fullName()),
                    new Case.Team(
                            plan.department().id(),
                            plan.department().code(),
                            plan.department().name()),
                    due.acknowledgeBy(),
                    due.firstResponseBy(),
                    due.respondBy());
            ImportedCase normalised = new ImportedCase(
                    c.source(),
                    c.sourceReference(),
                    c.kind(),
                    c.channel(),
                    plan.receivedAt(),
                    c.departmentCode(),
                    c.ownerUsername(),
                    categories.requireActive(c.category(), "category"),
                    c.subject(),
                    c.description(),
                    c.customer(),
                    c.status(),
                    micros(c.acknowledgedAt()),
                    micros(c.respondedAt()),
                    micros(c.closedAt()),
                    c.outcome());
            CaseChange change;
            try {
                change = received.importHistory(
                        actor,
                        now,
                        new Case.ImportHistory(normalised, job, plan.policy().version()));
            } catch (CaseRefused refused) {
                throw CaseLifecycle.answer(refused);
            }
            whole.add(new CaseRepository.Whole(newRows.get(i), change.after()));
            change.events().forEach(e -> imported.add((CaseEvents.Imported) e));
        }
        cases.insertWhole(whole);
        events.publishEvent(new CaseEvents.ImportedBatch(imported));
        return ids.stream().map(CaseRepository.Inserted::reference).toList();
    }

    private static OpenCase opened(ImportedCase c) {
        return new OpenCase(
                c.kind(),
                c.channel(),
                c.receivedAt(),
                c.subject(),
                c.description(),
                c.customer(),
                c.departmentCode(),
                c.ownerUsername(),
                false,
                null);
    }

    private static Instant micros(Instant at) {
        return at == null ? null : at.truncatedTo(ChronoUnit.MICROS);
    }
}
