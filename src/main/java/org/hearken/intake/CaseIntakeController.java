package org.hearken.intake;

import jakarta.validation.Valid;
import java.net.URI;
import org.hearken.cases.CaseView;
import org.hearken.identity.Actor;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

@RestController
class CaseIntakeController {

    private final CaseIntake intake;

    CaseIntakeController(CaseIntake intake) {
        this.intake = intake;
    }

    /**
     * Logs a new case. With an {@code Idempotency-Key} header, a retry of the same request returns the case the first
     * attempt created (200, {@code Idempotent-Replayed: true}) instead of creating another.
     */
    @PostMapping("/api/cases")
    ResponseEntity<CaseView> open(
            @Valid @RequestBody CaseRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false) String key,
            Actor actor) {
        CaseIntake.Logged result = intake.open(request, actor, key);
        if (result.replayed()) {
            return ResponseEntity.ok().header("Idempotent-Replayed", "true").body(result.view());
        }
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create("/api/cases/" + result.view().reference()))
                .body(result.view());
    }
}
