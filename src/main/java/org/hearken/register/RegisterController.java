package org.hearken.register;

import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hearken.identity.Role;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.hearken.cases.CaseManagement;
import org.hearken.identity.Actor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

@RestController
class RegisterController {

    private final RegisterChain chain;
    private final RegisterExport export;
    private final CaseManagement cases;
    private final JdbcClient jdbc;
    private final JsonMapper json;

    RegisterController(RegisterChain chain, RegisterExport export, CaseManagement cases, JdbcClient jdbc, JsonMapper json) {
        this.chain = chain;
        this.export = export;
        this.cases = cases;
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Recomputes the whole hash chain: {@code intact} is true only if no sealed event was altered, removed or reordered. */
    @GetMapping("/api/register/verify")
    RegisterChain.Verification verify() {
        return chain.verify();
    }

    /**
     * The whole register as CSV, oldest first, with each event's place in the hash chain. Executives only: the register
     * holds every case, confidential ones included.
     */
    @GetMapping("/api/register/export.csv")
    ResponseEntity<StreamingResponseBody> export(Actor actor) {
        if (!actor.has(Role.EXECUTIVE)) {
            throw new AccessDeniedException("Only executives may export the whole register.");
        }
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"hearken-register.csv\"")
                .header("X-Content-Type-Options", "nosniff")
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .body(out -> export.write(new OutputStreamWriter(out, StandardCharsets.UTF_8), actor.staffId()));
    }

    /** The case's register entries, oldest first. */
    @GetMapping("/api/cases/{reference}/events")
    List<RegisterEntry> events(@PathVariable String reference, Actor actor) {
        long caseId = cases.idOf(reference, actor);
        return jdbc.sql("select id, case_reference, occurred_at, actor, type, payload::text from register_event where case_id = ? order by id")
                .param(caseId)
                .query((rs, n) -> new RegisterEntry(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                        rs.getString(4), rs.getString(5), json.readTree(rs.getString(6))))
                .list();
    }
}
