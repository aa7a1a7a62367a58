package org.hearken.intake;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hearken.platform.Downloads;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Service;

/**
 * Files that came with a case, for pages that list them and offer them for download. It does not check who is
 * asking: callers look the case up through the cases module first, which applies the visibility rule.
 */
@Service
public class CaseAttachments {

    /** {@code tooLarge}: only the name and size were kept. */
    public record Attachment(
            long id, String filename, String contentType, long size, boolean tooLarge, Instant receivedAt) {}

    private final IntakeMailRepository mail;

    CaseAttachments(IntakeMailRepository mail) {
        this.mail = mail;
    }

    public List<Attachment> of(long caseId) {
        return mail.attachments(caseId).stream()
                .map(a -> new Attachment(a.id(), a.filename(), a.contentType(), a.size(), a.tooLarge(), a.createdAt()))
                .toList();
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
}
