package org.hearken.intake;

import java.util.List;
import org.hearken.cases.CaseManagement;
import org.hearken.identity.Actor;
import org.hearken.platform.Downloads;
import org.hearken.platform.NotFoundException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Files that came with a case's e-mail, for whoever may see the case; always served as downloads. */
@RestController
@RequestMapping("/api/cases/{reference}/attachments")
class CaseAttachmentController {

    private final CaseManagement cases;
    private final IntakeMailRepository mail;

    CaseAttachmentController(CaseManagement cases, IntakeMailRepository mail) {
        this.cases = cases;
        this.mail = mail;
    }

    @GetMapping
    List<IntakeMailRepository.AttachmentInfo> list(@PathVariable String reference, Actor actor) {
        return mail.attachments(cases.idOfRead(reference, actor, "its attachments (API)"));
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
