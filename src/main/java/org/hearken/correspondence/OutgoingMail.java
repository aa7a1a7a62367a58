package org.hearken.correspondence;

import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** Turns an outbox row into the MIME message that goes over SMTP. */
final class OutgoingMail {

    private OutgoingMail() {}

    /**
     * Keeps the Message-ID it is given. JavaMail otherwise invents a new one on every save, and a retry would then look
     * like a different message to the receiving side.
     */
    static final class StableIdMessage extends MimeMessage {
        private final String messageId;

        StableIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }

    /** Header values come from templates and customers' words: any line break or control character becomes a space. */
    static String singleLine(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints()
                .forEach(cp ->
                        out.appendCodePoint(Character.isISOControl(cp) || cp == 0x2028 || cp == 0x2029 ? ' ' : cp));
        return out.toString().replaceAll(" {2,}", " ").strip();
    }

    /** A stored content type as a header may carry it: a plain {@code type/subtype}, else octet-stream. */
    static String mediaType(String contentType) {
        String t = contentType == null ? "" : contentType.strip();
        int semicolon = t.indexOf(';');
        if (semicolon >= 0) {
            t = t.substring(0, semicolon).strip();
        }
        return t.matches("[A-Za-z0-9!#$&^_.+-]{1,64}/[A-Za-z0-9!#$&^_.+-]{1,64}") ? t : "application/octet-stream";
    }

    /** A file name as a header may carry it: one line, RFC 2047-encoded when it is not plain ASCII. */
    private static String encoded(String filename) {
        try {
            return MimeUtility.encodeText(singleLine(filename), StandardCharsets.UTF_8.name(), null);
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is always supported", e);
        }
    }

    /** The customer's message this one answers and the thread's Message-IDs, space-separated; either may be null. */
    record Threading(String inReplyTo, String references) {}

    static MimeMessage build(
            Session session,
            String messageId,
            InternetAddress from,
            String to,
            String subject,
            String body,
            boolean automatic,
            Instant date,
            Threading thread,
            List<OutgoingFile> attachments)
            throws MessagingException {
        MimeMessage message = new StableIdMessage(session, messageId);
        message.setFrom(from);
        // One parsed mailbox: a string here can never add a recipient or a header.
        message.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(to, true));
        message.setSubject(singleLine(subject), StandardCharsets.UTF_8.name());
        if (attachments.isEmpty()) {
            message.setText(body, StandardCharsets.UTF_8.name());
        } else {
            MimeMultipart mixed = new MimeMultipart("mixed");
            MimeBodyPart text = new MimeBodyPart();
            text.setText(body, StandardCharsets.UTF_8.name());
            mixed.addBodyPart(text);
            for (OutgoingFile a : attachments) {
                MimeBodyPart file = new MimeBodyPart();
                file.setDataHandler(new DataHandler(new ByteArrayDataSource(a.data(), mediaType(a.contentType()))));
                file.setFileName(encoded(a.filename()));
                file.setDisposition(MimeBodyPart.ATTACHMENT);
                // Always base64: a file that happens to look like text must not have its line ends rewritten on the
                // way.
                file.setHeader("Content-Transfer-Encoding", "base64");
                mixed.addBodyPart(file);
            }
            message.setContent(mixed);
        }
        if (thread.inReplyTo() != null) {
            message.setHeader("In-Reply-To", singleLine(thread.inReplyTo()));
        }
        if (thread.references() != null) {
            message.setHeader("References", singleLine(thread.references()));
        }
        message.setSentDate(Date.from(date));
        if (automatic) {
            // RFC 3834: made by Hearken, not written by a person, so that no auto-responder answers it and mail loops
            // end.
            message.setHeader("Auto-Submitted", "auto-generated");
            // Exchange and Outlook go by their own header: no out-of-office note or other automatic reply to this.
            message.setHeader("X-Auto-Response-Suppress", "OOF, AutoReply");
        }
        message.saveChanges();
        return message;
    }
}
