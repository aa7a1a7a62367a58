package org.hearken.register;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hearken.audit.SecurityAudit;
import org.hearken.cases.CaseManagement;
import org.hearken.identity.Actor;
import org.hearken.identity.Role;
import org.hearken.platform.InvalidRequestException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

@RestController
class RegisterController {

    /** The most checkpoints one answer lists; {@code next} asks for the ones after them. */
    static final int CHECKPOINTS_PER_PAGE = 1000;

    /** The signed checkpoints, with the public keys that verify them. */
    record CheckpointList(
            String algorithm,
            String keyId,
            String publicKey,
            Map<String, String> trustedPublicKeys,
            List<Checkpoint.View> checkpoints,
            String next) {}

    /** Checkpoints to check besides the stored ones: an exported list (or the whole export document) as it was saved. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record SuppliedCheckpoints(List<Checkpoint.View> checkpoints) {}

    private final RegisterChain chain;
    private final RegisterCheckpoints checkpoints;
    private final RegisterKey key;
    private final RegisterExport export;
    private final CaseManagement cases;
    private final CaseHistory history;
    private final SecurityAudit audit;

    RegisterController(
            RegisterChain chain,
            RegisterCheckpoints checkpoints,
            RegisterKey key,
            RegisterExport export,
            CaseManagement cases,
            CaseHistory history,
            SecurityAudit audit) {
        this.audit = audit;
        this.chain = chain;
        this.checkpoints = checkpoints;
        this.key = key;
        this.export = export;
        this.cases = cases;
        this.history = history;
    }

    /**
     * Recomputes the whole hash chain and checks every signed checkpoint: {@code intact} is true only if no sealed event
     * was altered, removed or reordered, and the chain still has the hash each checkpoint signed.
     */
    @GetMapping("/api/register/verify")
    RegisterChain.Verification verify() {
        return chain.verify();
    }

    /** As {@code GET}, and also checks checkpoints exported earlier and kept elsewhere (posted as they were exported). */
    @PostMapping("/api/register/verify")
    RegisterChain.Verification verify(@RequestBody SuppliedCheckpoints supplied) {
        List<Checkpoint.View> views = supplied.checkpoints() == null ? List.of() : supplied.checkpoints();
        List<Checkpoint> parsed = new ArrayList<>();
        for (int i = 0; i < views.size(); i++) {
            parsed.add(parse(views.get(i), "checkpoints[" + i + "]"));
        }
        return chain.verify(parsed);
    }

    private static Checkpoint parse(Checkpoint.View view, String field) {
        if (view == null
                || view.signedAt() == null
                || view.keyId() == null
                || view.headHash() == null
                || view.signature() == null) {
            throw new InvalidRequestException(
                    field, "needs number, position, headHash, signedAt, keyId and signature, as exported");
        }
        try {
            Checkpoint checkpoint = view.checkpoint();
            if (checkpoint.headHash().length != 32) {
                throw new InvalidRequestException(field + ".headHash", "must be 64 hexadecimal digits");
            }
            return checkpoint;
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(field, "headHash must be hexadecimal and signature Base64, as exported");
        }
    }

    /** The signed checkpoints, oldest first, a thousand at a time, with the public keys to check them by. */
    @GetMapping("/api/register/checkpoints")
    CheckpointList checkpoints(@RequestParam(defaultValue = "0") long after) {
        List<Checkpoint> page = checkpoints.after(after, CHECKPOINTS_PER_PAGE);
        String next = page.size() < CHECKPOINTS_PER_PAGE
                ? null
                : "/api/register/checkpoints?after=" + page.getLast().number();
        return new CheckpointList(
                "Ed25519",
                key.keyId(),
                key.publicKeyPem(),
                key.trustedPublicKeysPem(),
                page.stream().map(Checkpoint::view).toList(),
                next);
    }

    /** The register key's public half (PEM), to publish: with it anyone can check an exported checkpoint. */
    @GetMapping("/api/register/public-key")
    ResponseEntity<String> publicKey() {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/x-pem-file"))
                .body(key.publicKeyPem());
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
        audit.record(
                actor.username(),
                SecurityAudit.Action.EXPORTED,
                "register",
                SecurityAudit.Outcome.SUCCESS,
                java.util.Map.of("file", "register CSV"));
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"hearken-register.csv\"")
                .header("X-Content-Type-Options", "nosniff")
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .body(out -> export.write(
                        new OutputStreamWriter(out, StandardCharsets.UTF_8), cases.complaintsAbout(actor.staffId())));
    }

    /** The case's register entries, oldest first. */
    @GetMapping("/api/cases/{reference}/events")
    List<RegisterEntry> events(@PathVariable String reference, Actor actor) {
        return history.of(cases.idOfRead(reference, actor, "its events (API)"));
    }
}
