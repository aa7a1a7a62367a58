package org.hearken.intake;

import java.time.Duration;
import org.hearken.policy.FeedbackKind;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How e-mail becomes cases ({@code hearken.intake.mail.*}). New e-mail is logged as {@code defaultKind}: a question
 * unless configured otherwise, because an inbox receives thanks and enquiries as well as complaints.
 *
 * @param idle           wait for new mail with IMAP IDLE where the server supports it, instead of only polling
 * @param idleBudget     how long one instance waits in IDLE on a mailbox before it lets the mailbox's lock go and takes
 *                       it again (the lock itself is a lease renewed while held, so the budget does not bound how long
 *                       a crashed instance keeps the mailbox)
 * @param messageBudget  how long reading one message may take; a message that takes longer is quarantined so that the
 *                       ones behind it go on (reading is linear in the size of the message: this is the safety net)
 * @param maxMessageSize the largest message fetched from a mailbox; a larger one is quarantined without being
 *                       downloaded, with what the server tells of it (sender, subject, size)
 */
@ConfigurationProperties("hearken.intake.mail")
record MailIntakeSettings(
        @DefaultValue("10MB") DataSize maxAttachmentBytes,
        @DefaultValue("PT30S") Duration pollInterval,
        @DefaultValue("QUESTION") FeedbackKind defaultKind,
        @DefaultValue("true") boolean idle,
        @DefaultValue("PT5M") Duration idleBudget,
        @DefaultValue("PT5S") Duration messageBudget,
        @DefaultValue("25MB") DataSize maxMessageSize) {

    static final Duration MIN_IDLE_BUDGET = Duration.ofSeconds(5);
    /** RFC 2177 asks clients to end an IDLE within 29 minutes; the budget stays well inside that. */
    static final Duration MAX_IDLE_BUDGET = Duration.ofMinutes(20);

    static final DataSize MAX_MESSAGE_SIZE = DataSize.ofMegabytes(200);

    MailIntakeSettings {
        if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException(
                    "hearken.intake.mail.poll-interval must be a positive duration, such as PT30S");
        }
        if (idleBudget == null
                || idleBudget.compareTo(MIN_IDLE_BUDGET) < 0
                || idleBudget.compareTo(MAX_IDLE_BUDGET) > 0) {
            throw new IllegalArgumentException("hearken.intake.mail.idle-budget must lie between " + MIN_IDLE_BUDGET
                    + " and " + MAX_IDLE_BUDGET + "; it was " + idleBudget);
        }
        if (messageBudget == null || messageBudget.isNegative() || messageBudget.isZero()) {
            throw new IllegalArgumentException(
                    "hearken.intake.mail.message-budget must be a positive duration, such as PT5S");
        }
        // A message is held in memory whole while it is stored and read, and the size column is an integer.
        if (maxMessageSize == null
                || maxMessageSize.toBytes() < 1024
                || maxMessageSize.toBytes() > MAX_MESSAGE_SIZE.toBytes()) {
            throw new IllegalArgumentException("hearken.intake.mail.max-message-size must lie between 1KB and "
                    + MAX_MESSAGE_SIZE + "; it was " + maxMessageSize);
        }
    }
}
