package org.hearken.cases;

import jakarta.validation.Valid;
import java.util.Map;
import org.hearken.identity.Actor;
import org.hearken.platform.InvalidRequestException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * One endpoint per lifecycle action, {@code POST /api/cases/{reference}/{action}}. Each answers with the updated case
 * and its version as {@code ETag}; send that back as {@code If-Match} to be sure nobody changed the case in between
 * (412 if someone did). An action the case's state does not allow gets 409 listing the allowed actions.
 */
@RestController
@RequestMapping("/api/cases/{reference}")
class CaseActionController {

    private final CaseLifecycle lifecycle;

    CaseActionController(CaseLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    static ResponseEntity<CaseView> withEtag(CaseView view) {
        return ResponseEntity.ok().eTag("\"" + view.version() + "\"").body(view);
    }

    /** Parses {@code "3"}, {@code W/"3"} or {@code 3}; absent means "whatever version is current". */
    static Integer version(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) {
            return null;
        }
        String v = ifMatch.strip();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        v = v.replace("\"", "");
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("If-Match", "must be the case's ETag, e.g. \"3\"");
        }
    }

    @GetMapping("/acknowledgement-text")
    Map<String, String> acknowledgementText(@PathVariable String reference, Actor actor) {
        return Map.of("text", lifecycle.acknowledgementText(reference, actor));
    }

    /** Gives a member of staff sight of the case by name (need-to-know on a confidential case). */
    @PostMapping("/named-staff")
    ResponseEntity<CaseView> nameStaff(
            @PathVariable String reference,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @Valid @RequestBody CaseCommands.NameStaff body,
            Actor actor) {
        return withEtag(lifecycle.nameStaff(reference, version(ifMatch), body, actor));
    }

    /** Records that the complaint is about a member of staff; they never see the case again. */
    @PostMapping("/about-staff")
    ResponseEntity<CaseView> aboutStaff(
            @PathVariable String reference,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @Valid @RequestBody CaseCommands.AboutStaff body,
            Actor actor) {
        return withEtag(lifecycle.markAboutStaff(reference, version(ifMatch), body, actor));
    }

    /** Takes a member of staff off the staff the complaint is about, with the reason; executives and the case's managers. */
    @PostMapping("/remove-about-staff")
    ResponseEntity<CaseView> removeAboutStaff(
            @PathVariable String reference,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @Valid @RequestBody CaseCommands.RemoveAboutStaff body,
            Actor actor) {
        return withEtag(lifecycle.removeAboutStaff(reference, version(ifMatch), body, actor));
    }

    /** Adds an internal note (the case's version does not change, so no {@code If-Match}). */
    @PostMapping("/notes")
    ResponseEntity<CaseView> addNote(
            @PathVariable String reference, @Valid @RequestBody CaseCommands.AddNote body, Actor actor) {
        return withEtag(lifecycle.addNote(reference, body, actor));
    }

    @PostMapping("/acknowledge")
    @io.swagger.v3.oas.annotations.Operation(
            summary = "Record that the customer was acknowledged",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content =
                                    @io.swagger.v3.oas.annotations.media.Content(
                                            mediaType = "application/json",
                                            schema =
                                                    @io.swagger.v3.oas.annotations.media.Schema(
                                                            implementation = CaseCommands.Acknowledge.class),
                                            examples =
                                                    @io.swagger.v3.oas.annotations.media.ExampleObject(
                                                            name = "by phone",
                                                            value = """
                                            {"via": "PHONE_CALL", "at": "2026-12-19T09:10:00+11:00",
                                             "note": "Rang Ada and explained the next steps"}"""))))
    ResponseEntity<CaseView> acknowledge(
            @PathVariable String reference,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @Valid @RequestBody CaseCommands.Acknowledge body,
            Actor actor) {
        return withEtag(lifecycle.acknowledge(reference, version(ifMatch), body, actor));
    }

    @PostMapping("/refer")
    ResponseEntity<CaseView> refer(
            @PathVariable String reference,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @Valid @RequestBody CaseCommands.Refer body,
            Actor actor) {
        return withEtag(lifecycle.refer(reference, version(ifMatch), body, actor));
    }

    @PostMapping("/accept-referral")
    ResponseEntity<CaseView> acceptReferral(
            @PathVariable String reference,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            Actor actor) {
        return withEtag(lifecycle.acceptReferral(reference, version(ifMatch), actor));
    }

    @PostMapping("/decline-referral")
    ResponseEntity<CaseView> declineReferral(
            @PathVariable String reference,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @Valid @RequestBody CaseCommands.DeclineReferral body,
            Actor actor) {
        return withEtag(lifecycle.declineReferral(reference, version(ifMatch), body, actor));
    }

    @PostMapping("/assign")
    ResponseEntity<CaseView> assign(
            @PathVariable String reference,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @Valid @RequestBody CaseCommands.Assign body,
            Actor actor) {
        return withEtag(lifecycle.assign(reference, version(ifMatch), body, actor));
    }

    @PostMapping("/interim-response")
    ResponseEntity<CaseView> interimResponse(
            @PathVariable String reference,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @Valid @RequestBody CaseCommands.InterimResponse body,
            Actor actor) {
        return withEtag(lifecycle.interimResponse(reference, version(ifMatch), body, actor));
    }

    @PostMapping("/respond")
    ResponseEntity<CaseView> respond(
            @PathVariable String reference,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @Valid @RequestBody CaseCommands.Respond body,
            Actor actor) {
        return withEtag(lifecycle.respond(reference, version(ifMatch), body, actor));
    }

    @PostMapping("/add-remedy")
    ResponseEntity<CaseView> addRemedy(
            @PathVariable String reference,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @Valid @RequestBody CaseCommands.RemedyInput body,
            Actor actor) {
        return withEtag(lifecycle.addRemedy(reference, version(ifMatch), body, actor));
    }

    @PostMapping("/update-remedy")
    ResponseEntity<CaseView> updateRemedy(
            @PathVariable String reference,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @Valid @RequestBody CaseCommands.UpdateRemedy body,
            Actor actor) {
        return withEtag(lifecycle.updateRemedy(reference, version(ifMatch), body, actor));
    }

    @PostMapping("/extend")
    ResponseEntity<CaseView> extend(
            @PathVariable String reference,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @Valid @RequestBody CaseCommands.Extend body,
            Actor actor) {
        return withEtag(lifecycle.extend(reference, version(ifMatch), body, actor));
    }

    @PostMapping("/close")
    ResponseEntity<CaseView> close(
            @PathVariable String reference,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @Valid @RequestBody(required = false) CaseCommands.Close body,
            Actor actor) {
        return withEtag(lifecycle.close(reference, version(ifMatch), body, actor));
    }

    @PostMapping("/reopen")
    ResponseEntity<CaseView> reopen(
            @PathVariable String reference,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @Valid @RequestBody CaseCommands.Reopen body,
            Actor actor) {
        return withEtag(lifecycle.reopen(reference, version(ifMatch), body, actor));
    }

    /** The kind or channel was recorded in error; the due dates are worked out again under the case's policy. */
    @PostMapping("/reclassify")
    ResponseEntity<CaseView> reclassify(
            @PathVariable String reference,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @Valid @RequestBody CaseCommands.Reclassify body,
            Actor actor) {
        return withEtag(lifecycle.reclassify(reference, version(ifMatch), body, actor));
    }

    @PostMapping("/request-review")
    ResponseEntity<CaseView> requestReview(
            @PathVariable String reference,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @Valid @RequestBody CaseCommands.RequestReview body,
            Actor actor) {
        return withEtag(lifecycle.requestReview(reference, version(ifMatch), body, actor));
    }

    @PostMapping("/assign-reviewer")
    ResponseEntity<CaseView> assignReviewer(
            @PathVariable String reference,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @Valid @RequestBody CaseCommands.AssignReviewer body,
            Actor actor) {
        return withEtag(lifecycle.assignReviewer(reference, version(ifMatch), body, actor));
    }

    @PostMapping("/decide-review")
    ResponseEntity<CaseView> decideReview(
            @PathVariable String reference,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @Valid @RequestBody CaseCommands.DecideReview body,
            Actor actor) {
        return withEtag(lifecycle.decideReview(reference, version(ifMatch), body, actor));
    }

    @PostMapping("/acknowledge-review")
    ResponseEntity<CaseView> acknowledgeReview(
            @PathVariable String reference,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @Valid @RequestBody(required = false) CaseCommands.AcknowledgeReview body,
            Actor actor) {
        return withEtag(lifecycle.acknowledgeReview(reference, version(ifMatch), body, actor));
    }
}
