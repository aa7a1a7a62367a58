package org.hearken.audit;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The security audit log for executives and administrators, newest first. Filters: {@code from}, {@code to} (days in
 * UTC, both included), {@code actor}, {@code action}, {@code target}, {@code outcome}; {@code limit} per page (at most
 * 500); pass the returned {@code next} as {@code before} for older entries.
 */
@RestController
@RequestMapping("/api/audit")
class AuditApiController {

    private final AuditLog log;
    private final AuditCsv csv;

    AuditApiController(AuditLog log, AuditCsv csv) {
        this.log = log;
        this.csv = csv;
    }

    @GetMapping
    AuditLog.Page list(
            AuditFilter.Asked asked,
            @RequestParam(required = false) String before,
            @RequestParam(defaultValue = "50") int limit) {
        String reader = AuditReaders.require();
        return log.page(asked.filter(), before, limit, reader);
    }

    /** Every matching entry as CSV; the download is recorded in the log. */
    @GetMapping("/export.csv")
    ResponseEntity<StreamingResponseBody> export(AuditFilter.Asked asked) {
        AuditReaders.require();
        return csv.download(asked.filter());
    }
}
