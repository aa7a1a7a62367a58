package org.hearken.imports;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hearken.identity.Actor;
import org.hearken.platform.ConflictException;
import org.hearken.policy.ServicePolicies;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The import pages for administrators: upload a file, map its columns and choose how its dates are read, a dry run
 * listing every row's problems, the start, and the progress while it runs (refreshed every second by htmx).
 */
@Controller
class ImportPages {

    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm", Locale.ENGLISH);

    /** One column of the file as offered for a field: its index, its name and a value from the first row. */
    record Column(int index, String name, String example) {}

    /** One field of the mapping form and the column chosen for it (null: not in the file). */
    record Mapped(String name, String label, boolean required, Integer column) {}

    record Option(String value, String label) {}

    private final CsvImports imports;
    private final ImportJobs jobs;
    private final ServicePolicies policies;

    ImportPages(CsvImports imports, ImportJobs jobs, ServicePolicies policies) {
        this.imports = imports;
        this.jobs = jobs;
        this.policies = policies;
    }

    @GetMapping("/admin/import")
    String start(Actor actor, Model model) {
        CsvImports.requireAdmin(actor);
        return startPage(model, null, "");
    }

    private String startPage(Model model, String error, String source) {
        ZoneId zone = zone();
        model.addAttribute("nav", "admin");
        model.addAttribute("error", error);
        model.addAttribute("source", source);
        model.addAttribute("encodings", CsvFile.ENCODINGS);
        model.addAttribute("limits", limitsInWords());
        model.addAttribute(
                "recent", jobs.recent(20).stream().map(j -> Summary.of(j, zone)).toList());
        return "admin/import";
    }

    @PostMapping("/admin/import")
    String upload(
            @RequestParam(required = false) MultipartFile file,
            @RequestParam(defaultValue = "") String source,
            @RequestParam(defaultValue = "UTF-8") String encoding,
            Actor actor,
            Model model,
            HttpServletResponse response) {
        CsvImports.requireAdmin(actor);
        String error;
        if (file == null || file.isEmpty()) {
            error = "Choose a CSV file to import.";
        } else {
            try {
                long id = imports.upload(file.getBytes(), file.getOriginalFilename(), encoding, source, actor);
                return "redirect:/admin/import/" + id;
            } catch (CsvFile.Refused e) {
                error = "Nothing was imported. " + e.getMessage();
            } catch (IOException e) {
                error = "The file could not be read. Try again.";
            }
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        return startPage(model, error, source);
    }

    @GetMapping("/admin/import/{id}")
    String job(@PathVariable long id, Actor actor, Model model) {
        ImportJobs.Job job = imports.job(id, actor);
        if (job.status() == ImportJobs.Status.DRAFT) {
            return mappingPage(model, job, job.settings(), null, (String) model.getAttribute("error"));
        }
        return progressPage(model, job);
    }

    @PostMapping("/admin/import/{id}/check")
    String check(
            @PathVariable long id,
            @RequestParam Map<String, String> form,
            Actor actor,
            Model model,
            HttpServletResponse response) {
        ImportJobs.Job job = imports.job(id, actor);
        if (job.status() != ImportJobs.Status.DRAFT) {
            return "redirect:/admin/import/" + id;
        }
        ImportSettings settings = settings(form, job);
        if (settings == null) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return mappingPage(
                    model, job, job.settings(), null, "Choose a date format and a time zone from the lists.");
        }
        CsvImports.DryRun dryRun = imports.check(id, settings, actor);
        return mappingPage(model, imports.job(id, actor), settings, dryRun, null);
    }

    @PostMapping("/admin/import/{id}/start")
    String run(
            @PathVariable long id,
            @RequestParam(defaultValue = "false") boolean skipProblems,
            Actor actor,
            Model model,
            RedirectAttributes redirect) {
        try {
            imports.start(id, skipProblems, actor);
            redirect.addFlashAttribute("flash", "The import has started. This page shows how far it has got.");
        } catch (ConflictException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/admin/import/" + id;
    }

    @PostMapping("/admin/import/{id}/discard")
    String discard(@PathVariable long id, Actor actor, RedirectAttributes redirect) {
        imports.discard(id, actor);
        redirect.addFlashAttribute("flash", "The file was discarded; nothing was imported.");
        return "redirect:/admin/import";
    }

    /** The progress card alone, for htmx to swap in every second while the import runs. */
    @GetMapping("/admin/import/{id}/progress")
    String progress(@PathVariable long id, Actor actor, Model model) {
        progressModel(model, imports.job(id, actor));
        return "admin/import-job :: progress";
    }

    private String mappingPage(
            Model model, ImportJobs.Job job, ImportSettings settings, CsvImports.DryRun dryRun, String error) {
        CsvFile file = imports.file(job);
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < file.header().size(); i++) {
            List<String> first = file.rows().getFirst();
            String example = i < first.size() ? first.get(i).strip() : "";
            columns.add(new Column(
                    i, file.header().get(i), example.length() > 40 ? example.substring(0, 40) + "…" : example));
        }
        List<Mapped> fields = new ArrayList<>();
        for (Field f : Field.values()) {
            fields.add(new Mapped(f.name(), f.label, f.required, settings.column(f)));
        }
        List<Option> formats = new ArrayList<>();
        for (DateFormat f : DateFormat.values()) {
            formats.add(new Option(f.name(), f.label));
        }
        model.addAttribute("nav", "admin");
        model.addAttribute("job", Summary.of(job, zone()));
        model.addAttribute("settings", settings);
        model.addAttribute("columns", columns);
        model.addAttribute("fields", fields);
        model.addAttribute("formats", formats);
        model.addAttribute(
                "zones", ZoneId.getAvailableZoneIds().stream().sorted().toList());
        model.addAttribute("encodings", CsvFile.ENCODINGS);
        model.addAttribute("dryRun", dryRun);
        model.addAttribute("listed", CsvImports.LISTED);
        model.addAttribute("error", error);
        return "admin/import-mapping";
    }

    private String progressPage(Model model, ImportJobs.Job job) {
        model.addAttribute("nav", "admin");
        progressModel(model, job);
        return "admin/import-job";
    }

    private void progressModel(Model model, ImportJobs.Job job) {
        model.addAttribute("job", Summary.of(job, zone()));
        model.addAttribute("problems", jobs.problemsOf(job.id(), CsvImports.LISTED));
        model.addAttribute("listed", CsvImports.LISTED);
    }

    /** The settings the form chose, or null when the date format or the zone is not one offered. */
    private static ImportSettings settings(Map<String, String> form, ImportJobs.Job job) {
        Map<String, Integer> columns = new LinkedHashMap<>();
        for (Field f : Field.values()) {
            String v = form.getOrDefault("column." + f.name(), "");
            if (v.matches("\\d{1,3}")) {
                columns.put(f.name(), Integer.valueOf(v));
            }
        }
        String format = form.getOrDefault("dateFormat", "");
        String zone = form.getOrDefault("zone", "");
        if (java.util.Arrays.stream(DateFormat.values()).noneMatch(d -> d.name().equals(format))
                || !ZoneId.getAvailableZoneIds().contains(zone)) {
            return null;
        }
        return new ImportSettings(
                CsvImports.sourceName(form.getOrDefault("source", job.source())),
                columns,
                format,
                zone,
                job.settings().encoding());
    }

    private ZoneId zone() {
        return policies.active().policy().calendar().zone();
    }

    private static String limitsInWords() {
        CsvFile.Limits l = CsvFile.Limits.DEFAULT;
        return String.format(
                Locale.ENGLISH,
                "at most %d MB, %,d rows and %d columns",
                l.maxBytes() / (1024 * 1024),
                l.maxRows(),
                l.maxColumns());
    }

    /** An import as the pages show it. */
    record Summary(
            long id,
            String filename,
            String source,
            String status,
            String statusLabel,
            boolean running,
            boolean finished,
            String createdBy,
            String created,
            String started,
            String finishedAt,
            int rowsTotal,
            int rowsDone,
            int imported,
            int skipped,
            int refused,
            Integer checkedProblems,
            int percent,
            String failure) {

        static Summary of(ImportJobs.Job j, ZoneId zone) {
            return new Summary(
                    j.id(),
                    j.filename(),
                    j.source(),
                    j.status().name(),
                    switch (j.status()) {
                        case DRAFT -> "Not started";
                        case QUEUED -> "Waiting to start";
                        case RUNNING -> "Importing";
                        case DONE -> "Finished";
                        case FAILED -> "Stopped";
                    },
                    !j.finished() && j.status() != ImportJobs.Status.DRAFT,
                    j.finished(),
                    j.createdBy(),
                    when(j.createdAt(), zone),
                    when(j.startedAt(), zone),
                    when(j.finishedAt(), zone),
                    j.rowsTotal(),
                    j.rowsDone(),
                    j.imported(),
                    j.skipped(),
                    j.refused(),
                    j.checkedProblems(),
                    j.rowsTotal() == 0 ? 100 : (int) (100L * j.rowsDone() / j.rowsTotal()),
                    j.failure());
        }

        private static String when(Instant at, ZoneId zone) {
            return at == null ? null : WHEN.format(at.atZone(zone));
        }
    }
}
