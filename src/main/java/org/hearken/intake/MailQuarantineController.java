package org.hearken.intake;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.hearken.cases.CaseManagement;
import org.hearken.cases.CaseView;
import org.hearken.identity.Actor;
import org.hearken.identity.Role;
import org.hearken.platform.Downloads;
import org.hearken.platform.InvalidRequestException;
import org.hearken.platform.NotFoundException;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * E-mail that could not be taken in, kept exactly as received, for administrators to look into, retry or dismiss.
 * Every endpoint is for administrators only; errors are RFC 9457 problem details.
 */
@RestController
@RequestMapping("/api/mail/quarantine")
@Tag(name = "Mail quarantine", description = "E-mail that could not be taken in (administrators only)")
@ApiResponse(responseCode = "403", description = "The caller is not an administrator")
class MailQuarantineController {

    static final int MAX_LIST = 200;

    /** Body of a dismissal; the reason is optional. */
    record DismissRequest(String reason) {}

    /** A message that is or was in the quarantine; {@code caseReference} once a retry made it part of a case. */
    record QuarantineView(
            long id,
            String mailbox,
            IntakeMailRepository.Status status,
            java.time.Instant fetchedAt,
            String problem,
            int size,
            String caseReference,
            List<IntakeMailRepository.ActionTaken> actions) {}

    private final IntakeMailRepository mail;
    private final MailQuarantine quarantine;
    private final CaseManagement cases;

    MailQuarantineController(IntakeMailRepository mail, MailQuarantine quarantine, CaseManagement cases) {
        this.mail = mail;
        this.quarantine = quarantine;
        this.cases = cases;
    }

    @GetMapping
    @Operation(
            summary = "List quarantined e-mail",
            description =
                    "Newest first, at most `limit` (default 50, at most 200). `status=DISMISSED` lists the messages "
                            + "administrators dismissed instead.")
    List<IntakeMailRepository.Quarantined> list(
            @RequestParam(defaultValue = "50") int limit,
            @Parameter(schema = @Schema(allowableValues = {"QUARANTINED", "DISMISSED"}))
                    @RequestParam(defaultValue = "QUARANTINED")
                    String status,
            Actor actor) {
        requireAdmin(actor);
        IntakeMailRepository.Status wanted = switch (status) {
            case "QUARANTINED" -> IntakeMailRepository.Status.QUARANTINED;
            case "DISMISSED" -> IntakeMailRepository.Status.DISMISSED;
            default -> throw new InvalidRequestException("status", "must be QUARANTINED or DISMISSED");
        };
        return mail.quarantined(wanted, Math.clamp(limit, 1, MAX_LIST));
    }

    @GetMapping("/{id}")
    @Operation(
            summary = "One quarantined e-mail and what administrators did with it",
            description =
                    "For a message in the quarantine, dismissed from it, or once retried from it: its status now, the "
                            + "problem, the case it became part of (`caseReference`), and every retry and dismissal with who took it, "
                            + "when and what became of the message. A message that became part of a case the caller may not see "
                            + "answers 404.")
    @ApiResponse(responseCode = "200", description = "The message")
    @ApiResponse(responseCode = "404", description = "No such message in the quarantine's history")
    QuarantineView one(@PathVariable long id, Actor actor) {
        requireAdmin(actor);
        return view(id, actor);
    }

    @GetMapping("/{id}/raw")
    @Operation(
            summary = "The message exactly as it was fetched",
            description =
                    "Always a download (`application/octet-stream`, `Content-Disposition: attachment`, `nosniff`), "
                            + "to open in a mail program.")
    ResponseEntity<byte[]> raw(@PathVariable long id, Actor actor) {
        requireAdmin(actor);
        view(id, actor);
        byte[] raw =
                mail.everQuarantinedRaw(id).orElseThrow(() -> new NotFoundException("No quarantined e-mail " + id));
        return Downloads.of("quarantined-" + id + ".eml", raw);
    }

    @PostMapping("/{id}/retry")
    @Operation(
            summary = "Process a quarantined e-mail again",
            description =
                    "After the cause was fixed: the message is processed exactly as intake would, and becomes a case, "
                            + "a reply on its case, or ignored automatic mail; if it still cannot be read it stays quarantined with "
                            + "the new problem (`status: QUARANTINED`). Either way the retry is recorded. `caseReference` is given "
                            + "when the caller may see the case.")
    @ApiResponse(responseCode = "200", description = "The retry was made; `status` says what became of the message")
    @ApiResponse(responseCode = "404", description = "No such e-mail")
    @ApiResponse(
            responseCode = "409",
            description = "The message is not in the quarantine, the server never handed it over, "
                    + "or e-mail cannot be taken in just now (the detail says what to fix); nothing was changed")
    MailQuarantine.RetryOutcome retry(@PathVariable long id, Actor actor) {
        requireAdmin(actor);
        return quarantine.retry(id, actor);
    }

    @PostMapping("/{id}/dismiss")
    @Operation(
            summary = "Dismiss a quarantined e-mail",
            description =
                    "Takes the message out of the quarantine for good (spam, or logged by hand). It is kept, raw, and "
                            + "the dismissal is recorded with the optional `reason` (at most 1000 characters).")
    @ApiResponse(responseCode = "200", description = "Dismissed; the message as it now stands")
    @ApiResponse(responseCode = "400", description = "The reason is too long")
    @ApiResponse(responseCode = "404", description = "No such e-mail")
    @ApiResponse(responseCode = "409", description = "The message is not in the quarantine; nothing was changed")
    QuarantineView dismiss(@PathVariable long id, @RequestBody(required = false) DismissRequest body, Actor actor) {
        requireAdmin(actor);
        quarantine.dismiss(id, body == null ? null : body.reason(), actor);
        return view(id, actor);
    }

    /**
     * The message as the caller may see it. Once a retry made it part of a case, it is that case's mail: shown only to
     * those who may see the case (an administrator does not see a confidential case, for one).
     */
    private QuarantineView view(long id, Actor actor) {
        IntakeMailRepository.QuarantineEntry e =
                mail.quarantineEntry(id).orElseThrow(() -> new NotFoundException("No quarantined e-mail " + id));
        String reference = null;
        if (e.caseId() != null) {
            reference = cases.find(e.caseId(), actor)
                    .map(CaseView::reference)
                    .orElseThrow(() -> new NotFoundException("No quarantined e-mail " + id));
        }
        return new QuarantineView(
                e.id(), e.mailbox(), e.status(), e.fetchedAt(), e.problem(), e.size(), reference, e.actions());
    }

    private static void requireAdmin(Actor actor) {
        if (!actor.has(Role.ADMIN)) {
            throw new AccessDeniedException("Only administrators may see or act on quarantined e-mail.");
        }
    }
}
