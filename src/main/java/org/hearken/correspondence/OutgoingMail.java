package org.hearken.correspondence;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;

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

    static MimeMessage build(
            Session session,
            String messageId,
            InternetAddress from,
            String to,
            String subject,
            String body,
            String kind,
            Instant date)
            throws MessagingException {
        MimeMessage message = new StableIdMessage(session, messageId);
        message.setFrom(from);
        // One parsed mailbox: a string here can never add a recipient or a header.
        message.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(to, true));
        message.setSubject(singleLine(subject), StandardCharsets.UTF_8.name());
        message.setText(body, StandardCharsets.UTF_8.name());
        message.setSentDate(Date.from(date));
        if (TemplateKey.automatic(kind)) {
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
