package org.hearken.policy;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.hearken.identity.Actor;
import org.hearken.identity.Role;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** The service policy document: any member of staff may read it, only an administrator may replace it. */
@RestController
@RequestMapping("/api/policy")
class PolicyController {

    static final String YAML = "application/yaml";

    record ActivePolicyView(
            long id,
            int version,
            String name,
            Instant uploadedAt,
            String uploadedBy,
            boolean active,
            String document) {}

    record ProblemLocation(int line, Integer column, String message) {}

    private final ServicePolicies policies;

    PolicyController(ServicePolicies policies) {
        this.policies = policies;
    }

    /** 201 with the new version; 200 with the version in force when the document is the same as that version's. */
    @PutMapping(consumes = {YAML, "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain"})
    ResponseEntity<PolicyVersionInfo> replace(@RequestBody String yaml, Actor actor) {
        if (!actor.has(Role.ADMIN)) {
            throw new ResponseStatusException(
                    HttpStatus.FORBIDDEN, "Only an administrator may change the service policy");
        }
        return policies.uploadIfChanged(yaml, actor.username())
                .map(v -> ResponseEntity.created(URI.create("/api/policy/versions/" + v.version()))
                        .body(v))
                .orElseGet(() -> ResponseEntity.ok(policies.activeDocument().info()));
    }

    @GetMapping
    ActivePolicyView active() {
        PolicyDocument d = policies.activeDocument();
        PolicyVersionInfo i = d.info();
        return new ActivePolicyView(
                i.id(), i.version(), i.name(), i.uploadedAt(), i.uploadedBy(), i.active(), d.yaml());
    }

    @GetMapping("/versions")
    List<PolicyVersionInfo> versions() {
        return policies.versions();
    }

    /** The document exactly as uploaded. */
    @GetMapping(
            value = "/versions/{version}",
            produces = {YAML, "text/plain"})
    ResponseEntity<String> version(@PathVariable int version) {
        return policies.document(version)
                .map(d -> ResponseEntity.ok(d.yaml()))
                .orElseThrow(() -> new ResponseStatusException(
                        HttpStatus.NOT_FOUND, "There is no service policy version " + version));
    }

    @ExceptionHandler(PolicyValidationException.class)
    ResponseEntity<ProblemDetail> invalid(PolicyValidationException e) {
        List<PolicyProblem> problems = e.problems();
        String count = problems.size() == 1 ? "1 problem" : problems.size() + " problems";
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST,
                "The policy document has " + count + "; nothing was changed. "
                        + problems.stream()
                                .limit(5)
                                .map(PolicyProblem::toString)
                                .collect(Collectors.joining("; "))
                        + (problems.size() > 5 ? "; …" : ""));
        problem.setTitle("Invalid policy document");
        problem.setProperty(
                "errors",
                problems.stream()
                        .map(p -> new ProblemLocation(p.line(), p.column(), p.message()))
                        .toList());
        return ResponseEntity.badRequest().body(problem);
    }
}
