package org.hearken.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.hearken.platform.SpreadsheetCsv;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit log as CSV (UTF-8 with a byte order mark, for spreadsheets), streamed; every cell a spreadsheet would run
 * as a formula is neutralised. Downloading it is itself recorded.
 */
@Component
class AuditCsv {

    private static final java.util.List<String> HEADER = java.util.List.of(
            "id", "occurred_at_utc", "actor", "client_address", "action", "target", "outcome", "details");
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final AuditLog log;
    private final SecurityAudit audit;
    private final JsonMapper json;

    AuditCsv(AuditLog log, SecurityAudit audit, JsonMapper json) {
        this.log = log;
        this.audit = audit;
        this.json = json;
    }

    ResponseEntity<StreamingResponseBody> download(AuditFilter filter) {
        String reader = AuditReaders.require();
        audit.record(
                reader,
                SecurityAudit.Action.EXPORTED,
                "audit log",
                SecurityAudit.Outcome.SUCCESS,
                java.util.Map.of("file", "audit log CSV", "filters", filter.recorded()));
        return ResponseEntity.ok()
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename("hearken-audit-log.csv")
                                .build()
                                .toString())
                .header("X-Content-Type-Options", "nosniff")
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .body(out -> write(out, filter, reader));
    }

    private void write(OutputStream out, AuditFilter filter, String reader) throws IOException {
        out.write(BOM);
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        try (SpreadsheetCsv csv = SpreadsheetCsv.on(writer, HEADER)) {
            log.each(
                    filter,
                    reader,
                    e -> csv.row(java.util.Arrays.asList(
                            e.id(),
                            e.at(),
                            e.actor(),
                            e.clientAddress(),
                            e.action(),
                            e.target(),
                            e.outcome(),
                            json.writeValueAsString(e.details()))));
        }
    }
}
