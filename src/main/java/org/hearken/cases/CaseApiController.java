package org.hearken.cases;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.time.OffsetDateTime;
import org.hearken.identity.Actor;
import org.hearken.platform.NotFoundException;
import org.hearken.policy.Channel;
import org.hearken.policy.FeedbackKind;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/cases")
class CaseApiController {

    static final String LIST_EXAMPLE = """
            {"items": [{"reference": "HK-2026-000042", "kind": "COMPLAINT", "channel": "EMAIL", "status": "ACKNOWLEDGED",
                        "department": {"id": "WASTE", "name": "Waste services"}, "owner": {"id": "grace", "name": "Grace Hopper"},
                        "confidential": false, "version": 2, "updatedAt": "2026-12-19T09:12:44+11:00"}],
             "next": "dTE3OTU1NjEzMDAwMDAwMDA6NDI"}""";

    private final CaseManagement cases;

    CaseApiController(CaseManagement cases) {
        this.cases = cases;
    }

    @GetMapping("/{reference}")
    org.springframework.http.ResponseEntity<CaseView> get(@PathVariable String reference, Actor actor) {
        CaseView c = cases.find(reference, actor).orElseThrow(() -> new NotFoundException("No case " + reference));
        cases.opened(c, actor, "API");
        return CaseActionController.withEtag(c);
    }

    /**
     * Newest first, {@code limit} per page (at most 200); pass the returned {@code next} as {@code after} for more. With
     * {@code updatedSince}, the cases changed at or after that instant, oldest change first, for polling.
     */
    @GetMapping
    @Operation(
            summary = "List cases, newest first, or changed since an instant (updatedSince)",
            responses =
                    @ApiResponse(
                            responseCode = "200",
                            description = "A page of cases; pass `next` as `after` for the following one",
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = CasePage.class),
                                            examples = @ExampleObject(name = "changed since", value = LIST_EXAMPLE))))
    CasePage list(
            @RequestParam(required = false) CaseStatus status,
            @RequestParam(required = false) FeedbackKind kind,
            @RequestParam(required = false) Channel channel,
            @RequestParam(required = false) String department,
            @RequestParam(required = false) String owner,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
                    OffsetDateTime receivedFrom,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
                    OffsetDateTime receivedTo,
            @RequestParam(required = false) String after,
            @RequestParam(defaultValue = "50") int limit,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
                    OffsetDateTime updatedSince,
            Actor actor) {
        return cases.search(
                new CaseQuery(
                        status,
                        kind,
                        channel,
                        department,
                        owner,
                        null,
                        receivedFrom == null ? null : receivedFrom.toInstant(),
                        receivedTo == null ? null : receivedTo.toInstant(),
                        after,
                        limit,
                        updatedSince == null ? null : updatedSince.toInstant()),
                actor);
    }
}
