package org.hearken.intake;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hearken.cases.CaseEvents;
import org.hearken.cases.CaseLifecycle;
import org.hearken.cases.CaseView;
import org.hearken.identity.Actor;
import org.hearken.platform.Downloads;
import org.hearken.platform.FieldProblem;
import org.hearken.platform.InvalidRequestException;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.multipart.MultipartFile;

/**
 * Files kept with a case, for pages that list them and offer them for download, and files staff add. Listing and
 * downloading do not check who is asking: callers look the case up through the cases module first, which applies the
 * visibility rule. Adding goes through the cases module's permission rule.
 */
@Service
public class CaseAttachments {

    /** Where a file came from. */
    public enum Source {
        /** With an e-mail from the customer. */
        EMAIL,
        /** With the public feedback form. */
        WEB_FORM,
        /** Added by a member of staff. */
        STAFF,
        /** Sent by the customer with a message on the private status page. */
        STATUS_PAGE
    }

    /**
     * A file of a case. {@code tooLarge}: only the name and size were kept. {@code createdAt}: when Hearken stored it.
     * {@code uploadedBy}: the member of staff who added it (username and name), if one did.
     */
    public record Attachment(
            long id,
            String filename,
            String contentType,
            long size,
            boolean tooLarge,
            Instant createdAt,
            Source source,
            CaseView.Ref uploadedBy) {}

    private final IntakeMailRepository mail;
    private final CaseLifecycle lifecycle;
    private final FormAttachments rules;

    CaseAttachments(IntakeMailRepository mail, CaseLifecycle lifecycle, PublicFormSettings settings) {
        this.mail = mail;
        this.lifecycle = lifecycle;
        this.rules = FormAttachments.of(settings);
    }

    public List<Attachment> of(long caseId) {
        return mail.attachments(caseId);
    }

    /** A file of the case, whole, to send on (to the customer, say); empty if there is none or it was too large to keep. */
    public Optional<File> file(long caseId, long attachmentId) {
        String type = of(caseId).stream()
                .filter(a -> a.id() == attachmentId)
                .map(Attachment::contentType)
                .findFirst()
                .orElse("application/octet-stream");
        return mail.attachment(caseId, attachmentId)
                .filter(f -> !f.tooLarge())
                .map(f -> new File(f.filename(), type, f.data()));
    }

    /** A file's name, type and content. */
    public record File(String filename, String contentType, byte[] data) {}

    /** The file as a download that a browser never renders as a page; empty if there is none or it was too large to keep. */
    public Optional<ResponseEntity<byte[]>> download(long caseId, long attachmentId) {
        return mail.attachment(caseId, attachmentId)
                .filter(f -> !f.tooLarge())
                .map(f -> Downloads.of(f.filename(), f.data()));
    }

    /** What staff may add, in words for the form's hint: "One file at a time, no larger than 5 MB: PDF, JPG or TXT". */
    public String rulesInWords() {
        return "One file at a time, no larger than " + rules.sizeInWords() + ": " + rules.typesInWords();
    }

    /** For the {@code accept} attribute of the file input. */
    public String accept() {
        return rules.accept();
    }

    /**
     * Adds a file a member of staff chose to the case, checked as the public form checks its files (type, content,
     * size), and records it in the register, in one transaction.
     *
     * @throws InvalidRequestException ({@code file}) when no file was chosen or it is not one Hearken accepts
     * @throws org.hearken.platform.NotFoundException when the actor may not see the case
     * @throws org.springframework.security.access.AccessDeniedException when they may see it but not act on it
     */
    @Transactional
    public Attachment add(String reference, MultipartFile file, Actor actor) {
        FormAttachments.Checked checked = rules.check(rules.uploads(file == null ? List.of() : List.of(file)));
        if (!checked.problems().isEmpty()) {
            throw new InvalidRequestException(checked.problems().stream()
                    .map(p -> new FieldProblem("file", p))
                    .toList());
        }
        if (checked.accepted().isEmpty()) {
            throw new InvalidRequestException("file", "choose a file to add");
        }
        FormAttachments.Accepted accepted = checked.accepted().getFirst();
        CaseEvents.FileAdded added = lifecycle.addFile(reference, accepted.filename(), accepted.data().length, actor);
        return mail.addFile(added.caseId(), accepted, Source.STAFF, actor.staffId(), added.occurredAt());
    }
}
