package org.hearken.intake;

import java.net.URI;
import java.util.List;
import org.hearken.cases.CaseManagement;
import org.hearken.identity.Actor;
import org.hearken.platform.Downloads;
import org.hearken.platform.NotFoundException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * A case's files (from the customer's e-mail, the public form or the status page, or added by staff), for whoever may
 * see the case; always served as downloads. Whoever may act on the case may add one.
 */
@RestController
@RequestMapping("/api/cases/{reference}/attachments")
class CaseAttachmentController {

    private final CaseManagement cases;
    private final IntakeMailRepository mail;
    private final CaseAttachments attachments;

    CaseAttachmentController(CaseManagement cases, IntakeMailRepository mail, CaseAttachments attachments) {
        this.cases = cases;
        this.mail = mail;
        this.attachments = attachments;
    }

    @GetMapping
    List<CaseAttachments.Attachment> list(@PathVariable String reference, Actor actor) {
        return mail.attachments(cases.idOfRead(reference, actor, "its attachments (API)"));
    }

    /** Adds a file (the multipart field {@code file}); answers 201 with what was stored. */
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<CaseAttachments.Attachment> add(
            @PathVariable String reference,
            @RequestParam(name = "file", required = false) MultipartFile file,
            Actor actor) {
        CaseAttachments.Attachment added = attachments.add(reference, file, actor);
        return ResponseEntity.created(URI.create("/api/cases/" + reference + "/attachments/" + added.id()))
                .body(added);
    }

    @GetMapping("/{id}")
    ResponseEntity<byte[]> download(@PathVariable String reference, @PathVariable long id, Actor actor) {
        long caseId = cases.idOfRead(reference, actor, "an attachment (API)");
        IntakeMailRepository.AttachmentData file = mail.attachment(caseId, id)
                .orElseThrow(() -> new NotFoundException("No attachment " + id + " on case " + reference));
        if (file.tooLarge()) {
            throw new NotFoundException(
                    "Attachment " + id + " was larger than the size limit, so only its name and size were kept.");
        }
        return Downloads.of(file.filename(), file.data());
    }
}
