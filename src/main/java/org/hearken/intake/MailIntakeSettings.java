package org.hearken.intake;

import java.time.Duration;
import org.hearken.policy.FeedbackKind;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How e-mail becomes cases ({@code hearken.intake.mail.*}). New e-mail is logged as {@code defaultKind}: a question
 * unless configured otherwise, because an inbox receives thanks and enquiries as well as complaints.
 */
@ConfigurationProperties("hearken.intake.mail")
record MailIntakeSettings(@DefaultValue("10MB") DataSize maxAttachmentBytes,
                          @DefaultValue("PT30S") Duration pollInterval,
                          @DefaultValue("QUESTION") FeedbackKind defaultKind) {}
