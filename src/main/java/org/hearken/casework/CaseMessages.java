package org.hearken.casework;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.hearken.cases.CaseAction;
import org.hearken.cases.CaseLifecycle;
import org.hearken.correspondence.Composer;
import org.hearken.correspondence.OutgoingFile;
import org.hearken.identity.Actor;
import org.hearken.intake.CaseAttachments;
import org.hearken.platform.InvalidRequestException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writing to the customer from the case, for the case page and the API: who may (the cases module's one permission
 * rule, {@link CaseAction#WRITE_TO_CUSTOMER}), the case's files to send with it, and the correspondence module's
 * composer for the words, the preview and the sending. Sending happens in one transaction: the message is queued (or
 * the letter written) and the register records it together, or neither.
 */
@Service
class CaseMessages {

    /** A message as the page or the API gives it: the channel, the subject, the words and the case's files to send. */
    record Request(
            Composer.Channel channel,
            String subject,
            String text,
            List<Long> attachments,
            Composer.Representative to) {}

    private final CaseLifecycle lifecycle;
    private final Composer composer;
    private final CaseAttachments files;

    CaseMessages(CaseLifecycle lifecycle, Composer composer, CaseAttachments files) {
        this.lifecycle = lifecycle;
        this.composer = composer;
        this.files = files;
    }

    @Transactional(readOnly = true)
    public Map<String, String> start(String reference, String from, Actor actor) {
        return composer.start(caseId(reference, actor), from);
    }

    /** The texts to start from on a case the caller has already found the person may write about. */
    @Transactional(readOnly = true)
    public List<Composer.Start> starts(long caseId) {
        return composer.starts(caseId);
    }

    /** What the customer will receive for an answer recorded with these words; null when Hearken sends nothing. */
    @Transactional(readOnly = true)
    public Composer.Preview previewAnswer(
            String reference,
            Composer.Answer answer,
            Composer.Channel channel,
            String words,
            String newRemedy,
            Actor actor) {
        return composer.previewAnswer(
                lifecycle.authorise(reference, CaseAction.WRITE_TO_CUSTOMER, actor), answer, channel, words, newRemedy);
    }

    @Transactional(readOnly = true)
    public Composer.Preview preview(String reference, Request r, Actor actor) {
        long caseId = caseId(reference, actor);
        return composer.preview(caseId, draft(caseId, r));
    }

    @Transactional
    public Composer.Sent send(String reference, Request r, Actor actor) {
        long caseId = caseId(reference, actor);
        Composer.Sent sent = composer.send(caseId, draft(caseId, r), actor.username());
        // Telling the customer how things stand is a progress update, where the case's rule pack asks for them.
        lifecycle.recordProgressMessage(reference, actor);
        return sent;
    }

    private long caseId(String reference, Actor actor) {
        return lifecycle.authorise(reference, CaseAction.WRITE_TO_CUSTOMER, actor);
    }

    private Composer.Draft draft(long caseId, Request r) {
        List<OutgoingFile> attached = new ArrayList<>();
        for (Long id : new LinkedHashSet<>(r.attachments() == null ? List.<Long>of() : r.attachments())) {
            CaseAttachments.File f = id == null ? null : files.file(caseId, id).orElse(null);
            if (f == null) {
                throw new InvalidRequestException(
                        "attachments", "names a file that is not on this case (or was too large to keep): " + id);
            }
            attached.add(new OutgoingFile(f.filename(), f.contentType(), f.data()));
        }
        return new Composer.Draft(r.channel(), r.subject(), r.text(), attached, r.to());
    }
}
