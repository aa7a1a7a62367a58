package org.hearken.intake;

import jakarta.validation.Valid;
import java.net.URI;
import org.hearken.cases.CaseView;
import org.hearken.identity.Actor;
import org.hearken.platform.InvalidRequestException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

@RestController
class CaseIntakeController {

    private final ApiIntake intake;

    CaseIntakeController(ApiIntake intake) {
        this.intake = intake;
    }

    /**
     * Logs a new case. With an {@code Idempotency-Key} header, a retry of the same request returns the case the first
     * attempt created (200, {@code Idempotent-Replayed: true}) instead of creating another.
     */
    @PostMapping("/api/cases")
    ResponseEntity<CaseView> open(@Valid @RequestBody CaseRequest request,
                                  @RequestHeader(name = "Idempotency-Key", required = false) String key,
                                  Actor actor) {
        if (key != null && (key.isBlank() || key.length() > 255 || !key.chars().allMatch(ch -> ch >= 0x21 && ch <= 0x7e))) {
            throw new InvalidRequestException("Idempotency-Key", "must be 1 to 255 visible ASCII characters");
        }
        ApiIntake.Result result;
        try {
            result = intake.open(request, actor, key);
        } catch (DuplicateKeyException raced) {
            if (key == null) {
                throw raced;
            }
            result = intake.replayAfterRace(request, actor, key);
        }
        if (result.replayed()) {
            return ResponseEntity.ok().header("Idempotent-Replayed", "true").body(result.view());
        }
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create("/api/cases/" + result.view().reference()))
                .body(result.view());
    }
}
