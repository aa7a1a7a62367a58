package org.hearken.register;

import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hearken.audit.SecurityAudit;
import org.hearken.identity.Role;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.hearken.cases.CaseManagement;
import org.hearken.identity.Actor;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
class RegisterController {

    private final RegisterChain chain;
    private final RegisterExport export;
    private final CaseManagement cases;
    private final CaseHistory history;
    private final SecurityAudit audit;

    RegisterController(RegisterChain chain, RegisterExport export, CaseManagement cases, CaseHistory history, SecurityAudit audit) {
        this.audit = audit;
        this.chain = chain;
        this.export = export;
        this.cases = cases;
        this.history = history;
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
        audit.record(actor.username(), SecurityAudit.Action.EXPORTED, "register", SecurityAudit.Outcome.SUCCESS,
                java.util.Map.of("file", "register CSV"));
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"hearken-register.csv\"")
                .header("X-Content-Type-Options", "nosniff")
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .body(out -> export.write(new OutputStreamWriter(out, StandardCharsets.UTF_8), actor.staffId()));
    }

    /** The case's register entries, oldest first. */
    @GetMapping("/api/cases/{reference}/events")
    List<RegisterEntry> events(@PathVariable String reference, Actor actor) {
        return history.of(cases.idOf(reference, actor));
    }
}
