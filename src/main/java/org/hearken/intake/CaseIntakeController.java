package org.hearken.intake;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
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

    static final String EXAMPLE_REQUEST = """
            {"kind": "COMPLAINT", "channel": "EMAIL", "receivedAt": "2026-12-18T18:30:00+11:00",
             "subject": "Bin not collected", "description": "The green bin was missed twice.",
             "customer": {"name": "Ada Citizen", "email": "ada@example.net", "preferredReply": "EMAIL"},
             "department": "WASTE", "owner": "grace"}""";

    /** A case as the API answers it (the main fields; every answer has them all). */
    static final String EXAMPLE_CASE = """
            {"reference": "HK-2026-000042", "kind": "COMPLAINT", "channel": "EMAIL", "status": "RECEIVED",
             "receivedAt": "2026-12-18T18:30:00+11:00", "loggedAt": "2026-12-18T18:31:02+11:00",
             "subject": "Bin not collected", "description": "The green bin was missed twice.",
             "customer": {"name": "Ada Citizen", "email": "ada@example.net", "preferredReply": "EMAIL"},
             "customerId": 17, "department": {"id": "WASTE", "name": "Waste services"},
             "owner": {"id": "grace", "name": "Grace Hopper"}, "confidential": false, "policyVersion": 3,
             "acknowledgeBy": "2026-12-22T17:00:00+11:00", "respondBy": "2027-01-11T17:00:00+11:00",
             "allowedActions": ["acknowledge", "refer", "assign", "notes"], "version": 1,
             "updatedAt": "2026-12-18T18:31:02+11:00"}""";

    private final CaseIntake intake;

    CaseIntakeController(CaseIntake intake) {
        this.intake = intake;
    }

    /**
     * Logs a new case. With an {@code Idempotency-Key} header, a retry of the same request returns the case the first
     * attempt created (200, {@code Idempotent-Replayed: true}) instead of creating another.
     */
    @PostMapping("/api/cases")
    @Operation(
            summary = "Log a case",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = CaseRequest.class),
                                            examples =
                                                    @ExampleObject(
                                                            name = "complaint by e-mail",
                                                            value = EXAMPLE_REQUEST))),
            responses = {
                @ApiResponse(
                        responseCode = "201",
                        description = "Logged; `Location` names the new case",
                        content =
                                @Content(
                                        mediaType = "application/json",
                                        schema = @Schema(implementation = CaseView.class),
                                        examples = @ExampleObject(name = "logged", value = EXAMPLE_CASE))),
                @ApiResponse(
                        responseCode = "200",
                        description = "A retry with the same `Idempotency-Key`: the case the first request logged",
                        content =
                                @Content(
                                        mediaType = "application/json",
                                        schema = @Schema(implementation = CaseView.class)))
            })
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
