package org.hearken.audit;

import jakarta.servlet.http.HttpServletResponse;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hearken.platform.InvalidRequestException;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** The audit log page for executives and administrators: filters, the newest entries first, older pages, CSV download. */
@Controller
class AuditPage {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final int PAGE = 100;

    /** An entry in words. */
    record Row(
            long id,
            String at,
            String actor,
            String clientAddress,
            String action,
            String target,
            String outcome,
            String outcomeCss,
            String details) {}

    private final AuditLog log;
    private final AuditCsv csv;

    AuditPage(AuditLog log, AuditCsv csv) {
        this.log = log;
        this.csv = csv;
    }

    @GetMapping("/audit")
    String page(
            AuditFilter.Asked asked,
            @RequestParam(required = false) String before,
            Model model,
            HttpServletResponse response) {
        String reader = AuditReaders.require();
        model.addAttribute("nav", "audit");
        // What was asked for, as typed, so that the form shows it again.
        model.addAttribute("asked", asked);
        model.addAttribute("actions", SecurityAudit.Action.values());
        model.addAttribute("outcomes", SecurityAudit.Outcome.values());
        Map<String, String> errors = new LinkedHashMap<>();
        AuditFilter filter = AuditFilter.none();
        AuditLog.Page page = new AuditLog.Page(List.of(), null);
        try {
            filter = asked.filter();
            page = log.page(filter, before, PAGE, reader);
        } catch (InvalidRequestException e) {
            e.problems().forEach(p -> errors.put(p.field(), p.message()));
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        }
        model.addAttribute("errors", errors);
        model.addAttribute("rows", page.entries().stream().map(AuditPage::row).toList());
        String query = filter.query();
        model.addAttribute("csvUrl", "/audit/export.csv" + (query.isEmpty() ? "" : "?" + query));
        model.addAttribute("firstUrl", before == null ? null : "/audit" + (query.isEmpty() ? "" : "?" + query));
        model.addAttribute(
                "nextUrl",
                page.next() == null
                        ? null
                        : "/audit?" + (query.isEmpty() ? "" : query + "&") + "before=" + page.next());
        return "audit/log";
    }

    @GetMapping("/audit/export.csv")
    ResponseEntity<StreamingResponseBody> export(AuditFilter.Asked asked) {
        AuditReaders.require();
        return csv.download(asked.filter());
    }

    private static Row row(AuditLog.Entry e) {
        String action;
        try {
            action = SecurityAudit.Action.valueOf(e.action()).label();
        } catch (IllegalArgumentException unknown) {
            action = e.action();
        }
        String details = e.details().entrySet().stream()
                .map(d -> d.getKey() + ": " + d.getValue())
                .collect(Collectors.joining("; "));
        String css = switch (e.outcome()) {
            case "SUCCESS" -> "met";
            case "FAILURE" -> "missed";
            default -> "due-soon";
        };
        String outcome = switch (e.outcome()) {
            case "SUCCESS" -> "Done";
            case "FAILURE" -> "Failed";
            default -> "Refused";
        };
        return new Row(
                e.id(), TIME.format(e.at()), e.actor(), e.clientAddress(), action, e.target(), outcome, css, details);
    }
}
