package org.hearken.reporting;

import jakarta.validation.Valid;
import java.time.LocalDate;
import org.hearken.audit.SecurityAudit;
import org.hearken.cases.CaseCommands;
import org.hearken.cases.ImprovementStatus;
import org.hearken.identity.Actor;
import org.hearken.platform.Downloads;
import org.hearken.platform.ReadDatabase;
import org.hearken.policy.Channel;
import org.hearken.policy.FeedbackKind;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reports for managers (their own departments) and executives (all). Filters: {@code from} and {@code to} (receipt
 * dates, both included, in the organisation's time zone; default the last twelve months), {@code department} (code),
 * {@code kind}, {@code channel}; {@code period} (DAY, WEEK or MONTH) sizes the tables over time.
 */
@RestController
@RequestMapping("/api/reports")
class ReportApiController {

    private final Reports reports;
    private final ReportScope scope;
    private final ReviewPack pack;
    private final Suggestions suggestions;
    private final SecurityAudit audit;
    private final ReadDatabase read;

    ReportApiController(
            Reports reports,
            ReportScope scope,
            ReviewPack pack,
            Suggestions suggestions,
            SecurityAudit audit,
            ReadDatabase read) {
        this.audit = audit;
        this.read = read;
        this.reports = reports;
        this.scope = scope;
        this.pack = pack;
        this.suggestions = suggestions;
    }

    record Compliance(Report.Scope scope, Headline headline) {}

    /** The whole report: headline figures and every table. */
    @GetMapping
    Report report(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) String department,
            @RequestParam(required = false) FeedbackKind kind,
            @RequestParam(required = false) Channel channel,
            @RequestParam(required = false) ReportFilter.Period period,
            Actor actor) {
        return reports.report(scope.filter(actor, from, to, department, kind, channel, period), actor)
                .withReadReplica(read.lag());
    }

    /** The compliance figures only (the report's main query). */
    @GetMapping("/compliance")
    Compliance compliance(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) String department,
            @RequestParam(required = false) FeedbackKind kind,
            @RequestParam(required = false) Channel channel,
            Actor actor) {
        ReportFilter f = scope.filter(actor, from, to, department, kind, channel, null);
        Report.Scope s = new Report.Scope(
                f.from(),
                f.to(),
                f.department(),
                f.kind(),
                f.channel(),
                null,
                f.period().name(),
                f.zone().getId(),
                null);
        return new Compliance(s, reports.headline(f));
    }

    /** One table as CSV, e.g. {@code /api/reports/compliance.csv}; the table names are those of {@code GET /api/reports}. */
    @GetMapping("/{table}.csv")
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
        return csvResponse(reports.report(f, actor), table, f, actor, audit);
    }

    /** A report table as a CSV download; every download is recorded in the security audit log. */
    static ResponseEntity<byte[]> csvResponse(
            Report report, String table, ReportFilter f, Actor actor, SecurityAudit audit) {
        Table t = report.table(table);
        byte[] csv = Csv.of(t);
        exported(audit, actor, "report " + t.name(), "report CSV", f);
        return Downloads.generated(
                Csv.filename(t, f), new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8), csv);
    }

    private static void exported(SecurityAudit audit, Actor actor, String target, String file, ReportFilter f) {
        audit.record(
                actor.username(),
                SecurityAudit.Action.EXPORTED,
                target,
                SecurityAudit.Outcome.SUCCESS,
                java.util.Map.of(
                        "file",
                        file,
                        "from",
                        f.from().toString(),
                        "to",
                        f.to().toString(),
                        "department",
                        f.department() == null ? "all" : f.department()));
    }

    /** The management review pack for the period: headline figures against the policy's targets, charts, top categories, breaches, reviews. */
    @GetMapping("/pack.pdf")
    ResponseEntity<byte[]> pack(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) String department,
            Actor actor) {
        ReportFilter f = scope.filter(actor, from, to, department, null, null, null);
        return pdfResponse(pack.render(f, actor), f, actor, audit);
    }

    /** The review pack as a PDF download, recorded in the security audit log. */
    static ResponseEntity<byte[]> pdfResponse(byte[] pdf, ReportFilter f, Actor actor, SecurityAudit audit) {
        exported(audit, actor, "review pack", "review pack PDF", f);
        return Downloads.generated(
                "hearken-review-pack-" + f.from() + "-to-" + f.to() + ".pdf", MediaType.APPLICATION_PDF, pdf);
    }

    /** The suggestions log; {@code status} narrows the list (the counts always cover every status). */
    @GetMapping("/suggestions")
    Suggestions.Log suggestionLog(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) String department,
            @RequestParam(required = false) ImprovementStatus status,
            Actor actor) {
        return suggestions.log(scope.filter(actor, from, to, department, null, null, null), status, actor);
    }

    /** Records where a suggestion stands: {@code {"status": "ADOPTED", "note": "…"}}; managers of its department and executives. */
    @PutMapping("/suggestions/{reference}")
    Suggestions.Entry decide(
            @PathVariable String reference,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @Valid @RequestBody CaseCommands.RecordImprovement body,
            Actor actor) {
        return suggestions.decide(reference, version(ifMatch), body, actor, scope.zone());
    }

    private static Integer version(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) {
            return null;
        }
        try {
            return Integer.parseInt(ifMatch.strip().replace("W/", "").replace("\"", ""));
        } catch (NumberFormatException e) {
            throw new org.hearken.platform.InvalidRequestException("If-Match", "must be the case's ETag, e.g. \"3\"");
        }
    }
}
