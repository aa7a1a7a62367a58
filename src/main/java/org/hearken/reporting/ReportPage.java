package org.hearken.reporting;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hearken.audit.SecurityAudit;
import org.hearken.cases.CaseCommands;
import org.hearken.cases.ImprovementStatus;
import org.hearken.identity.Actor;
import org.hearken.platform.ConflictException;
import org.hearken.platform.FieldProblem;
import org.hearken.platform.InvalidRequestException;
import org.hearken.platform.NotFoundException;
import org.hearken.platform.ReadDatabase;
import org.hearken.policy.Channel;
import org.hearken.policy.FeedbackKind;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.json.JsonMapper;

/**
 * The report page, its CSV downloads and review pack for signed-in managers and executives, and the suggestions log.
 * The figures come from the same {@link Reports} as the API, so page, CSV and JSON agree.
 */
@Controller
class ReportPage {

    /** The chart drawn above each table that has one (read by static/js/reports.js). */
    static final Map<String, String> CHARTS = Map.of(
            "compliance", "compliance",
            "volume-by-kind", "stacked",
            "volume-by-channel", "stacked",
            "volume-by-department", "stacked",
            "categories", "horizontal",
            "category-trend", "lines",
            "backlog", "bars");

    record TableView(
            String name,
            String title,
            String note,
            List<Table.Column> columns,
            List<List<String>> rows,
            String csvUrl,
            String chart) {}

    record Form(String from, String to, String department, String kind, String channel, String period) {}

    private final Reports reports;
    private final ReportScope scope;
    private final ReviewPack pack;
    private final Suggestions suggestions;
    private final JsonMapper json;
    private final SecurityAudit audit;
    private final ReadDatabase read;

    ReportPage(
            Reports reports,
            ReportScope scope,
            ReviewPack pack,
            Suggestions suggestions,
            JsonMapper json,
            SecurityAudit audit,
            ReadDatabase read) {
        this.audit = audit;
        this.read = read;
        this.reports = reports;
        this.scope = scope;
        this.pack = pack;
        this.suggestions = suggestions;
        this.json = json;
    }

    @GetMapping("/reports")
    String page(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String department,
            @RequestParam(required = false) String kind,
            @RequestParam(required = false) String channel,
            @RequestParam(required = false) String period,
            Actor actor,
            Model model) {
        ReportScope.requireReports(actor);
        model.addAttribute("nav", "reports");
        model.addAttribute("departments", scope.departments(actor));
        model.addAttribute("kinds", FeedbackKind.values());
        model.addAttribute("channels", Channel.values());
        model.addAttribute("periods", ReportFilter.Period.values());
        model.addAttribute("form", new Form(from, to, department, kind, channel, period));
        Map<String, String> errors = new LinkedHashMap<>();
        ReportFilter f;
        try {
            f = scope.filter(
                    actor,
                    date(from, "from", errors),
                    date(to, "to", errors),
                    department,
                    parse(FeedbackKind.class, kind, "kind", errors),
                    parse(Channel.class, channel, "channel", errors),
                    parse(ReportFilter.Period.class, period, "period", errors));
        } catch (InvalidRequestException e) {
            for (FieldProblem p : e.problems()) {
                errors.putIfAbsent(p.field(), p.message());
            }
            f = null;
        }
        model.addAttribute("errors", errors);
        if (!errors.isEmpty() || f == null) {
            return "reports/report";
        }
        Report report = reports.report(f, actor);
        model.addAttribute(
                "form",
                new Form(
                        f.from().toString(),
                        f.to().toString(),
                        f.department(),
                        f.kind() == null ? null : f.kind().name(),
                        f.channel() == null ? null : f.channel().name(),
                        period));
        model.addAttribute("report", report);
        model.addAttribute("replica", read.replicated() ? read.lag().text() : null);
        model.addAttribute("h", report.headline());
        model.addAttribute("satisfaction", Satisfaction.average(report.table("satisfaction")));
        model.addAttribute("query", f.query() + (period == null || period.isBlank() ? "" : "&period=" + period));
        model.addAttribute(
                "packQuery",
                "from=" + f.from() + "&to=" + f.to()
                        + (f.department() == null
                                ? ""
                                : "&department="
                                        + java.net.URLEncoder.encode(
                                                f.department(), java.nio.charset.StandardCharsets.UTF_8)));
        List<TableView> tables = new ArrayList<>();
        for (Table t : report.tables().values()) {
            tables.add(view(t, "/reports/" + t.name() + ".csv?" + model.getAttribute("query")));
        }
        model.addAttribute("tables", tables);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("headline", report.headline());
        Map<String, Object> chartTables = new LinkedHashMap<>();
        for (Table t : report.tables().values()) {
            if (CHARTS.containsKey(t.name())) {
                chartTables.put(t.name(), Map.of("columns", t.columns(), "rows", t.rows()));
            }
        }
        data.put("tables", chartTables);
        // A JSON data block is never executed; "<" is escaped so that no text in it can end the block.
        model.addAttribute("chartData", json.writeValueAsString(data).replace("<", "\\u003c"));
        return "reports/report";
    }

    private static TableView view(Table t, String csvUrl) {
        List<List<String>> rows = new ArrayList<>();
        for (List<Object> row : t.rows()) {
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < row.size(); i++) {
                Object v = row.get(i);
                Table.Column c = t.columns().get(i);
                cells.add(v == null ? "–" : c.percent() ? ReviewPack.pct((BigDecimal) v) : Csv.cell(v));
            }
            rows.add(cells);
        }
        return new TableView(t.name(), t.title(), t.note(), t.columns(), rows, csvUrl, CHARTS.get(t.name()));
    }

    @GetMapping("/reports/{table}.csv")
    ResponseEntity<byte[]> csv(
            @PathVariable String table,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) String department,
            @RequestParam(required = false) FeedbackKind kind,
            @RequestParam(required = false) Channel channel,
            @RequestParam(required = false) ReportFilter.Period period,
            Actor actor) {
        ReportFilter f = scope.filter(actor, from, to, department, kind, channel, period);
        return ReportApiController.csvResponse(reports.report(f, actor), table, f, actor, audit);
    }

    @GetMapping("/reports/pack.pdf")
    ResponseEntity<byte[]> pack(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) String department,
            Actor actor) {
        ReportFilter f = scope.filter(actor, from, to, department, null, null, null);
        return ReportApiController.pdfResponse(pack.render(f, actor), f, actor, audit);
    }

    // ---- suggestions log
    // ----------------------------------------------------------------------------------------------

    @GetMapping("/reports/suggestions")
    String suggestionLog(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String department,
            @RequestParam(required = false) String status,
            Actor actor,
            Model model) {
        ReportScope.requireReports(actor);
        model.addAttribute("nav", "reports");
        model.addAttribute("departments", scope.departments(actor));
        model.addAttribute("statuses", ImprovementStatus.values());
        Map<String, String> errors = new LinkedHashMap<>();
        ImprovementStatus wanted = parse(ImprovementStatus.class, status, "status", errors);
        ReportFilter f = null;
        try {
            f = scope.filter(actor, date(from, "from", errors), date(to, "to", errors), department, null, null, null);
        } catch (InvalidRequestException e) {
            e.problems().forEach(p -> errors.putIfAbsent(p.field(), p.message()));
        }
        model.addAttribute(
                "form",
                new Form(
                        f == null ? from : f.from().toString(),
                        f == null ? to : f.to().toString(),
                        department,
                        status,
                        null,
                        null));
        model.addAttribute("errors", errors);
        if (errors.isEmpty() && f != null) {
            model.addAttribute("log", suggestions.log(f, wanted, actor));
        }
        return "reports/suggestions";
    }

    @PostMapping("/reports/suggestions/{reference}")
    String decide(
            @PathVariable String reference,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String note,
            @RequestParam(required = false) Integer version,
            @RequestParam(required = false) String back,
            Actor actor,
            RedirectAttributes flash) {
        Map<String, String> errors = new LinkedHashMap<>();
        ImprovementStatus chosen = parse(ImprovementStatus.class, status, "status", errors);
        if (chosen == null && errors.isEmpty()) {
            errors.put("status", "choose a status");
        }
        if (note != null && note.length() > 2000) {
            errors.put("note", "is too long (at most 2,000 characters)");
        }
        if (!errors.isEmpty()) {
            flash.addFlashAttribute(
                    "error",
                    reference + ": "
                            + String.join(
                                    "; ",
                                    errors.entrySet().stream()
                                            .map(e -> e.getKey() + " " + e.getValue())
                                            .toList()));
        } else {
            try {
                suggestions.decide(
                        reference, version, new CaseCommands.RecordImprovement(chosen, note), actor, scope.zone());
                flash.addFlashAttribute(
                        "ok",
                        reference + " is now "
                                + chosen.name()
                                        .toLowerCase(java.util.Locale.ROOT)
                                        .replace('_', ' ') + ".");
            } catch (ConflictException
                    | InvalidRequestException
                    | NotFoundException
                    | org.hearken.platform.PreconditionFailedException e) {
                flash.addFlashAttribute("error", reference + ": " + e.getMessage() + " Nothing was changed.");
            }
        }
        return "redirect:/reports/suggestions" + (back != null && back.matches("\\?[A-Za-z0-9=&_.%-]*") ? back : "");
    }

    // ---- form parsing
    // -------------------------------------------------------------------------------------------------

    private static LocalDate date(String value, String field, Map<String, String> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (java.time.format.DateTimeParseException e) {
            errors.put(field, "is not a date; use the form 2026-12-31");
            return null;
        }
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value, String field, Map<String, String> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip());
        } catch (IllegalArgumentException e) {
            errors.put(field, "'" + value + "' is not one of " + List.of(type.getEnumConstants()));
            return null;
        }
    }
}
