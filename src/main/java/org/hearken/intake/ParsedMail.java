package org.hearken.intake;

import java.time.Instant;
import java.util.List;

/**
 * A message as intake uses it: every text already single-line or cleaned, in UTF-8, and never longer than the case
 * allows. {@code automatic} says why the message was judged automatic (an auto-reply or a bounce), or is null;
 * {@code noAutomaticAnswer} says why a message a person wrote must get no automatic answer, or is null.
 */
record ParsedMail(
        String messageId,
        List<String> inReplyTo,
        List<String> references,
        String fromAddress,
        String fromName,
        Instant date,
        String subject,
        String text,
        String automatic,
        String noAutomaticAnswer,
        List<Attachment> attachments) {

    /** A file that came with the message; {@code data} is null when it was larger than the limit. */
    record Attachment(String filename, String contentType, long size, byte[] data) {

        boolean tooLarge() {
            return data == null;
        }
    }
}
