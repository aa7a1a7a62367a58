package org.hearken.whatif;

import java.util.List;
import java.util.stream.Collectors;
import org.hearken.identity.Actor;
import org.hearken.policy.PolicyProblem;
import org.hearken.policy.PolicyValidationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/whatif}: replay a period's cases under another policy version, for managers and executives. */
@RestController
class WhatIfApiController {

    record ProblemLocation(int line, Integer column, String message) {}

    private final WhatIf whatIf;

    WhatIfApiController(WhatIf whatIf) {
        this.whatIf = whatIf;
    }

    @PostMapping("/api/whatif")
    WhatIf.Response run(@RequestBody WhatIf.Request request, Actor actor) {
        return whatIf.run(request, actor);
    }

    @ExceptionHandler(PolicyValidationException.class)
    ResponseEntity<ProblemDetail> invalidPolicy(PolicyValidationException e) {
        List<PolicyProblem> problems = e.problems();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST,
                "policyYaml: the policy document has "
                        + (problems.size() == 1 ? "1 problem" : problems.size() + " problems") + ". "
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
